package io.gitops4j.core.git;

import io.gitops4j.api.source.FileEntry;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SnapshotPaths;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import io.gitops4j.core.git.TreeNavigator.Node;
import io.gitops4j.core.source.SnapshotWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * A {@link Snapshot} of one commit read straight from the mirror's object database: no checkout, no
 * {@code .gitattributes} filter, no hook ever runs (GS-03, GS-04). Thread-safe: each call uses its own object reader.
 * Git LFS pointers are refused with {@code UNSUPPORTED}. Submodules whose URL the source allows are directories
 * read from their own mirrors; others are listed as {@link FileEntry.Type#SUBMODULE} and reading below them is
 * {@code UNSUPPORTED}.
 */
final class GitSnapshot implements Snapshot {
    private static final byte[] LFS = "version https://git-lfs.github.com/spec/v1".getBytes(StandardCharsets.US_ASCII);

    private final Repository repo;
    private final Revision revision;
    private final TreeNavigator tree;
    private final FetchBudget budget;
    private final Map<String, String> treeIds = new ConcurrentHashMap<>();
    private final SnapshotWriter writer = new SnapshotWriter(GitSnapshot::checkWritable);
    private volatile boolean closed;

    GitSnapshot(Repository repo, Revision revision, ObjectId rootTree, Map<String, TreeNavigator.Mount> mounts,
            FetchBudget budget) {
        this.repo = repo;
        this.revision = revision;
        this.tree = new TreeNavigator(repo, rootTree, mounts);
        this.budget = budget;
    }

    @Override
    public Revision revision() {
        return revision;
    }

    @Override
    public List<FileEntry> list(String directory) {
        String dir = open(directory);
        try (ObjectReaders r = new ObjectReaders()) {
            Optional<Node> node = tree.lookup(r, dir, true);
            if (node.isEmpty() || !node.get().isTree()) {
                return List.of();
            }
            List<FileEntry> out = new ArrayList<>();
            for (Node child : tree.children(r, node.get())) {
                String shownPath = SnapshotPaths.resolve(dir, child.name());
                out.add(entry(r, shownPath, child, true));
            }
            out.sort(Comparator.comparing(FileEntry::fileName));
            return List.copyOf(out);
        } catch (IOException e) {
            throw readFailure(dir, e);
        }
    }

    @Override
    public List<FileEntry> walk(String directory) {
        String dir = open(directory);
        try (ObjectReaders r = new ObjectReaders()) {
            Optional<Node> node = tree.lookup(r, dir, true);
            if (node.isEmpty() || !node.get().isTree()) {
                return List.of();
            }
            List<FileEntry> out = new ArrayList<>();
            walk(r, node.get(), dir, 0, out, new int[1]);
            out.sort(Comparator.comparing(FileEntry::path));
            return List.copyOf(out);
        } catch (IOException e) {
            throw readFailure(dir, e);
        }
    }

    /**
     * Collects the files below a tree. Files count against the file budget, and so does every directory entered
     * through a link, so links to directories cannot multiply a small tree without bound, files or no files (GS-20).
     */
    private void walk(ObjectReaders r, Node dir, String shownDir, int linkDepth, List<FileEntry> out, int[] linked)
            throws IOException {
        for (Node child : tree.children(r, dir)) {
            String p = shownDir.isEmpty() ? child.name() : shownDir + "/" + child.name();
            Node target = child;
            int depth = linkDepth;
            if (child.isLink()) {
                Optional<Node> resolved = tree.lookup(r, child.path(), true);
                if (resolved.isEmpty()) {
                    continue;
                }
                target = resolved.get();
                if (target.isTree() && ++depth > TreeNavigator.MAX_HOPS) {
                    throw TreeNavigator.escape(p, "symbolic links to directories nest too deep (a loop?)");
                }
                if (target.isTree() && ++linked[0] > budget.maxFiles()) {
                    throw new SourceException(Reason.LIMIT, shownDir, "directory '" + shownDir + "' reaches more "
                            + "than " + budget.maxFiles() + " directories through links", null);
                }
            }
            if (target.isTree()) {
                walk(r, target, p, depth, out, linked);
            } else if (target.isSubmodule()) {
                out.add(new FileEntry(p, FileEntry.Type.SUBMODULE, 0));
            } else {
                out.add(new FileEntry(p, FileEntry.Type.FILE, size(r, target)));
            }
            if (out.size() > budget.maxFiles()) {
                throw new SourceException(Reason.LIMIT, shownDir, "directory '" + shownDir + "' holds more than "
                        + budget.maxFiles() + " files", null);
            }
        }
    }

    @Override
    public Optional<FileEntry> stat(String path) {
        String p = open(path);
        try (ObjectReaders r = new ObjectReaders()) {
            Optional<Node> node = tree.lookup(r, p, false);
            return node.map(n -> entry(r, p, n, false));
        } catch (IOException e) {
            throw readFailure(p, e);
        }
    }

    @Override
    public boolean exists(String path) {
        String p = open(path);
        try (ObjectReaders r = new ObjectReaders()) {
            return tree.lookup(r, p, true).isPresent();
        } catch (IOException e) {
            throw readFailure(p, e);
        }
    }

    @Override
    public byte[] read(String path) {
        String p = open(path);
        try (ObjectReaders r = new ObjectReaders()) {
            Node node = tree.lookup(r, p, true).orElseThrow(() -> new SourceException(Reason.NOT_FOUND, p,
                    "path '" + TreeNavigator.shown(p) + "' not found at " + revision, null));
            if (node.isTree()) {
                throw new SourceException(Reason.NOT_FOUND, p, "path '" + TreeNavigator.shown(p)
                        + "' is a directory", null);
            }
            if (node.isSubmodule()) {
                throw new SourceException(Reason.UNSUPPORTED, p, "path '" + TreeNavigator.shown(p)
                        + "' is a submodule whose URL is not in the source's allowed submodule URLs; it is not fetched", null);
            }
            long size = r.of(node).getObjectSize(node.id(), Constants.OBJ_BLOB);
            if (size > budget.maxFileBytes()) {
                throw new SourceException(Reason.LIMIT, p, "path '" + TreeNavigator.shown(p) + "' is " + size
                        + " bytes, over the limit of " + budget.maxFileBytes(), null);
            }
            byte[] bytes = r.of(node).open(node.id(), Constants.OBJ_BLOB).getBytes((int) budget.maxFileBytes());
            if (isLfsPointer(bytes)) {
                throw new SourceException(Reason.UNSUPPORTED, p, "path '" + TreeNavigator.shown(p)
                        + "' is a Git LFS pointer: LFS not supported", null);
            }
            return bytes;
        } catch (IOException e) {
            throw readFailure(p, e);
        }
    }

    static boolean isLfsPointer(byte[] bytes) {
        if (bytes.length > 1024 || bytes.length < LFS.length) {
            return false;
        }
        for (int i = 0; i < LFS.length; i++) {
            if (bytes[i] != LFS[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The Git tree id of the directory when nothing below it is a symbolic link; otherwise (a link may point
     * elsewhere in the tree) a hash of the root tree id and the directory, which also changes with any content.
     */
    @Override
    public String treeId(String directory) {
        String dir = open(directory);
        return treeIds.computeIfAbsent(dir, d -> {
            try (ObjectReaders r = new ObjectReaders()) {
                Node node = tree.lookup(r, d, true).filter(Node::isTree).orElseThrow(() -> new SourceException(
                        Reason.NOT_FOUND, d, "directory '" + TreeNavigator.shown(d) + "' not found", null));
                if (!hasLinks(r, node) && !hasMountsBelow(d)) {
                    return node.id().name();
                }
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                md.update(tree.root().id().name().getBytes(StandardCharsets.US_ASCII));
                md.update((byte) 0);
                md.update(d.getBytes(StandardCharsets.UTF_8));
                for (var m : new java.util.TreeMap<>(tree.mounts()).entrySet()) {
                    md.update((byte) 0);
                    md.update(m.getKey().getBytes(StandardCharsets.UTF_8));
                    md.update(m.getValue().tree().name().getBytes(StandardCharsets.US_ASCII));
                }
                return "root:" + HexFormat.of().formatHex(md.digest());
            } catch (IOException e) {
                throw readFailure(d, e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static long size(ObjectReaders r, Node file) throws IOException {
        return r.of(file).getObjectSize(file.id(), Constants.OBJ_BLOB);
    }

    private boolean hasMountsBelow(String dir) {
        return tree.mounts().keySet().stream().anyMatch(m -> dir.isEmpty() || m.startsWith(dir + "/")
                || m.equals(dir));
    }

    private boolean hasLinks(ObjectReaders r, Node dir) throws IOException {
        for (Node child : tree.children(r, dir)) {
            if (child.isLink() || (child.isTree() && hasLinks(r, child))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Path materialize() {
        open("");
        return writer.materializeAll(this);
    }

    @Override
    public Path materialize(Collection<String> paths, long maxBytes) {
        open("");
        return writer.materialize(this, paths, maxBytes);
    }

    /** A name holding bytes that are not UTF-8 is shown with escapes and cannot be written under its real name. */
    private static void checkWritable(String path) {
        if (TreeNames.hasEscapes(path)) {
            String shown = TreeNavigator.shown(path);
            throw new SourceException(Reason.UNSUPPORTED, shown, "path '" + shown + "' is not valid UTF-8 and cannot "
                    + "be written to disk; read it from the snapshot instead", null);
        }
    }

    @Override
    public void close() {
        closed = true;
        writer.deleteAll();
    }

    private FileEntry entry(ObjectReaders r, String shownPath, Node n, boolean followLinks) {
        try {
            Node target = n;
            if (n.isLink()) {
                if (!followLinks) {
                    return new FileEntry(shownPath, FileEntry.Type.SYMLINK, 0);
                }
                Optional<Node> resolved;
                try {
                    resolved = tree.lookup(r, n.path(), true);
                } catch (SourceException e) {
                    return new FileEntry(shownPath, FileEntry.Type.SYMLINK, 0);
                }
                if (resolved.isEmpty()) {
                    return new FileEntry(shownPath, FileEntry.Type.SYMLINK, 0);
                }
                target = resolved.get();
            }
            if (target.isTree()) {
                return new FileEntry(shownPath, FileEntry.Type.DIRECTORY, 0);
            }
            if (target.isSubmodule()) {
                return new FileEntry(shownPath, FileEntry.Type.SUBMODULE, 0);
            }
            return new FileEntry(shownPath, FileEntry.Type.FILE, size(r, target));
        } catch (IOException e) {
            throw readFailure(shownPath, e);
        }
    }

    private String open(String path) {
        if (closed) {
            throw new IllegalStateException("snapshot " + revision + " is closed");
        }
        return SnapshotPaths.normalize(path);
    }

    private SourceException readFailure(String path, IOException e) {
        return new SourceException(Reason.IO, path, "path '" + TreeNavigator.shown(path) + "': cannot read from "
                + "the mirror (" + e.getClass().getSimpleName() + ")", null);
    }
}
