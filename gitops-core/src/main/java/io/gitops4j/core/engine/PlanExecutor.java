package io.gitops4j.core.engine;

import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.Change;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ResourceKey;
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
 * one object is recorded on its change and the rest proceeds; a failed prune keeps its inventory entry so the next
 * reconcile retries it (PR-07). Stateless.
 */
final class PlanExecutor {
    /** The changes as executed and how many of them failed. */
    record Executed(List<Change> changes, int failures) {}

    private PlanExecutor() {}

    static Executed execute(Plan plan, Inventory before, Target target, ApplyOptions options) {
        TreeMap<ResourceKey, String> owned = new TreeMap<>(before.entries());
        owned.keySet().removeIf(k -> !plan.desired().contains(k) && !plan.live().containsKey(k));
        plan.changes().changes().stream().filter(c -> c.action() == Action.CREATE || c.action() == Action.UPDATE)
                .forEach(c -> owned.putIfAbsent(c.key(), ""));
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
                    Manifest desired = plan.desired().get(c.key()).orElseThrow();
                    try {
                        LiveObject result = target.apply(desired, options);
                        owned.put(c.key(), result.uid());
                        executed.add(c);
                    } catch (TargetException e) {
                        failures++;
                        executed.add(failed(c, e));
                    }
                    break;
                case UNCHANGED:
                    LiveObject live = plan.live().get(c.key());
                    owned.put(c.key(), live == null ? "" : live.uid());
                    executed.add(c);
                    break;
                case PRUNE:
                    LiveObject current = plan.live().get(c.key());
                    String uid = owned.getOrDefault(c.key(), "");
                    try {
                        target.delete(c.key(), DeleteOptions.ifUid(uid.isEmpty() ? current.uid() : uid));
                        owned.remove(c.key());
                        executed.add(c);
                    } catch (TargetException e) {
                        if (e.reason() == TargetException.Reason.STALE || e.reason() == TargetException.Reason.NOT_FOUND) {
                            owned.remove(c.key());
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

    private static Change failed(Change c, TargetException e) {
        return new Change(c.key(), c.action(), "failed: " + e.getMessage(), c.diff(), c.stage());
    }
}
