package io.gitops4j.core.engine;

import io.gitops4j.api.Application;
import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.api.target.Target;
import io.gitops4j.api.target.WriteContext;
import io.gitops4j.core.coordination.Fence;
import io.gitops4j.core.health.HealthRules;
import java.time.Duration;
import java.util.Optional;

/**
 * What the write side of one pass works with: the Application, the target, its view with retries, the apply
 * options, the pass's write context and retry budget, what may stop it early (the reconciler closing, the phase
 * timeouts and the stage wait), the health rules, the waits for health and hooks, and the fence every write step checks first (EN-03). Immutable;
 * one per pass.
 *
 * @param app the Application
 * @param target the cluster
 * @param view the target's view, reads retried within the pass's budget
 * @param options the field manager and force setting
 * @param context who writes, with the pass's retry budget
 * @param retry retries within that budget
 * @param control the safe points and phase timeouts of the pass (the stage wait too, DA-07)
 * @param health the health rules
 * @param healthWait how long to wait for a wave to become healthy before the next, and for every object before the
 *     PostSync hooks
 * @param hookTimeout how long to wait for a hook to complete
 * @param fence whether this replica still owns the Application (never fails without coordination)
 * @param exact whether every update and delete carries the resourceVersion the plan saw besides its UID (applying a
 *     reviewed plan: nothing is written over a change the plan did not show)
 */
record PassContext(Application app, Target target, ClusterView view, ApplyOptions options, WriteContext context,
        PassRetry retry, PassControl control, HealthRules health, Duration healthWait, Duration hookTimeout,
        Fence fence, boolean exact) {
    /** @return a context for one pass of {@code app}, with a retry budget sized for {@code objects} objects */
    static PassContext of(EngineParts parts, Application app, int objects, PassControl control, Fence fence) {
        WriteContext context = WriteContext.of(app.name(), 5 + objects / 3);
        PassRetry retry = new PassRetry(context.retries());
        return new PassContext(app, parts.target(), new RetryingView(parts.target().view(), retry),
                parts.applyOptions(), context, retry, control, parts.health(), parts.healthWait(), parts.hookTimeout(),
                fence, false);
    }

    /** @return this context with every update and delete conditional on the resourceVersion the plan saw */
    PassContext exactly() {
        return new PassContext(app, target, view, options, context, retry, control, health, healthWait, hookTimeout,
                fence, true);
    }

    /**
     * The check before each write step (each hook phase, the inventory's intent, each stage's applies, each
     * re-creation, each prune stage, the final inventory): once it fails, the pass writes nothing more (EN-03).
     *
     * @return the pass's failure when this replica no longer owns the Application; empty while it does
     */
    Optional<ReconcileFailure> lostLease() {
        return fence.lost().map(PassFailures::lostLease);
    }
}
