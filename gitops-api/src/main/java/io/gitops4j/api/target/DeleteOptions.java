package io.gitops4j.api.target;

import io.gitops4j.api.Checks;

/**
 * How to delete.
 *
 * @param uid delete only if the object still has this UID ({@code ""} for no precondition); prune always sets it
 * @param resourceVersion delete only at this resourceVersion ({@code ""} for no precondition)
 * @param propagation what happens to dependents
 * @param dryRun validate without deleting
 */
public record DeleteOptions(String uid, String resourceVersion, Propagation propagation, boolean dryRun) {
    /** Garbage-collection policy for dependents (ownerReferences). */
    public enum Propagation { BACKGROUND, FOREGROUND, ORPHAN }

    /** Validates that no argument is null. */
    public DeleteOptions {
        Checks.notNull(uid, "uid");
        Checks.notNull(resourceVersion, "resourceVersion");
        Checks.notNull(propagation, "propagation");
    }

    /** @return no precondition, background propagation */
    public static DeleteOptions defaults() {
        return new DeleteOptions("", "", Propagation.BACKGROUND, false);
    }

    /** @return a delete that succeeds only while the object still has this UID (PR-05) */
    public static DeleteOptions ifUid(String uid) {
        return new DeleteOptions(Checks.notBlank(uid, "uid"), "", Propagation.BACKGROUND, false);
    }

    /** @return a copy with another propagation policy */
    public DeleteOptions withPropagation(Propagation value) {
        return new DeleteOptions(uid, resourceVersion, value, dryRun);
    }

    /** @return a copy with dry run set */
    public DeleteOptions withDryRun(boolean value) {
        return new DeleteOptions(uid, resourceVersion, propagation, value);
    }
}
