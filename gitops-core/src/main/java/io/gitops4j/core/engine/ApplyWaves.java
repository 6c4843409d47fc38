package io.gitops4j.core.engine;

import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.Change;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ObjectOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Applies the desired side of a plan wave by wave ({@code gitops4j.io/sync-wave}, lower first), each wave stage by
 * stage ({@link ApplyStages#applyWave}). Before a wave that writes anything, every object of the earlier waves must
 * be healthy ({@link HealthGate}); when one becomes DEGRADED, or is still not healthy at the deadline, that wave and
 * the later ones are not applied and the pass fails naming it. A wave in which an object failed to apply is not
 * followed either: the later waves are reported not applied, and the pass fails with the object's failure. A plan
 * in one wave (no wave annotations) waits for nothing: it is applied as before waves existed. Hook changes are not
 * applied here ({@link HookRunner}). Stateless.
 */
final class ApplyWaves {
    private ApplyWaves() {}

    /** @param dryRun the pass's dry run, which checks the objects deferred to their stage just before it */
    static ApplyStages.Applied apply(Plan plan, PassContext pass, PlanDryRun dryRun) {
        TreeMap<Integer, List<Change>> waves = new TreeMap<>();
        for (Change c : plan.changes().changes()) {
            if (!c.isHook() && plan.desired().contains(c.key().id())) {
                waves.computeIfAbsent(c.wave(), w -> new ArrayList<>()).add(c);
            }
        }
        Map<Change, Written> written = new LinkedHashMap<>();
        Optional<ReconcileFailure> stopped = Optional.empty();
        String notApplied = "";
        List<Change> earlier = new ArrayList<>();
        for (Map.Entry<Integer, List<Change>> wave : waves.entrySet()) {
            List<Change> changes = wave.getValue();
            if (stopped.isEmpty() && notApplied.isEmpty() && !earlier.isEmpty()
                    && changes.stream().anyMatch(Change::isWrite)) {
                stopped = HealthGate.await(healthy(earlier, written), pass, "wave " + wave.getKey()
                        + " and later waves were not applied");
            }
            if (stopped.isPresent() || !notApplied.isEmpty()) {
                String why = "not applied: " + stopped.map(ReconcileFailure::message).orElse(notApplied);
                changes.forEach(c -> written.put(c, Written.of(Reports.notWritten(c, why),
                        Optional.ofNullable(plan.live().get(c.key().id())))));
                continue;
            }
            ApplyStages.Applied applied = ApplyStages.applyWave(changes, plan, pass, dryRun);
            written.putAll(applied.written());
            stopped = applied.stopped();
            long failed = changes.stream().filter(c -> written.get(c).report().outcome() == ObjectOutcome.FAILED)
                    .count();
            if (failed > 0) {
                notApplied = "wave " + wave.getKey() + " did not complete (" + failed + " object(s) failed)";
            }
            earlier.addAll(changes);
        }
        return new ApplyStages.Applied(written, stopped);
    }

    /** The objects of {@code changes} that must be healthy: ours and there (not left alone, not failed). */
    static List<ResourceKey> healthy(List<Change> changes, Map<Change, Written> written) {
        List<ResourceKey> out = new ArrayList<>();
        for (Change c : changes) {
            Written w = written.get(c);
            ObjectOutcome outcome = w.report().outcome();
            if (c.action() != Action.SKIP && outcome != ObjectOutcome.FAILED && outcome != ObjectOutcome.SKIPPED) {
                w.object().ifPresent(o -> out.add(o.key()));
            }
        }
        return out;
    }
}
