package io.gitops4j.api.source;

/**
 * Resolves specs to revisions and opens snapshots. A {@code Source} serves the URL schemes it {@link #supports};
 * an engine may hold several (Git, local directories).
 *
 * <p>Implementations are thread-safe; calls may block on I/O and honour thread interruption. Failures are {@link
 * SourceException}s, never an empty tree.
 */
public interface Source extends AutoCloseable {
    /** @return true when this source can serve the spec's URL */
    boolean supports(SourceSpec spec);

    /**
     * Finds the commit the spec's ref points at now. Cheap when nothing moved (one ref lookup, no fetch).
     *
     * @throws SourceException when the ref cannot be resolved
     */
    Revision resolve(SourceSpec spec);

    /**
     * Opens a read-only snapshot of a resolved revision. The caller closes it.
     *
     * @throws SourceException when the revision is not available
     * @throws IllegalArgumentException when the revision is unresolved
     */
    Snapshot open(SourceSpec spec, Revision revision);

    /**
     * Whether one commit is an ancestor of another (or the same), as far as this source knows its history. Used to
     * tell that a commit was deployed by a pass at a later commit.
     *
     * <p>The default, for sources without history (a local directory): only a commit is its own ancestor.
     *
     * @param older a commit id
     * @param newer a commit id
     * @return true when {@code older} is {@code newer} or reachable from it; false when it is not, or when this
     *     source cannot tell (a commit it does not have)
     * @throws SourceException when the history cannot be read
     */
    default boolean isAncestor(SourceSpec spec, String older, String newer) {
        return older.equals(newer);
    }

    /** Releases caches and threads. Idempotent. */
    @Override
    default void close() {}
}
