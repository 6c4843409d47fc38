package io.gitops4j.core.source;

import io.gitops4j.api.source.FileEntry;
import io.gitops4j.api.source.SourceException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable in-memory copy of a directory tree: files with their bytes, directories, and symbolic links with
 * their (unfollowed) targets. Reading the whole tree at once makes a revision exact: the content hash describes
 * precisely what the snapshot serves.
 *
 * @param entries repo-relative path → node, sorted by path; the root is not listed
 */
record LocalTree(SortedMap<String, Node> entries) {
    /**
     * One node of the tree: a file (bytes and their digest), a directory, or a link (target text).
     *
     * @param hashed what the tree hash takes of the node (see {@link TreeHash.Line#hashed()})
     */
    record Node(FileEntry.Type type, byte[] content, String linkTarget, String hashed) implements TreeHash.Line {
        static Node file(byte[] content) {
            return new Node(FileEntry.Type.FILE, content, "", TreeHash.digest(content));
        }

        static Node directory() {
            return new Node(FileEntry.Type.DIRECTORY, new byte[0], "", "");
        }

        static Node link(String target) {
            return new Node(FileEntry.Type.SYMLINK, new byte[0], target, target);
        }
    }

    /**
     * Reads a directory without following any link below it (see {@link TreeWalk}).
     *
     * @throws SourceException LIMIT past {@code maxBytes} or {@code maxFiles}, IO on read failures (the message
     *     names the repo-relative path, never the host path)
     */
    static LocalTree read(Path root, long maxBytes, int maxFiles) {
        TreeMap<String, Node> entries = new TreeMap<>();
        TreeWalk.walk(root, maxBytes, maxFiles, new TreeWalk.Visitor() {
            @Override
            public boolean wantsContent(String path, FileStat stat) {
                return true;
            }

            @Override
            public void entry(String path, FileStat stat, byte[] content, String linkTarget) {
                entries.put(path, switch (stat.type()) {
                    case FILE -> Node.file(content);
                    case SYMLINK -> Node.link(linkTarget);
                    case DIRECTORY -> Node.directory();
                    default -> throw new IllegalStateException("a walk yields no " + stat.type());
                });
            }
        });
        return new LocalTree(Collections.unmodifiableSortedMap(entries));
    }

    /** @return a SHA-256 over paths, types and contents below a directory ({@code ""} for all) */
    String hash(String directory) {
        return TreeHash.of(entries, directory);
    }

    /** @return the node at an exact path (links not followed), or null */
    Node node(String path) {
        return entries.get(path);
    }

    /** @return true when a directory exists at the path ({@code ""} is the root) */
    boolean isDirectory(String path) {
        Node n = entries.get(path);
        return path.isEmpty() || (n != null && n.type() == FileEntry.Type.DIRECTORY);
    }
}
