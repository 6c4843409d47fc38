/**
 * What a reconcile will do, as a value a human can read before anything is written: {@link
 * io.gitops4j.api.plan.Plan}, {@link io.gitops4j.api.plan.Change}, {@link io.gitops4j.api.plan.Action}, {@link
 * io.gitops4j.api.plan.ChangeSet} and the guards' {@link io.gitops4j.api.plan.GuardVerdict}s.
 */
package io.gitops4j.api.plan;
