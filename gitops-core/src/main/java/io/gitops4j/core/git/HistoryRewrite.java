package io.gitops4j.core.git;

import java.util.Objects;

/**
 * A followed ref moved to a commit that does not descend from the one resolved before it (GS-10).
 *
 * @param repository the repository URL (without credentials)
 * @param ref the ref as the spec wrote it
 * @param previous the commit resolved before
 * @param current the commit the ref points at now
 * @param kind how history changed
 */
public record HistoryRewrite(String repository, String ref, String previous, String current, Kind kind) {
    /** How history changed. */
    public enum Kind {
        /** The ref went back to an ancestor of the previous commit. */
        WENT_BACK,
        /** The ref was force-pushed to an unrelated line of history. */
        FORCE_PUSH,
        /**
         * Shallow mode only: the previous commit is not among the commits fetched for the new head, and that window
         * does not reach a root, so a force push cannot be told from a push of many commits.
         */
        UNVERIFIED
    }

    /** Validates the parts. */
    public HistoryRewrite {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(kind, "kind");
    }

    /** What a {@link GitSource} does on a rewrite. */
    public enum Policy {
        /** Report the rewrite (listener, {@link GitSource#lastRewrite}) and follow the new commit. */
        ALLOW,
        /** Report it and fail the resolve with {@code POLICY}; the previous commit stays the last good one. */
        REFUSE
    }
}
