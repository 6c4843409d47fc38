package io.gitops4j.core.engine;

import io.gitops4j.api.Application;
import io.gitops4j.api.GitOpsException;
import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Trigger;
import io.gitops4j.api.plan.ApplyPlanOptions;
import io.gitops4j.api.plan.ApplyPlanOptions.OnStale;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.plan.StalePlanException;
import io.gitops4j.api.source.Ref;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.coordination.Fence;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pass that applies a reviewed plan ({@code Reconciler.apply}): resolves the plan's ref again, plans the same
 * revision again against the cluster as it is now (with the plan's held prunes confirmed) and compares ({@link
 * PlanStaleness}); a plan still current is written exactly — through the pass's executor, every update and delete
 * conditional on the UID and resourceVersion the plan saw. A stale plan is refused ({@link StalePlanException},
 * nothing written) or, with {@link OnStale#REPLAN}, replaced by the plan of its ref as it resolves now, which keeps
 * the confirmation of held prunes only when it prunes nothing the reviewed plan did not show. A failure to resolve,
 * read or render is a FAILED result, as in any pass. Stateless; the caller serializes passes per Application.
 */
final class PlanApply {
    private static final Logger LOG = LoggerFactory.getLogger(PlanApply.class);

    private final EngineParts parts;
    private final ReconcileRun run;

    PlanApply(EngineParts parts, ReconcileRun run) {
        this.parts = parts;
        this.run = run;
    }

    /** A plan to apply, and how to treat it when stale. */
    record Order(Plan plan, ApplyPlanOptions options) {}

    /**
     * @param lastSynced the last revision that reconciled SYNCED
     * @param fence what each write step checks first (EN-03)
     * @param state the Application's drift state
     * @param control the pass's safe points and phase timeouts
     * @throws StalePlanException when the plan is stale and the options say REFUSE
     */
    ReconcileResult apply(Application app, Order order, Optional<Revision> lastSynced, Fence fence,
            DriftState state, PassControl control) {
        state.noOp().clear();
        Instant started = parts.clock().instant();
        Map<String, Duration> phases = new LinkedHashMap<>();
        Plan reviewed = order.plan();
        boolean replan = order.options().onStale() == OnStale.REPLAN;
        SourceSpec spec = app.source().withRef(Ref.parse(reviewed.revision().ref()));
        Revision now;
        try {
            control.check(ReconcileFailure.Phase.SOURCE);
            now = Phases.timed(phases, "resolve", () -> control.within(ReconcileFailure.Phase.SOURCE,
                    () -> parts.sourceFor(spec).resolve(spec)));
        } catch (GitOpsException e) {
            return run.failed(app, Trigger.PLAN_APPLY, Optional.empty(), PassFailures.ofResolve(e), started, phases);
        }
        boolean moved = !now.id().equals(reviewed.revision().id());
        if (moved && !replan) {
            throw PlanStaleness.moved(reviewed, now);
        }
        boolean confirm = !reviewed.heldPrunes().isEmpty();
        try {
            PlanPhase.Output fresh = run.planned(app, moved ? now : reviewed.revision(), confirm, phases, fence,
                    control);
            Optional<StalePlanException> stale = moved ? Optional.empty()
                    : PlanStaleness.check(reviewed, fresh.planned().plan());
            if (stale.isPresent() && !replan) {
                throw stale.get();
            }
            if (moved || stale.isPresent()) {
                LOG.info("plan {} of {} is stale; applying a new plan of {} instead", reviewed.id(), app.name(),
                        reviewed.revision().shortRef());
                if (confirm && !PlanStaleness.prunesWithin(fresh.planned().plan(), reviewed)) {
                    fresh = run.planned(app, fresh.planned().plan().revision(), false, phases, fence, control);
                }
            }
            PlanPhase.Output exact = new PlanPhase.Output(fresh.planned(), fresh.pass().exactly(), fresh.inventory(),
                    fresh.loaded());
            return run.afterPlanning(app, Trigger.PLAN_APPLY, exact, lastSynced, started, phases, state);
        } catch (StalePlanException e) {
            throw e;
        } catch (GitOpsException e) {
            Revision at = moved ? now : reviewed.revision();
            return run.failed(app, Trigger.PLAN_APPLY, Optional.of(at), PassFailures.ofSourceOrRender(e), started,
                    phases);
        }
    }
}
