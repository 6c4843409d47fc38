package io.gitops4j.api.plan;

import io.gitops4j.api.Checks;

/**
 * What one safety guard decided about a plan.
 *
 * @param guard the guard's name, such as {@code empty-render} or {@code prune-blast-radius}
 * @param decision the decision
 * @param message why, for a human
 */
public record GuardVerdict(String guard, Decision decision, String message) {
    /** Guard decisions, from least to most restrictive. */
    public enum Decision {
        /** The plan may proceed. */
        ALLOW,
        /** Prunes are held until confirmed; applies proceed. */
        HOLD_PRUNE,
        /** Nothing may be written. */
        BLOCK
    }

    /** Validates that no argument is null. */
    public GuardVerdict {
        Checks.notBlank(guard, "guard");
        Checks.notNull(decision, "decision");
        Checks.notNull(message, "message");
    }
}
