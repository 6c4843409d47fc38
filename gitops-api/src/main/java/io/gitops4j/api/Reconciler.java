package io.gitops4j.api;

import io.gitops4j.api.deploy.DeployFailedException;
import io.gitops4j.api.deploy.Deployment;
import io.gitops4j.api.deploy.Pin;
import io.gitops4j.api.deploy.PinOptions;
import io.gitops4j.api.plan.ApplyPlanOptions;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.source.Revision;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
     * Waits until a commit is deployed: a pass of the Application applied that commit, or a descendant of it (as the
     * Application's source judges ancestry), and reached SYNCED, and then every object that pass applied was seen
     * HEALTHY (or SUSPENDED) on the cluster's change feed. A pass already in the history counts: the newest one at
     * the commit or a descendant decides. The call itself does not block; the health wait runs on a thread of the
     * reconciler, woken by the change feed, never by polling.
     *
     * @param commit the commit id (40 or 64 lower-case hex digits)
     * @param timeout how long to wait at most, from the call
     * @return completes with the {@link Deployment}, or fails with a {@link DeployFailedException} whose reason
     *     says why: RENDER_FAILED, BLOCKED (a guard blocked or held prunes), FAILED, DEGRADED (naming the object and
     *     its condition), TIMED_OUT, or CANCELLED (unregistered, or the reconciler closed)
     * @throws UnknownApplicationException when the Application is not registered
     * @throws IllegalArgumentException when the commit is not a commit id or the timeout is not positive
     * @throws IllegalStateException when the reconciler is closed
     */
    CompletableFuture<Deployment> awaitDeployed(String application, String commit, Duration timeout);

    /**
     * Pins the Application to a revision (a rollback): from now on every pass reconciles that revision instead of
     * what the followed ref points at, until {@link #unpin} (or, by option, a newer commit on the followed ref).
     * {@link #status} shows the pin. The pin is stored by the Application's target ({@code Target.pins()}) before
     * this method returns, so it survives registering the Application again and the reconciler itself: a reconciler
     * started later on the same cluster (a restarted host, a replica taking the Application over) reads it before
     * its first pass of the Application and keeps the pinned revision (EN-21). A pin replaces any earlier one (also
     * one stored that could not be read). A pass with trigger {@link Trigger#PIN} starts at once (after the pass in
     * flight) and writes whatever the sync policy says.
     *
     * <p>Blocks while the revision (when unresolved: a tag, a branch, a commit id) and the followed ref are resolved,
     * and while the pin is stored.
     *
     * @param revision the revision to hold: resolved (from {@link #history}) or a ref to resolve now
     * @return the pass that deploys the pinned revision
     * @throws UnknownApplicationException when the Application is not registered
     * @throws GitOpsException when a ref cannot be resolved, or a {@link io.gitops4j.api.target.TargetException} when
     *     the pin cannot be stored ({@code STALE}: someone else changed it since this reconciler read it); nothing is
     *     pinned then
     * @throws IllegalStateException when the reconciler is closed
     */
    CompletableFuture<ReconcileResult> pin(String application, Revision revision, PinOptions options);

    /**
     * Releases the Application's pin, removing it from the target's store first (a stored pin that could not be read,
     * which holds the Application, is removed too). An automated Application then reconciles its followed ref again
     * in a pass with trigger {@link Trigger#UNPIN} that starts at once; a manual one waits for {@link #reconcileNow}.
     * Blocks while the store is read and written.
     *
     * @return the pin released; empty when none held, or when the one stored could not be read
     * @throws UnknownApplicationException when the Application is not registered
     * @throws io.gitops4j.api.target.TargetException when the store cannot be read or the pin cannot be removed from
     *     it: the pin still holds
     */
    Optional<Pin> unpin(String application);

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
