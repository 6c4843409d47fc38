package io.gitops4j.api.plan;

import io.gitops4j.api.Checks;

/**
 * How {@code Reconciler.apply(plan, options)} treats a plan that is no longer current.
 *
 * @param onStale what to do when the plan's revision moved, a live object changed (another UID or resourceVersion,
 *     or one appeared or vanished), the desired state renders differently, or planning again gives other changes
 */
public record ApplyPlanOptions(OnStale onStale) {
    /** What to do with a stale plan. */
    public enum OnStale {
        /** Write nothing; the future fails with a {@link StalePlanException} saying what changed. */
        REFUSE,
        /**
         * Plan again at the plan's ref as it resolves now, against the cluster as it is now, and apply that new plan
         * instead. Prunes a guard holds stay confirmed only when the new plan prunes nothing the reviewed plan did not
         * show pruned or held (same object, same UID); otherwise the guard decides again.
         */
        REPLAN
    }

    /** Validates that no argument is null. */
    public ApplyPlanOptions {
        Checks.notNull(onStale, "onStale");
    }

    /** @return refuse a stale plan */
    public static ApplyPlanOptions defaults() {
        return new ApplyPlanOptions(OnStale.REFUSE);
    }

    /** @return a copy with this treatment of a stale plan */
    public ApplyPlanOptions withOnStale(OnStale value) {
        return new ApplyPlanOptions(value);
    }
}
