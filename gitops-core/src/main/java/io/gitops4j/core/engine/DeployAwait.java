package io.gitops4j.core.engine;

import io.gitops4j.api.Application;
import io.gitops4j.api.GitOpsException;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.deploy.DeployFailedException;
import io.gitops4j.api.deploy.DeployFailedException.Reason;
import io.gitops4j.api.deploy.Deployment;
import io.gitops4j.api.health.Health;
import io.gitops4j.api.health.HealthObservation;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.Change;
import io.gitops4j.api.plan.GuardVerdict;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.Revision;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code awaitDeployed} wait: looks for the newest pass at the commit or a descendant of it (ancestry as the
 * Application's source knows it), decides from its outcome, and after a SYNCED pass waits for the health of every
 * object it applied ({@link HealthWait}, woken by the change feed) until the deadline. The first decision completes
 * the future; later results are ignored. Thread-safe: {@link #consider} and {@link #fromHistory} may run on several
 * threads at once; the health wait runs outside the lock.
 */
final class DeployAwait {
    private static final Logger LOG = LoggerFactory.getLogger(DeployAwait.class);

    private final EngineParts parts;
    private final AppState state;
    private final String commit;
    private final Duration timeout;
    private final long deadline;
    private final Instant deadlineAt;
    private final CompletableFuture<Deployment> future = new CompletableFuture<>();
    private boolean waitingForHealth;
    private String lastSeen = "no pass at it or a later commit yet";

    DeployAwait(EngineParts parts, AppState state, String commit, Duration timeout) {
        this.parts = parts;
        this.state = state;
        this.commit = commit;
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
        this.deadlineAt = parts.clock().instant().plus(timeout);
    }

    CompletableFuture<Deployment> future() {
        return future;
    }

    /** Considers the newest pass in the history that is at the commit or a descendant, if any. */
    void fromHistory(List<ReconcileResult> newestFirst) {
        for (ReconcileResult r : newestFirst) {
            if (future.isDone()) {
                return;
            }
            if (covers(r)) {
                consider(r);
                return;
            }
        }
    }

    /** Decides from a pass's result when it is at the commit or a descendant; ignores it otherwise. */
    void consider(ReconcileResult result) {
        if (!covers(result)) {
            return;
        }
        synchronized (this) {
            if (future.isDone() || waitingForHealth) {
                return;
            }
            switch (result.outcome()) {
                case SYNCED -> waitingForHealth = true;
                case BLOCKED -> fail(Reason.BLOCKED, Optional.empty(), result, "a guard blocked the pass: "
                        + result.failure().map(ReconcileFailure::message).orElse("blocked"));
                case FAILED -> failed(result);
                case OUT_OF_SYNC -> outOfSync(result);
                default -> { }
            }
            if (!waitingForHealth) {
                return;
            }
        }
        awaitHealth(result);
    }

    /** The timer's call at the timeout: fails the wait unless a health wait (with the same deadline) decides. */
    synchronized void timedOut() {
        if (!future.isDone() && !waitingForHealth) {
            fail(Reason.TIMED_OUT, Optional.empty(), null, "not deployed within " + timeout + ": " + lastSeen);
        }
    }

    void cancel(String why) {
        fail(Reason.CANCELLED, Optional.empty(), null, why);
    }

    private boolean covers(ReconcileResult result) {
        if (result.revision().isEmpty()) {
            return false;
        }
        String id = result.revision().get().id();
        if (id.equals(commit)) {
            return true;
        }
        Application app = state.application();
        try {
            return parts.sourceFor(app.source()).isAncestor(app.source(), commit, id);
        } catch (GitOpsException | IllegalArgumentException e) {
            LOG.warn("ancestry of {} in {} unknown: {}", short12(commit), app.name(), e.getMessage());
            return false;
        }
    }

    private void failed(ReconcileResult result) {
        ReconcileFailure f = result.failure().orElse(null);
        boolean render = f != null && (f.phase() == ReconcileFailure.Phase.SOURCE
                || f.phase() == ReconcileFailure.Phase.RENDER);
        String why = f == null ? "the pass failed" : f.phase() + " " + f.reason() + ": " + f.message();
        fail(render ? Reason.RENDER_FAILED : Reason.FAILED, f == null ? Optional.empty() : f.object(), result, why);
    }

    /** Held prunes end the wait (someone must confirm them); anything else OUT_OF_SYNC may still change. */
    private void outOfSync(ReconcileResult result) {
        Optional<GuardVerdict> held = result.verdicts().stream()
                .filter(v -> v.decision() == GuardVerdict.Decision.HOLD_PRUNE).findFirst();
        if (held.isPresent()) {
            fail(Reason.BLOCKED, Optional.empty(), result, "prunes held until confirmed: " + held.get().message());
        } else {
            lastSeen = "the last pass at " + result.revision().orElseThrow() + " was OUT_OF_SYNC";
        }
    }

    private void awaitHealth(ReconcileResult result) {
        List<ResourceKey> keys = result.changes().changes().stream()
                .filter(c -> c.action() == Action.CREATE || c.action() == Action.UPDATE
                        || c.action() == Action.UNCHANGED)
                .map(Change::key).toList();
        Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
        HealthWait.Verdict verdict;
        try {
            verdict = HealthWait.await(parts.target().view(), keys, HealthWait.healthy(parts.health()), left);
        } catch (GitOpsException e) {
            fail(Reason.FAILED, Optional.empty(), result, "reading health failed: " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            LOG.warn("health wait of {} failed unexpectedly: {}", result.application(), e.getClass().getName());
            fail(Reason.FAILED, Optional.empty(), result, "the health wait failed: " + e.getClass().getSimpleName());
            return;
        }
        Revision revision = result.revision().orElseThrow();
        Health worst = Health.worst(verdict.objects().values().stream().map(HealthWait.Judged::health).toList());
        Optional<ResourceKey> culprit = verdict.culprit();
        String about = culprit.map(k -> k.displayName() + " is " + verdict.culpritJudged().orElseThrow().health()
                .status() + ": " + verdict.culpritJudged().orElseThrow().health().message()).orElse("");
        switch (verdict.ending()) {
            case DONE -> future.complete(new Deployment(result.application(), commit, revision, result,
                    HealthObservation.awaited(keys.isEmpty() ? Health.healthy() : worst, parts.clock().instant(),
                            deadlineAt)));
            case FAILED -> fail(Reason.DEGRADED, culprit, result, revision + " applied, but " + about);
            case TIMED_OUT -> fail(Reason.TIMED_OUT, culprit, result, revision + " applied, not healthy within "
                    + timeout + ": " + about);
            case INTERRUPTED -> cancel("the reconciler is closed");
            default -> throw new IllegalStateException(verdict.ending().name());
        }
    }

    private void fail(Reason reason, Optional<ResourceKey> object, ReconcileResult result, String why) {
        future.completeExceptionally(new DeployFailedException(reason, object, Optional.ofNullable(result),
                "deploy of " + short12(commit) + " to " + state.application().name() + " " + reason + ": " + why));
    }

    private static String short12(String id) {
        return id.substring(0, 12);
    }
}
