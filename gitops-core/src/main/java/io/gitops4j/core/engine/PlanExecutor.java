package io.gitops4j.core.engine;

import io.gitops4j.api.DryRun;
import io.gitops4j.api.ObjectReport;
import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.ReconcileFailure.Phase;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.Change;
import io.gitops4j.api.plan.HookPhase;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.target.Inventory;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.core.plan.Planned;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a plan: when the Application asks for it, first has the server dry-run every object to create or update
 * ({@link PlanDryRun}; a refusal ends the pass before anything is written), then runs the PreSync hooks ({@link
 * HookRunner}; one that fails stops the pass before anything else is written), records every object it is about to
 * create in the inventory (write-ahead intent, EN-01), applies wave by wave and stage by stage ({@link
 * ApplyStages}), prunes ({@link Pruner}), and — when nothing failed and the plan has
 * PostSync hooks — waits until every object is healthy ({@link HealthGate}) and runs them; then it records what it
 * did in the inventory ({@link InventoryWrites}). Applying and pruning each run within their phase timeout ({@link
 * PassControl}); a pass stopped at a safe point (the reconciler closing, a phase run out) still records what it
 * wrote. A failure on one object is that object's report and the rest of its wave proceeds; a stage or wave that
 * does not become ready stops the later ones and the prunes; an inventory that cannot be written before the applies
 * stops everything (nothing is written without intent), after them it fails the pass with the objects' reports
 * intact. Stateless.
 */
final class PlanExecutor {
    /**
     * One report per planned change (plan order), the objects as last seen, why the pass failed, if it did, and what
     * the server dry-ran.
     */
    record Executed(List<ObjectReport> reports, Map<ObjectId, LiveObject> objects,
            Optional<ReconcileFailure> failure, DryRun dryRun) {}

    private PlanExecutor() {}

    static Executed execute(Planned planned, InventoryWrites.Loaded loaded, InventoryWrites inventory,
            PassContext pass, Map<String, Duration> phases) {
        Plan plan = planned.plan();
        Optional<ReconcileFailure> lost = pass.lostLease();
        if (lost.isPresent()) {
            return new Executed(reports(plan, Map.of(), "not written: " + lost.get().message()), Map.of(), lost,
                    DryRun.NONE);
        }
        PassControl control = pass.control();
        Map<Change, Written> written = new LinkedHashMap<>();
        PlanDryRun dryRun = PlanDryRun.of(plan, pass);
        PlanDryRun.Checked checked = dryRun.checksBeforeWrites()
                ? Phases.timed(phases, "dry-run", () -> dryRun.beforeWrites(plan, pass)) : PlanDryRun.Checked.PASSED;
        if (checked.failure().isPresent()) {
            written.putAll(checked.rejected());
            return new Executed(reports(plan, written, "not written: the dry run refused " + checked.rejected().size()
                    + " object(s)"), Map.of(), checked.failure(), dryRun.counts());
        }
        HookRunner.Ran pre = HookRunner.has(HookPhase.PRE_SYNC, plan)
                ? Phases.timed(phases, "hooks", () -> HookRunner.run(HookPhase.PRE_SYNC, plan, pass))
                : HookRunner.Ran.NONE;
        written.putAll(pre.written());
        Optional<ReconcileFailure> before = pre.failure().or(pass::lostLease)
                .or(() -> control.checkpoint(Phase.INVENTORY));
        if (before.isPresent()) {
            return new Executed(reports(plan, written, "not applied: " + before.get().message()), Map.of(), before,
                    dryRun.counts());
        }
        InventoryWrites.Loaded stored;
        try {
            stored = Phases.timed(phases, "inventory", () -> inventory.write(loaded, intent(planned)));
        } catch (PassFailedException e) {
            return new Executed(reports(plan, written, "not written: " + e.getMessage()), Map.of(),
                    Optional.of(e.failure()), dryRun.counts());
        }
        ApplyStages.Applied applied = Phases.timed(phases, "apply", () -> control.within(Phase.APPLY,
                () -> ApplyStages.apply(planned, pass, dryRun)));
        Optional<ReconcileFailure> stopped = applied.stopped().or(control::ranOut);   // the last stage ran out
        written.putAll(applied.written());
        Pruner.Pruned pruned = Phases.timed(phases, "prune", () -> control.within(Phase.PRUNE,
                () -> Pruner.prune(planned, pass, stopped.map(f -> "not pruned: " + f.message()))));
        written.putAll(pruned.written());
        Optional<ReconcileFailure> failure = stopped.or(pruned::stopped).or(control::ranOut).or(pass::lostLease)
                .or(() -> PassFailures.ofObjects(reports(plan, written, "")));
        failure = failure.or(() -> postSync(plan, pass, written, phases));
        HookRunner.notRun(HookPhase.POST_SYNC, plan, "not run: the sync failed").forEach(written::putIfAbsent);

        List<ObjectReport> reports = reports(plan, written, "");
        Map<ObjectId, LiveObject> objects = new HashMap<>();
        for (Change c : plan.changes().changes()) {
            written.get(c).object().filter(o -> !c.isHook()).ifPresent(o -> objects.put(c.key().id(), o));
        }
        lost = pass.lostLease();
        failure = failure.or(pass::lostLease);
        if (lost.isPresent()) {
            return new Executed(reports, objects, failure, dryRun.counts());  // the intent stays; the next owner goes on
        }
        try {
            Phases.timed(phases, "inventory", () -> inventory.write(stored, outcome(planned, written)));
        } catch (PassFailedException e) {
            failure = failure.or(() -> Optional.of(e.failure()));
        }
        return new Executed(reports, objects, failure, dryRun.counts());
    }

    /**
     * After a sync that did not fail, when the plan has PostSync hooks: waits until every desired object is healthy
     * ({@link HealthGate}), then runs them.
     *
     * @return why the PostSync phase failed; empty when it succeeded or there was none
     */
    private static Optional<ReconcileFailure> postSync(Plan plan, PassContext pass, Map<Change, Written> written,
            Map<String, Duration> phases) {
        if (!HookRunner.has(HookPhase.POST_SYNC, plan)) {
            return Optional.empty();
        }
        List<Change> desired = plan.changes().changes().stream()
                .filter(c -> !c.isHook() && plan.desired().contains(c.key().id())).toList();
        Optional<ReconcileFailure> unhealthy = Phases.timed(phases, "health", () -> HealthGate.await(
                ApplyWaves.healthy(desired, written), pass, "the PostSync hooks were not run")).or(pass::lostLease)
                .or(() -> pass.control().checkpoint(Phase.HOOK));
        if (unhealthy.isPresent()) {
            written.putAll(HookRunner.notRun(HookPhase.POST_SYNC, plan, "not run: " + unhealthy.get().message()));
            return unhealthy;
        }
        HookRunner.Ran post = Phases.timed(phases, "hooks", () -> HookRunner.run(HookPhase.POST_SYNC, plan, pass));
        written.putAll(post.written());
        return post.failure();
    }

    /** One report per planned change, in plan order; a change nothing wrote is reported not written for {@code why}. */
    private static List<ObjectReport> reports(Plan plan, Map<Change, Written> written, String why) {
        List<ObjectReport> out = new ArrayList<>();
        for (Change c : plan.changes().changes()) {
            Written w = written.get(c);
            out.add(w != null ? w.report() : Reports.notWritten(c, c.isHook() ? why.replaceFirst("^not (applied|"
                    + "written)", "not run") : why));
        }
        return out;
    }

    /**
     * @return true when the inventory as read does not say what the plan saw: an entry still intent (no UID) for an
     *     object that exists, a UID that changed, an entry for an object gone — what a pass that stopped before its
     *     final inventory write leaves (EN-01). A pass with nothing else to write still writes the inventory then.
     */
    static boolean tidies(Planned planned, InventoryWrites.Loaded loaded) {
        Inventory read = loaded.inventory();
        return !intent(planned).applyTo(read).equals(read);
    }

    /** Before any write: what will be created or updated (intent), what is in sync, and what is gone. */
    private static InventoryWrites.Delta intent(Planned planned) {
        Plan plan = planned.plan();
        Map<ObjectId, String> put = new HashMap<>();
        for (Change c : plan.changes().changes()) {
            ObjectId id = c.key().id();
            if (!plan.desired().contains(id) || planned.unrecorded().contains(id) || c.isHook()
                    || GeneratedCreates.isCreate(c, plan)) {
                continue;   // a hook is never recorded; an object the server names is recorded once it has its name
            }
            if (c.action() == Action.CREATE || c.action() == Action.UPDATE) {
                put.put(id, "");
            } else if (c.action() == Action.UNCHANGED) {
                put.put(id, plan.live().get(id).uid());
            }
        }
        Set<ObjectId> remove = new HashSet<>(planned.unrecorded());
        for (ObjectId id : planned.inventory().entries().keySet()) {
            if (!plan.desired().contains(id) && !plan.live().containsKey(id) && !planned.unserved().contains(id)) {
                remove.add(id);
            }
        }
        return new InventoryWrites.Delta(put, remove);
    }

    /** After the writes: the UID of every object applied, without what was deleted, gone or is no longer ours. */
    private static InventoryWrites.Delta outcome(Planned planned, Map<Change, Written> written) {
        Map<ObjectId, String> put = new HashMap<>();
        Set<ObjectId> remove = new HashSet<>(planned.disowned());
        written.forEach((c, w) -> {
            ObjectId id = c.key().id();
            ObjectOutcome outcome = w.report().outcome();
            if (c.isHook()) {
                return;   // hooks' objects are never owned: never recorded, never pruned
            }
            if (planned.plan().desired().contains(id)) {
                boolean applied = outcome == ObjectOutcome.CREATED || outcome == ObjectOutcome.CONFIGURED
                        || outcome == ObjectOutcome.UNCHANGED || outcome == ObjectOutcome.RECREATED;
                if (applied && !planned.unrecorded().contains(id) && w.object().isPresent()) {
                    put.put(w.object().get().key().id(), w.object().get().uid());   // by the name the server gave
                }
            } else if (outcome == ObjectOutcome.DELETED || w.forget()) {
                remove.add(id);
            }
        });
        return new InventoryWrites.Delta(put, remove);
    }
}
