package io.gitops4j.api.target;

import io.gitops4j.api.Checks;

/**
 * How to delete; what each deleted object must still be is its request's {@link Precondition}.
 *
 * @param propagation what happens to dependents
 * @param dryRun validate without deleting
 */
public record DeleteOptions(Propagation propagation, boolean dryRun) {
    /** Garbage-collection policy for dependents (ownerReferences). */
    public enum Propagation { BACKGROUND, FOREGROUND, ORPHAN }

    /** Validates that no argument is null. */
    public DeleteOptions {
        Checks.notNull(propagation, "propagation");
    }

    /** @return background propagation, no dry run */
    public static DeleteOptions defaults() {
        return new DeleteOptions(Propagation.BACKGROUND, false);
    }

    /** @return a copy with another propagation policy */
    public DeleteOptions withPropagation(Propagation value) {
        return new DeleteOptions(value, dryRun);
    }

    /** @return a copy with dry run set */
    public DeleteOptions withDryRun(boolean value) {
        return new DeleteOptions(propagation, value);
    }
}
