/**
 * The reconciler: {@link io.gitops4j.core.engine.GitOpsReconciler} schedules and coalesces reconciles per
 * Application, {@link io.gitops4j.core.engine.ReconcileRun} walks one pass (resolve → snapshot → render → plan →
 * apply → prune → record) and {@link io.gitops4j.core.engine.PlanExecutor} writes a plan with write-ahead inventory.
 */
package io.gitops4j.core.engine;
