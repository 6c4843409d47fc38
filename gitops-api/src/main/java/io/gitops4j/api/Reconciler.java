package io.gitops4j.api;

import io.gitops4j.api.plan.ApplyPlanOptions;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.source.Revision;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps registered Applications equal to their sources: resolve → snapshot → render → plan → apply → prune →
 * record.
 *
 * <p>Thread-safe. At most one reconcile per Application is in flight; triggers that arrive meanwhile are
 * coalesced into one follow-up (EN-02). {@link #close()} stops scheduling, waits for in-flight reconciles up to
 * a deadline, and releases threads.
 *
 * <p><b>An unknown Application.</b> Every method that takes an Application's name, except the idempotent {@link
 * #unregister}, throws {@link UnknownApplicationException} at the call when no Application of that name is
 * registered, before doing anything; none answers an unknown name with an empty value or a failed future.
 */
public interface Reconciler extends AutoCloseable {
    /**
     * Registers (or replaces) an Application. Automated Applications are scheduled at their interval.
     *
     * @return this reconciler
     * @throws InvalidSpecException when the Application uses a renderer or source scheme the engine lacks
     */
    Reconciler register(Application application);

    /**
     * Forgets an Application. Objects it owns stay in the cluster (unregistering never prunes).
     *
     * @return true when it was registered
     */
    boolean unregister(String application);

    /** @return the registered Applications, sorted by name */
    List<Application> applications();

    /**
     * Computes what a reconcile of a revision would do, without writing anything.
     *
     * @param revision a resolved revision, or an unresolved one ({@link Revision#ref}) to resolve first
     * @throws UnknownApplicationException when the Application is not registered
     * @throws GitOpsException when the source or the render fails
     */
    Plan plan(String application, Revision revision);

    /**
     * Applies exactly this plan, as a pass of its Application with trigger {@link Trigger#PLAN_APPLY}: it waits for
     * a pass in flight, is never coalesced with other requests, and writes whatever the sync policy says. Before
     * writing, the pass checks that the plan is still current — its ref resolves to the same commit, the revision
     * renders the same desired state, every live object the plan saw has the same UID and resourceVersion (and none
     * appeared or vanished), and planning again gives the same changes — and then writes the plan's objects with
     * those UIDs and resourceVersions as preconditions, so an object changed in between fails with {@code STALE}
     * instead of being overwritten. Prunes the plan shows held by a guard (PR-03) are confirmed by applying it: for
     * this plan only, the next plan holds them again. The result is recorded in the history and sent to the
     * listeners like any pass.
     *
     * @return the pass's result; fails with {@link io.gitops4j.api.plan.StalePlanException} (nothing written, nothing
     *     recorded) when the plan is stale and {@code options} say REFUSE
     * @throws UnknownApplicationException when the plan's Application is not registered
     * @throws IllegalStateException when the reconciler is closed
     */
    CompletableFuture<ReconcileResult> apply(Plan plan, ApplyPlanOptions options);

    /**
     * Applies exactly this plan, refusing it when stale: {@code apply(plan, ApplyPlanOptions.defaults())}.
     *
     * @throws UnknownApplicationException when the plan's Application is not registered
     */
    default CompletableFuture<ReconcileResult> apply(Plan plan) {
        return apply(plan, ApplyPlanOptions.defaults());
    }

    /**
     * Reconciles now (for a manual policy: also writes). Completes with a result, never exceptionally, unless the
     * reconciler is closed meanwhile.
     *
     * @throws UnknownApplicationException when the Application is not registered
     * @throws IllegalStateException when the reconciler is closed
     */
    CompletableFuture<ReconcileResult> reconcileNow(String application);

    /**
     * A push arrived (a verified webhook): every registered Application that follows this repository and ref is
     * reconciled now, as its policy allows, without waiting for its interval or a failure backoff (EN-07). Triggers
     * are coalesced with any pass in flight (EN-02).
     *
     * @param repositoryUrl the pushed repository's URL (https or ssh form; credentials never needed)
     * @param ref the full pushed ref, such as {@code refs/heads/main} or {@code refs/tags/v1.2.0}
     * @return the names of the Applications triggered, sorted; empty when none follows the ref
     */
    List<String> onPush(String repositoryUrl, String ref);

    /**
     * @return the status of an Application
     * @throws UnknownApplicationException when the Application is not registered
     */
    ApplicationStatus status(String application);

    /**
     * @return the Application's last results, newest first: at most the builder's history size (50 by default),
     *     kept when the Application is registered again; each with its revision, trigger, changes, what happened to
     *     each object, health and timings
     * @throws UnknownApplicationException when the Application is not registered
     */
    List<ReconcileResult> history(String application);

    /** @return this reconciler, with the listener added */
    Reconciler addListener(ReconcileListener listener);

    /** @return true when the listener was registered */
    boolean removeListener(ReconcileListener listener);

    /** Stops scheduling and waits (bounded) for in-flight reconciles. Idempotent. */
    @Override
    void close();
}
