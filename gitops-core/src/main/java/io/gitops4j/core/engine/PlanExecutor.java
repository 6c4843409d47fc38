package io.gitops4j.core.engine;

import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.Change;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.DeleteOptions;
import io.gitops4j.api.target.Inventory;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.Target;
import io.gitops4j.api.target.TargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Writes a plan: records every key it is about to create in the inventory first (write-ahead intent, EN-01), then
 * applies by stage, then prunes with a UID precondition (PR-05), then stores the final inventory. A failure on
 * one object is recorded on its change and the rest proceeds; an object whose apply is refused for an immutable
 * field is deleted and re-created when its manifest opts in (DA-05, {@link Recreation}); a failed prune keeps its
 * inventory entry so the next reconcile retries it (PR-07). Stateless.
 */
final class PlanExecutor {
    /** The changes as executed and how many of them failed. */
    record Executed(List<Change> changes, int failures) {}

    private PlanExecutor() {}

    static Executed execute(Plan plan, Inventory before, Target target, ApplyOptions options) {
        TreeMap<ObjectId, String> owned = new TreeMap<>(before.entries());
        owned.keySet().removeIf(k -> !plan.desired().contains(k) && !plan.live().containsKey(k));
        plan.changes().changes().stream().filter(c -> c.action() == Action.CREATE || c.action() == Action.UPDATE)
                .forEach(c -> owned.putIfAbsent(c.key().id(), ""));
        Inventory intent = new Inventory(before.application(), owned);
        if (!intent.equals(before)) {
            target.writeInventory(intent);
        }

        List<Change> executed = new ArrayList<>();
        int failures = 0;
        for (Change c : plan.changes().changes()) {
            switch (c.action()) {
                case CREATE:
                case UPDATE:
                    Manifest desired = plan.desired().get(c.key().id()).orElseThrow();
                    try {
                        LiveObject result = target.apply(desired, options);
                        owned.put(c.key().id(), result.uid());
                        executed.add(c);
                    } catch (TargetException e) {
                        Change done = afterRefusal(c, e, plan.live().get(c.key().id()), desired, target, options,
                                owned);
                        if (done.reason().startsWith("failed: ")) {
                            failures++;
                        }
                        executed.add(done);
                    }
                    break;
                case UNCHANGED:
                    LiveObject live = plan.live().get(c.key().id());
                    owned.put(c.key().id(), live == null ? "" : live.uid());
                    executed.add(c);
                    break;
                case PRUNE:
                    LiveObject current = plan.live().get(c.key().id());
                    String uid = owned.getOrDefault(c.key().id(), "");
                    try {
                        target.delete(c.key(), DeleteOptions.ifUid(uid.isEmpty() ? current.uid() : uid));
                        owned.remove(c.key().id());
                        executed.add(c);
                    } catch (TargetException e) {
                        if (e.reason() == TargetException.Reason.STALE || e.reason() == TargetException.Reason.NOT_FOUND) {
                            owned.remove(c.key().id());
                            executed.add(new Change(c.key(), Action.SKIP, "ownership changed: " + e.getMessage(),
                                    List.of(), c.stage()));
                        } else {
                            failures++;
                            executed.add(failed(c, e));
                        }
                    }
                    break;
                default:
                    executed.add(c);
            }
        }
        Inventory after = new Inventory(before.application(), owned);
        if (!after.equals(intent)) {
            target.writeInventory(after);
        }
        return new Executed(executed, failures);
    }

    /**
     * DA-05: a refused apply that changes an immutable field is re-created when the manifest opts in
     * ({@link Recreation}); otherwise, and for any other refusal, the change fails with the target's message (and,
     * for an immutable field, how to opt in).
     */
    private static Change afterRefusal(Change c, TargetException e, LiveObject live, Manifest desired,
                                       Target target, ApplyOptions options, TreeMap<ObjectId, String> owned) {
        if (live == null || options.dryRun() || !Recreation.isImmutableChange(e)) {
            return failed(c, e);
        }
        var refusal = Recreation.refusal(c.key(), desired);
        if (refusal.isPresent()) {
            return new Change(c.key(), c.action(), "failed: " + e.getMessage() + " (" + refusal.get() + ")",
                    c.diff(), c.stage());
        }
        try {
            LiveObject created = Recreation.recreate(target, live, desired, options);
            owned.put(c.key().id(), created.uid());
            return new Change(c.key(), c.action(), "re-created: " + e.getMessage(), c.diff(), c.stage());
        } catch (TargetException again) {
            return failed(c, again);
        }
    }

    private static Change failed(Change c, TargetException e) {
        return new Change(c.key(), c.action(), "failed: " + e.getMessage(), c.diff(), c.stage());
    }
}
