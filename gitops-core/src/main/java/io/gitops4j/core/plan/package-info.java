/**
 * Planning: the desired state made concrete ({@link io.gitops4j.core.plan.DesiredState}), compared with the live
 * state ({@link io.gitops4j.core.plan.FieldDiff}), ordered in stages ({@link io.gitops4j.core.plan.Stages}) and
 * checked by guards ({@link io.gitops4j.core.plan.Guards}) into a {@link io.gitops4j.api.plan.Plan} by {@link
 * io.gitops4j.core.plan.Planner}.
 */
package io.gitops4j.core.plan;
