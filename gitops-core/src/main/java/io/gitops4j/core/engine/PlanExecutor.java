package io.gitops4j.core.engine;

import io.gitops4j.api.ObjectReport;
import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.ReconcileFailure.Phase;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.Change;
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
 * Writes a plan: records every object it is about to create in the inventory first (write-ahead intent, EN-01),
 * applies stage by stage ({@link ApplyStages}), prunes ({@link Pruner}), then records what it did in the inventory
 * ({@link InventoryWrites}). Applying and pruning each run within their phase timeout ({@link PassControl}); a pass
 * stopped at a safe point (the reconciler closing, a phase run out) still records what it wrote. A failure on one object is that object's report and the rest proceeds; a stage that
 * does not become ready stops the later stages and the prunes; an inventory that cannot be written before the
 * applies stops everything (nothing is written without intent), after them it fails the pass with the objects'
 * reports intact. Stateless.
 */
final class PlanExecutor {
    /** One report per planned change (plan order), the objects as last seen, and why the pass failed, if it did. */
    record Executed(List<ObjectReport> reports, Map<ObjectId, LiveObject> objects,
            Optional<ReconcileFailure> failure) {}

    private PlanExecutor() {}

    static Executed execute(Planned planned, InventoryWrites.Loaded loaded, InventoryWrites inventory,
            PassContext pass, Map<String, Duration> phases) {
        Plan plan = planned.plan();
        Optional<ReconcileFailure> lost = pass.lostLease();
        if (lost.isPresent()) {
            return new Executed(Reports.notWritten(plan, "not written: " + lost.get().message()), Map.of(), lost);
        }
        InventoryWrites.Loaded stored;
        try {
            stored = Phases.timed(phases, "inventory", () -> inventory.write(loaded, intent(planned)));
        } catch (PassFailedException e) {
            return new Executed(Reports.notWritten(plan, "not written: " + e.getMessage()), Map.of(),
                    Optional.of(e.failure()));
        }
        PassControl control = pass.control();
        ApplyStages.Applied applied = Phases.timed(phases, "apply", () -> control.within(Phase.APPLY,
                () -> ApplyStages.apply(planned, pass)));
        Optional<ReconcileFailure> stopped = applied.stopped().or(control::ranOut);   // the last stage ran out
        Map<Change, Written> written = new LinkedHashMap<>(applied.written());
        Pruner.Pruned pruned = Phases.timed(phases, "prune", () -> control.within(Phase.PRUNE,
                () -> Pruner.prune(planned, pass, stopped.map(f -> "not pruned: " + f.message()))));
        written.putAll(pruned.written());

        List<ObjectReport> reports = new ArrayList<>();
        Map<ObjectId, LiveObject> objects = new HashMap<>();
        for (Change c : plan.changes().changes()) {
            Written w = written.get(c);
            reports.add(w.report());
            w.object().ifPresent(o -> objects.put(c.key().id(), o));
        }
        lost = pass.lostLease();
        Optional<ReconcileFailure> failure = stopped.or(pruned::stopped).or(control::ranOut).or(() -> pass.lostLease())
                .or(() -> PassFailures.ofObjects(reports));
        if (lost.isPresent()) {
            return new Executed(reports, objects, failure);  // the intent recorded stays; the next owner goes on
        }
        try {
            Phases.timed(phases, "inventory", () -> inventory.write(stored, outcome(planned, written)));
        } catch (PassFailedException e) {
            failure = failure.or(() -> Optional.of(e.failure()));
        }
        return new Executed(reports, objects, failure);
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
            if (!plan.desired().contains(id) || planned.unrecorded().contains(id)) {
                continue;
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
            if (planned.plan().desired().contains(id)) {
                boolean applied = outcome == ObjectOutcome.CREATED || outcome == ObjectOutcome.CONFIGURED
                        || outcome == ObjectOutcome.UNCHANGED || outcome == ObjectOutcome.RECREATED;
                if (applied && !planned.unrecorded().contains(id) && w.object().isPresent()) {
                    put.put(id, w.object().get().uid());
                }
            } else if (outcome == ObjectOutcome.DELETED || w.forget()) {
                remove.add(id);
            }
        });
        return new InventoryWrites.Delta(put, remove);
    }
}
