package io.gitops4j.core.engine;

import io.gitops4j.api.ObjectReport;
import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.ReconcileFailure.Phase;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.Change;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.target.DeleteOptions;
import io.gitops4j.api.target.DeleteRequest;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.Precondition;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.WriteFailure;
import io.gitops4j.core.plan.Planned;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deletes what left the desired state, stage by stage in the plan's (reverse) order — custom resources first,
 * Namespaces and CRDs last (PR-08) — one {@code deleteAll} per stage. Every delete carries the UID the inventory
 * recorded (or, for an entry still intent, the one the plan saw) as a precondition (PR-05): a delete refused for it,
 * or finding the object gone, is not a failure but "ownership changed" or "already gone", and the inventory drops
 * the entry. Any other failure keeps the entry, so the next pass retries it (PR-07). Applying a reviewed plan, a
 * delete also requires the resourceVersion the plan saw. Before each stage is a safe point: when the reconciler is
 * closing or a phase ran out of time, that stage and the later ones are not deleted. Stateless.
 */
final class Pruner {
    /** What was deleted, and the failure that stopped the prunes early, if any. */
    record Pruned(Map<Change, Written> written, Optional<ReconcileFailure> stopped) {}

    private Pruner() {}

    /** @param skipWhy when present, nothing is deleted and each prune is reported SKIPPED for this reason */
    static Pruned prune(Planned planned, PassContext pass, Optional<String> skipWhy) {
        Plan plan = planned.plan();
        Map<Change, Written> out = new LinkedHashMap<>();
        List<List<Change>> stages = new ArrayList<>();
        Integer stage = null;
        for (Change c : plan.changes().changes()) {
            if (plan.desired().contains(c.key().id()) || c.isHook()) {
                continue;
            }
            Optional<LiveObject> live = Optional.ofNullable(plan.live().get(c.key().id()));
            if (c.action() != Action.PRUNE || skipWhy.isPresent()) {
                out.put(c, Written.of(Reports.notWritten(c, skipWhy.orElse("")), live));
                continue;
            }
            if (stage == null || stage != c.stage()) {
                stages.add(new ArrayList<>());
                stage = c.stage();
            }
            stages.get(stages.size() - 1).add(c);
        }
        Optional<ReconcileFailure> stopped = Optional.empty();
        for (List<Change> batch : stages) {
            if (stopped.isEmpty()) {
                stopped = pass.control().checkpoint(Phase.PRUNE);   // a safe point: between stages
            }
            Optional<String> lost = pass.fence().lost();
            if (stopped.isPresent() || lost.isPresent()) {
                String why = "not pruned: " + stopped.map(ReconcileFailure::message).orElseGet(lost::get);
                batch.forEach(c -> out.put(c, Written.of(Reports.notWritten(c, why),
                        Optional.ofNullable(plan.live().get(c.key().id())))));
                continue;
            }
            List<DeleteRequest> requests = new ArrayList<>();
            batch.forEach(c -> requests.add(new DeleteRequest(c.key(), expected(planned, c, pass.exact()))));
            List<ObjectResult> results = pass.control().batch(Phase.PRUNE,
                    requests.stream().map(DeleteRequest::key).toList(), () -> pass.retry().batch(requests,
                            DeleteRequest::key, d -> pass.target().deleteAll(d, DeleteOptions.defaults(),
                                    pass.context())));
            for (int i = 0; i < batch.size(); i++) {
                out.put(batch.get(i), written(batch.get(i), results.get(i), plan, pass.exact()));
                PassEvents.written(batch.get(i), out.get(batch.get(i)).report().outcome());
            }
        }
        return new Pruned(out, stopped);
    }

    /**
     * @param exact the delete required the resourceVersion too: STALE may then mean "changed", not "no longer ours",
     *     so it is a failure and the inventory keeps the entry (the next pass judges ownership again)
     */
    private static Written written(Change c, ObjectResult result, Plan plan, boolean exact) {
        Optional<LiveObject> live = Optional.ofNullable(plan.live().get(c.key().id()));
        switch (result.outcome()) {
            case DELETED:
                return Written.of(ObjectReport.of(c, ObjectOutcome.DELETED, result.message()), Optional.empty());
            case FAILED:
                WriteFailure failure = result.failure().orElseThrow();
                if (exact && failure.reason() == TargetException.Reason.STALE) {
                    return Written.of(ObjectReport.failed(c, failure), live);
                }
                if (failure.reason() == TargetException.Reason.STALE
                        || failure.reason() == TargetException.Reason.NOT_FOUND) {
                    return new Written(ObjectReport.of(c, ObjectOutcome.SKIPPED, "ownership changed: "
                            + failure.message()), live, true);
                }
                return Written.of(ObjectReport.failed(c, failure), live);
            default:
                return new Written(ObjectReport.of(c, ObjectOutcome.SKIPPED, result.message().isEmpty()
                        ? "already gone" : result.message()), Optional.empty(), true);
        }
    }

    /** The recorded UID; applying a reviewed plan ({@code exact}) also the resourceVersion the plan saw. */
    private static Precondition expected(Planned planned, Change c, boolean exact) {
        Precondition uid = Precondition.uid(uid(planned, c));
        LiveObject seen = planned.plan().live().get(c.key().id());
        return exact && seen != null ? new Precondition(uid.uid(), seen.resourceVersion()) : uid;
    }

    private static String uid(Planned planned, Change c) {
        ObjectId id = c.key().id();
        String recorded = planned.inventory().entries().getOrDefault(id, "");
        return recorded.isEmpty() ? planned.plan().live().get(id).uid() : recorded;
    }
}
