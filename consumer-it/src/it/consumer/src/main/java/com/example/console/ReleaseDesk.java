package com.example.console;

import io.gitops4j.api.ApplicationStatus;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.deploy.DeployFailedException;
import io.gitops4j.api.deploy.Deployment;
import io.gitops4j.api.deploy.PinOptions;
import io.gitops4j.api.plan.ApplyPlanOptions;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.plan.StalePlanException;
import io.gitops4j.api.source.Revision;
import io.gitops4j.core.plan.format.PlanJson;
import io.gitops4j.core.plan.format.PlanText;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** What a Console's release page does with one Application: review, apply, track, roll back. */
public final class ReleaseDesk {
    private final Reconciler reconciler;
    private final String app;

    public ReleaseDesk(Reconciler reconciler, String app) {
        this.reconciler = reconciler;
        this.app = app;
    }

    // snippet:review
    /** The plan of a pull request's head (or a tag), as a reviewer reads it and as a web page gets it. */
    public Plan review(String ref) {
        Plan plan = reconciler.plan(app, Revision.ref(ref));   // e.g. "refs/pull/42/head"; writes nothing
        System.out.println(PlanText.of(plan));                 // terraform-plan-like text, Secret values redacted
        String json = PlanJson.of(plan);                       // the documented gitops4j.plan/v1 shape
        return plan;
    }

    /** Applies exactly the reviewed plan; a plan that went stale is refused and nothing is written. */
    public ReconcileResult approve(Plan reviewed) throws Exception {
        try {
            return reconciler.apply(reviewed).get(2, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StalePlanException stale) {
                System.out.println("review again: " + stale.reason() + " " + stale.objects());
                // or apply its successor, planned again now: reviewed plan's ref, the cluster as it is
                return reconciler.apply(reviewed, ApplyPlanOptions.defaults()
                        .withOnStale(ApplyPlanOptions.OnStale.REPLAN)).get(2, TimeUnit.MINUTES);
            }
            throw e;
        }
    }
    // end:review

    // snippet:track
    /** The "deploy finished" signal: that commit (or a later one) applied, and every object healthy. */
    public Deployment awaitDeployed(String commit) throws Exception {
        try {
            return reconciler.awaitDeployed(app, commit, Duration.ofMinutes(10)).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DeployFailedException failed) {
                // RENDER_FAILED, BLOCKED, FAILED, DEGRADED (object() names it), TIMED_OUT or CANCELLED
                System.out.println(failed.reason() + " " + failed.object() + ": " + failed.getMessage());
            }
            throw e;
        }
    }
    // end:track

    // snippet:rollback
    /** Holds the Application at the revision its second-newest pass deployed, until released. */
    public ReconcileResult rollBack(String why) throws Exception {
        List<ReconcileResult> history = reconciler.history(app);   // newest first, with trigger and revision
        Revision previous = history.get(1).revision().orElseThrow();
        return reconciler.pin(app, previous, PinOptions.defaults().withReason(why)).get(2, TimeUnit.MINUTES);
    }

    /** Whether the Application is pinned, and to what; then back to following its branch. */
    public void release() {
        ApplicationStatus status = reconciler.status(app);
        status.pin().ifPresent(pin -> System.out.println("pinned to " + pin.revision() + ": "
                + pin.options().reason()));
        reconciler.unpin(app);                                     // an automated Application reconciles at once
    }
    // end:rollback
}
