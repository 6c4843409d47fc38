/**
 * The reconciler, split by verb: {@link io.gitops4j.core.engine.GitOpsReconciler} (the API), {@link
 * io.gitops4j.core.engine.PassScheduler} (when passes run: schedule, coalescing, backoff), {@link
 * io.gitops4j.core.engine.ReconcileRun} (one pass: resolve → plan → write → health → result) with {@link
 * io.gitops4j.core.engine.PlanPhase} (the reading half), {@link io.gitops4j.core.engine.PlanExecutor} (the writing
 * half: {@link io.gitops4j.core.engine.ApplyStages} with {@link io.gitops4j.core.engine.StageWaits} and {@link
 * io.gitops4j.core.engine.Recreation}, {@link io.gitops4j.core.engine.Pruner}, {@link
 * io.gitops4j.core.engine.InventoryWrites}), {@link io.gitops4j.core.engine.PassHealth}, {@link
 * io.gitops4j.core.engine.HealthWait} (the one wait for objects to become healthy, woken by the change feed), {@link
 * io.gitops4j.core.engine.PassRetry} (the pass's retry budget) and {@link io.gitops4j.core.engine.ChangeFeeds}.
 */
package io.gitops4j.core.engine;
