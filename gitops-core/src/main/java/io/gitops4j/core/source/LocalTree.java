package io.gitops4j.core.source;

import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.source.FileEntry;
import io.gitops4j.api.source.SnapshotPaths;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable in-memory copy of a directory tree: files with their bytes, directories, and symbolic links with
 * their (unfollowed) targets. Reading the whole tree at once makes a revision exact: the content hash describes
 * precisely what the snapshot serves.
 *
 * @param entries repo-relative path → node, sorted by path; the root is not listed
 */
record LocalTree(Map<String, Node> entries) {
    /** One node of the tree: a file (bytes), a directory, or a link (target text). */
    record Node(FileEntry.Type type, byte[] content, String linkTarget) {}

    /**
     * Reads a directory without following any link.
     *
     * @throws SourceException LIMIT past {@code maxBytes} or {@code maxFiles}, IO on read failures (the message
     *     names the repo-relative path, never the host path)
     */
    static LocalTree read(Path root, long maxBytes, int maxFiles) {
        TreeMap<String, Node> entries = new TreeMap<>();
        long[] total = {0};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String rel = relative(root, dir);
                    if (rel.equals(".git")) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (!rel.isEmpty()) {
                        add(rel, new Node(FileEntry.Type.DIRECTORY, new byte[0], ""));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String rel = relative(root, file);
                    if (attrs.isSymbolicLink()) {
                        add(rel, new Node(FileEntry.Type.SYMLINK, new byte[0],
                                Files.readSymbolicLink(file).toString()));
                    } else if (attrs.isRegularFile()) {
                        total[0] += attrs.size();
                        if (total[0] > maxBytes) {
                            throw new SourceException(Reason.LIMIT, rel, rel + ": the directory holds more than "
                                    + maxBytes + " bytes", null);
                        }
                        add(rel, new Node(FileEntry.Type.FILE, Files.readAllBytes(file), ""));
                    }
                    return FileVisitResult.CONTINUE;
                }

                private void add(String rel, Node node) {
                    if (entries.size() >= maxFiles) {
                        throw new SourceException(Reason.LIMIT, rel, "the directory holds more than " + maxFiles
                                + " entries", null);
                    }
                    entries.put(rel, node);
                }
            });
        } catch (IOException e) {
            throw new SourceException(Reason.IO, "", "local directory could not be read: "
                    + e.getClass().getSimpleName(), null);
        }
        return new LocalTree(Collections.unmodifiableMap(entries));
    }

    private static String relative(Path root, Path p) {
        String rel = root.relativize(p).toString().replace('\\', '/');
        return SnapshotPaths.normalize(rel);
    }

    /** @return a SHA-256 over paths, types and contents below a directory ({@code ""} for all) */
    String hash(String directory) {
        StringBuilder b = new StringBuilder();
        entries.forEach((path, node) -> {
            if (SnapshotPaths.isWithin(path, directory)) {
                b.append(node.type()).append(' ').append(path).append(' ');
                if (node.type() == FileEntry.Type.FILE) {
                    b.append(Manifest.sha256Hex(Base64.getEncoder().encodeToString(node.content())));
                } else {
                    b.append(node.linkTarget());
                }
                b.append('\n');
            }
        });
        return Manifest.sha256Hex(b.toString());
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
