package io.gitops4j.api.source;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A read-only file tree at one revision.
 *
 * <p>Every path is repo-relative and confined to the tree (see {@link SnapshotPaths}). Symbolic links inside the
 * tree are followed (at most 10 hops); a link that leaves the tree, a loop, or a longer chain fails with {@link
 * SourceException.Reason#PATH_ESCAPE} without naming the link's target.
 *
 * <p>Implementations are safe for concurrent reads. {@link #close()} releases resources and deletes any
 * materialized directory; using a closed snapshot throws {@link IllegalStateException}.
 */
public interface Snapshot extends AutoCloseable {
    /** @return the revision this snapshot shows */
    Revision revision();

    /**
     * @return the entries directly in a directory, sorted by name; empty when the directory does not exist
     * @throws SourceException for an escaping path or a read failure
     */
    List<FileEntry> list(String directory);

    /**
     * @return every file below a directory (recursively, links inside the tree resolved), sorted by path
     * @throws SourceException for an escaping path or link, or a read failure
     */
    List<FileEntry> walk(String directory);

    /**
     * @return the entry at a path (a link is reported as {@link FileEntry.Type#SYMLINK}), or empty
     * @throws SourceException for an escaping path
     */
    Optional<FileEntry> stat(String path);

    /**
     * @return the content of a file, following links inside the tree
     * @throws SourceException {@code NOT_FOUND} when missing, {@code PATH_ESCAPE} for a link out of the tree,
     *     {@code UNSUPPORTED} for a Git LFS pointer, {@code LIMIT} over the size budget
     */
    byte[] read(String path);

    /** @return true when a file or directory exists at the path (after following links inside the tree) */
    default boolean exists(String path) {
        return stat(path).isPresent();
    }

    /**
     * An identifier of the content below a directory: equal ids mean equal content (a Git tree id, or a content
     * hash). Used as a render cache key.
     *
     * @throws SourceException for an escaping path
     */
    String treeId(String directory);

    /**
     * Writes the whole tree into a private temporary directory (owner-only permissions) for tools that need files on
     * disk. Links inside the tree become copies; links out of the tree are refused. Idempotent: the same directory
     * is returned on each call until {@link #close()} deletes it.
     *
     * <p>Bounded (GS-20): a tree whose files, counted at every path they appear under (a directory reached through
     * several links counts each time), exceed the implementation's budget is refused with {@code LIMIT} and nothing
     * stays on disk (gitops4j's own snapshots: 256 MiB and 100,000 files). Prefer {@link #materialize(Collection,
     * long)} for what one tool run needs.
     *
     * @throws SourceException when the tree cannot be written, is over the budget, or holds an escaping link
     */
    Path materialize();

    /**
     * Writes only these files into a new private temporary directory (owner-only permissions), each at its
     * repo-relative path, for a tool that needs just them (a renderer writes what its render path references).
     * Links inside the tree become copies; links out of the tree are refused. Each call returns a new directory;
     * the caller may delete it when done, and {@link #close()} deletes any still there.
     *
     * @param paths repo-relative files, and directories (written with every file below them)
     * @param maxBytes the most bytes the files may hold together (a file reached through several paths counts at
     *     each); over it nothing stays on disk
     * @throws SourceException {@code LIMIT} over {@code maxBytes} (or the implementation's file count budget),
     *     {@code NOT_FOUND} for a path that does not exist, {@code PATH_ESCAPE} for a link out of the tree, {@code IO}
     *     when the files cannot be written
     */
    Path materialize(Collection<String> paths, long maxBytes);

    /** Releases resources and deletes the materialized directory, if any. Idempotent; never throws. */
    @Override
    void close();
}
