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
     * Resolves as {@link #resolve(SourceSpec)} for a caller that asked for the ref at {@code askedAt} and accepts any
     * answer at least that fresh: the source may answer from a ref lookup that it began at that moment or later, never
     * from one that began earlier. Passes asked for together (a resync, one push for many Applications) can so share
     * one lookup per repository, while a pass asked for after a commit always sees it.
     *
     * <p>The default looks the ref up anew.
     *
     * @param askedAt when the caller asked, a {@link System#nanoTime()} reading of this JVM
     * @throws SourceException when the ref cannot be resolved
     */
    default Revision resolve(SourceSpec spec, long askedAt) {
        return resolve(spec);
    }

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
