package io.gitops4j.core.engine;

import io.gitops4j.api.ObjectReport;
import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.ReconcileFailure.Phase;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.Change;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.target.ApplyRequest;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.Precondition;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.core.plan.Planned;
import io.gitops4j.core.plan.Tracking;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Applies the desired side of a plan, wave by wave ({@link ApplyWaves}), and each wave stage by stage (DA-07): each
 * stage's creates and updates go to the target in one {@code applyAll} (objects the server names, in one {@code
 * createAll}: {@link GeneratedCreates}; transient failures retried within the pass's budget), and after a stage
 * that holds CRDs or Namespaces the pass waits for them to be Established and Active ({@link StageWaits}) before the next. Updates carry
 * the UID the plan saw as a precondition, and an adoption (an unlabelled object) also its resourceVersion, so the
 * object taken over is exactly the one the plan showed; the resourceVersion is not required of objects already ours,
 * because controllers' status writes move it all the time and field ownership already guards their fields (DA-01).
 * A pass that applies a reviewed plan ({@link PassContext#exact()}) requires the resourceVersion of every object it
 * updates. An update refused with reason IMMUTABLE goes to {@link Recreation} (DA-05). Unchanged and skipped objects
 * are not sent. When a wait fails, later stages are not applied; so are they when the dry run of objects deferred to
 * a stage ({@link PlanDryRun#beforeStage}) refuses one, that stage included. Stateless.
 */
final class ApplyStages {
    /** What was applied, and the failure that stopped the stages early, if any. */
    record Applied(Map<Change, Written> written, Optional<ReconcileFailure> stopped) {}

    private ApplyStages() {}

    /**
     * Applies the desired side of a plan, wave by wave ({@link ApplyWaves}); {@code dryRun} checks the objects it
     * could not check before the first write just before their stage.
     */
    static Applied apply(Planned planned, PassContext pass, PlanDryRun dryRun) {
        return ApplyWaves.apply(planned.plan(), pass, dryRun);
    }

    /**
     * Applies the changes of one sync wave, stage by stage. Before a stage holding objects {@code dryRun} deferred to
     * it, they are dry-run; a refusal stops the stages there, that stage included (DA-06).
     */
    static Applied applyWave(List<Change> wave, Plan plan, PassContext pass, PlanDryRun dryRun) {
        TreeMap<Integer, List<Change>> stages = new TreeMap<>();
        wave.forEach(c -> stages.computeIfAbsent(c.stage(), s -> new ArrayList<>()).add(c));
        Map<Change, Written> written = new LinkedHashMap<>();
        Optional<ReconcileFailure> stopped = Optional.empty();
        for (List<Change> stage : stages.values()) {
            if (stopped.isEmpty()) {
                stopped = pass.control().checkpoint(Phase.APPLY);   // a safe point: between stages
            }
            if (stopped.isEmpty() && stage.stream().anyMatch(ApplyStages::writes)) {
                stopped = pass.lostLease();
            }
            if (stopped.isEmpty()) {
                PlanDryRun.Checked checked = dryRun.beforeStage(stage, plan, pass);
                written.putAll(checked.rejected());
                stopped = checked.failure();
            }
            if (stopped.isPresent()) {
                String why = "not applied: " + stopped.get().message();
                stage.forEach(c -> written.putIfAbsent(c, Written.of(Reports.notWritten(c, why),
                        Optional.ofNullable(plan.live().get(c.key().id())))));
                continue;
            }
            written.putAll(applyStage(stage, plan, pass));
            List<LiveObject> gates = new ArrayList<>();
            for (Change c : stage) {
                Written w = written.get(c);
                ObjectOutcome outcome = w.report().outcome();
                boolean wait = StageWaits.needsWait(c.key().groupKind()) && outcome != ObjectOutcome.FAILED
                        && outcome != ObjectOutcome.SKIPPED;
                if (wait && (outcome != ObjectOutcome.UNCHANGED || !w.object().map(StageWaits::ready).orElse(true))) {
                    w.object().ifPresent(gates::add);
                }
            }
            if (!gates.isEmpty()) {
                stopped = StageWaits.await(gates, pass.view(), pass.control());
            }
        }
        return new Applied(written, stopped);
    }

    private static Map<Change, Written> applyStage(List<Change> stage, Plan plan, PassContext pass) {
        Map<Change, Written> out = new LinkedHashMap<>();
        List<Change> sent = new ArrayList<>();
        List<ApplyRequest> requests = new ArrayList<>();
        List<Change> created = new ArrayList<>();
        for (Change c : stage) {
            Optional<LiveObject> live = Optional.ofNullable(plan.live().get(c.key().id()));
            if (GeneratedCreates.isCreate(c, plan)) {
                created.add(c);
            } else if (c.action() == Action.CREATE || c.action() == Action.UPDATE) {
                sent.add(c);
                requests.add(request(c, plan, pass.exact()));
            } else {
                out.put(c, Written.of(Reports.notWritten(c, ""), live));
            }
        }
        out.putAll(GeneratedCreates.create(created, plan, pass));
        if (requests.isEmpty()) {
            return out;
        }
        List<ObjectResult> results = pass.control().batch(Phase.APPLY,
                requests.stream().map(ApplyRequest::key).toList(), () -> pass.retry().batch(requests,
                        ApplyRequest::key, r -> pass.target().applyAll(r, pass.options(), pass.context())));
        for (int i = 0; i < sent.size(); i++) {
            Change c = sent.get(i);
            out.put(c, written(c, results.get(i), plan, pass));
            PassEvents.written(c, out.get(c).report().outcome());
        }
        return out;
    }

    private static Written written(Change c, ObjectResult result, Plan plan, PassContext pass) {
        LiveObject live = plan.live().get(c.key().id());
        if (!result.isFailed()) {
            ObjectOutcome outcome = result.outcome();
            return Written.of(ObjectReport.of(c, outcome, result.message()),
                    result.object().or(() -> Optional.ofNullable(live)));
        }
        var failure = result.failure().orElseThrow();
        if (failure.reason() == TargetException.Reason.IMMUTABLE && live != null && !pass.options().dryRun()) {
            Recreation.Done done = Recreation.afterRefusal(c, failure, live, desired(plan, c), pass);
            return Written.of(done.report(), done.object().or(() -> Optional.of(live)));
        }
        return Written.of(ObjectReport.failed(c, failure), Optional.ofNullable(live));
    }

    private static boolean writes(Change c) {
        return c.action() == Action.CREATE || c.action() == Action.UPDATE;
    }

    /**
     * @param exact the pass applies a reviewed plan
     * @return the apply of {@code c}'s object as the pass sends it: the desired object with its precondition
     */
    static ApplyRequest request(Change c, Plan plan, boolean exact) {
        return new ApplyRequest(desired(plan, c), expected(c, Optional.ofNullable(plan.live().get(c.key().id())),
                exact));
    }

    private static Manifest desired(Plan plan, Change c) {
        return plan.desired().get(c.key().id()).orElseThrow();
    }

    /** @param exact the pass applies a reviewed plan: the resourceVersion the plan saw is required too */
    private static Precondition expected(Change c, Optional<LiveObject> live, boolean exact) {
        if (c.action() != Action.UPDATE || live.isEmpty()) {
            return Precondition.none();
        }
        return Tracking.owner(live.get()).isPresent() && !exact ? Precondition.uid(live.get().uid())
                : Precondition.of(live.get());
    }
}
