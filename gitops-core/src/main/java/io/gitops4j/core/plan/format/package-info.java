/**
 * A {@link io.gitops4j.api.plan.Plan} shown to people and programs: {@link io.gitops4j.core.plan.format.PlanText}, a
 * readable listing like {@code terraform plan}, and {@link io.gitops4j.core.plan.format.PlanJson}, a stable JSON shape
 * (described in {@code docs/plans.md}). Neither shows a desired or live object, only keys, actions, reasons and the
 * field diffs, in which Secret values are already redacted.
 */
package io.gitops4j.core.plan.format;
