package io.gitops4j.core.source;

import io.gitops4j.api.source.FileEntry;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SnapshotPaths;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot over an in-memory copy of a local directory. Thread-safe. A walk returns at most {@link
 * SnapshotWriter#MAX_FILES} files (links to directories can multiply a small tree); writing to disk goes through
 * {@link SnapshotWriter} and its budgets.
 */
final class LocalSnapshot implements Snapshot {
    private final Revision revision;
    private final LocalTree tree;
    private final SnapshotWriter writer = new SnapshotWriter(path -> { });
    private volatile boolean closed;

    LocalSnapshot(Revision revision, LocalTree tree) {
        this.revision = revision;
        this.tree = tree;
    }

    @Override
    public Revision revision() {
        return revision;
    }

    private String resolve(String path) {
        checkOpen();
        String normalized = SnapshotPaths.normalize(path);
        return LinkResolver.resolve(normalized, p -> {
            LocalTree.Node n = tree.node(p);
            return n != null && n.type() == FileEntry.Type.SYMLINK ? n.linkTarget() : null;
        });
    }

    @Override
    public List<FileEntry> list(String directory) {
        String dir = resolve(directory);
        List<FileEntry> out = new ArrayList<>();
        if (!tree.isDirectory(dir)) {
            return out;
        }
        String prefix = dir.isEmpty() ? "" : dir + "/";
        tree.entries().forEach((path, node) -> {
            if (path.startsWith(prefix) && path.indexOf('/', prefix.length()) < 0) {
                out.add(new FileEntry(path, node.type(), node.content().length));
            }
        });
        return out;
    }

    @Override
    public List<FileEntry> walk(String directory) {
        String dir = resolve(directory);
        List<FileEntry> out = new ArrayList<>();
        if (!tree.isDirectory(dir)) {
            return out;
        }
        walkInto(SnapshotPaths.normalize(directory), dir, out, 0, new int[1]);
        out.sort(Comparator.comparing(FileEntry::path));
        return out;
    }

    /**
     * Lists files below {@code realDir}, reporting them under {@code shownDir}; links inside the tree resolved. At
     * most {@link SnapshotWriter#MAX_FILES} files, and as many directories entered through links, so links to
     * directories cannot multiply a small tree without bound, files or no files (GS-20).
     */
    private void walkInto(String shownDir, String realDir, List<FileEntry> out, int depth, int[] linked) {
        if (depth > LinkResolver.MAX_HOPS) {
            throw new SourceException(Reason.PATH_ESCAPE, shownDir, shownDir
                    + ": directory links nest too deep (or loop)", null);
        }
        String prefix = realDir.isEmpty() ? "" : realDir + "/";
        for (Map.Entry<String, LocalTree.Node> e : tree.entries().entrySet()) {
            String path = e.getKey();
            if (!path.startsWith(prefix) || path.indexOf('/', prefix.length()) >= 0) {
                continue;
            }
            String name = path.substring(prefix.length());
            String shown = shownDir.isEmpty() ? name : shownDir + "/" + name;
            LocalTree.Node node = e.getValue();
            if (out.size() >= SnapshotWriter.MAX_FILES) {
                throw new SourceException(Reason.LIMIT, shownDir, "directory '" + shownDir + "' holds more than "
                        + SnapshotWriter.MAX_FILES + " files", null);
            }
            if (node.type() == FileEntry.Type.FILE) {
                out.add(new FileEntry(shown, FileEntry.Type.FILE, node.content().length));
            } else if (node.type() == FileEntry.Type.DIRECTORY) {
                walkInto(shown, path, out, depth, linked);
            } else if (node.type() == FileEntry.Type.SYMLINK) {
                String target = resolve(path);
                LocalTree.Node t = tree.node(target);
                if (t != null && t.type() == FileEntry.Type.FILE) {
                    out.add(new FileEntry(shown, FileEntry.Type.FILE, t.content().length));
                } else if (tree.isDirectory(target)) {
                    if (++linked[0] > SnapshotWriter.MAX_FILES) {
                        throw new SourceException(Reason.LIMIT, shownDir, "directory '" + shownDir + "' reaches more "
                                + "than " + SnapshotWriter.MAX_FILES + " directories through links", null);
                    }
                    walkInto(shown, target, out, depth + 1, linked);
                }
            }
        }
    }

    @Override
    public Optional<FileEntry> stat(String path) {
        checkOpen();
        String normalized = SnapshotPaths.normalize(path);
        if (normalized.isEmpty()) {
            return Optional.of(new FileEntry("", FileEntry.Type.DIRECTORY, 0));
        }
        LocalTree.Node exact = tree.node(normalized);
        if (exact != null && exact.type() == FileEntry.Type.SYMLINK) {
            return Optional.of(new FileEntry(normalized, FileEntry.Type.SYMLINK, 0));
        }
        String resolved = resolve(normalized);
        LocalTree.Node node = tree.node(resolved);
        return node == null ? Optional.empty()
                : Optional.of(new FileEntry(normalized, node.type(), node.content().length));
    }

    @Override
    public byte[] read(String path) {
        String resolved = resolve(path);
        LocalTree.Node node = tree.node(resolved);
        String shown = SnapshotPaths.normalize(path);
        if (node == null || node.type() != FileEntry.Type.FILE) {
            throw new SourceException(Reason.NOT_FOUND, shown, shown + ": no such file in " + revision, null);
        }
        return node.content().clone();
    }

    @Override
    public String treeId(String directory) {
        return tree.hash(resolve(directory));
    }

    @Override
    public Path materialize() {
        checkOpen();
        return writer.materializeAll(this);
    }

    @Override
    public Path materialize(Collection<String> paths, long maxBytes) {
        checkOpen();
        return writer.materialize(this, paths, maxBytes);
    }

    @Override
    public void close() {
        closed = true;
        writer.deleteAll();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("snapshot of " + revision + " is closed");
        }
    }
}
