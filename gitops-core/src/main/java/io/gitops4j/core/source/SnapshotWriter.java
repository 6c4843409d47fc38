package io.gitops4j.core.source;

import io.gitops4j.api.source.FileEntry;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SnapshotPaths;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Writes a snapshot's files into fresh private temporary directories for tools that need files on disk (GS-03,
 * GS-20), on behalf of a {@link Snapshot} implementation: {@link #materializeAll} for {@link Snapshot#materialize()},
 * {@link #materialize} for {@link Snapshot#materialize(Collection, long)}.
 *
 * <p>Only regular files and directories are created, never links (a link inside the tree becomes a copy at the
 * link's path); directories get owner-only permissions ({@code rwx------}) and files {@code rw-------}; names come
 * from the snapshot's own confined paths and every file is created with {@code CREATE_NEW}, so a collision (a
 * case-insensitive file system) fails instead of overwriting.
 *
 * <p>Budgets: a materialization writes at most {@code maxBytes} (the sum of file sizes, a file reached through
 * several links counted at each path) and at most {@link #MAX_FILES} files. Sizes known up front are checked before
 * anything is written; the rest while writing. Over either budget the directory is deleted and the call fails with
 * {@code LIMIT}, so at most the budget was ever on disk.
 *
 * <p>Thread-safe (synchronized). {@link #deleteAll} removes every directory this writer created that the caller
 * has not deleted yet.
 */
public final class SnapshotWriter {
    /** The most bytes {@link #materializeAll} writes: 256 MiB. */
    public static final long MAX_TREE_BYTES = 256L << 20;
    /** The most files one materialization writes. */
    public static final int MAX_FILES = 100_000;

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private final Consumer<String> nameCheck;
    private final List<Path> written = new ArrayList<>();
    private Path whole;

    /** @param nameCheck throws for a path that must not be written to disk (called for every file) */
    public SnapshotWriter(Consumer<String> nameCheck) {
        this.nameCheck = nameCheck;
    }

    /** @return the whole tree in one directory, written on the first call and returned again after */
    public synchronized Path materializeAll(Snapshot snapshot) {
        if (whole == null) {
            whole = write(snapshot, filesBelow(snapshot, ""), MAX_TREE_BYTES);
        }
        return whole;
    }

    /**
     * @param paths repo-relative files and directories (a directory with every file below it)
     * @return a new directory holding just these
     */
    public synchronized Path materialize(Snapshot snapshot, Collection<String> paths, long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative");
        }
        Map<String, Long> files = new LinkedHashMap<>();
        for (String p : paths) {
            String path = SnapshotPaths.normalize(p);
            Map<String, Long> below = filesBelow(snapshot, path);
            if (!below.isEmpty()) {
                below.forEach(files::putIfAbsent);
            } else if (snapshot.exists(path)) {
                files.putIfAbsent(path, snapshot.stat(path).filter(e -> e.type() == FileEntry.Type.FILE)
                        .map(FileEntry::size).orElse(0L));
            } else {
                throw new SourceException(Reason.NOT_FOUND, path, "path '" + path + "' not found in "
                        + snapshot.revision(), null);
            }
        }
        return write(snapshot, files, maxBytes);
    }

    /** Deletes every directory written so far. Never throws. */
    public synchronized void deleteAll() {
        written.forEach(SnapshotWriter::deleteTree);
        written.clear();
        whole = null;
    }

    private static Map<String, Long> filesBelow(Snapshot snapshot, String dir) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (FileEntry e : snapshot.walk(dir)) {
            if (e.type() == FileEntry.Type.FILE) {
                out.put(e.path(), e.size());
            }
        }
        return out;
    }

    private Path write(Snapshot snapshot, Map<String, Long> files, long maxBytes) {
        long known = files.values().stream().mapToLong(Long::longValue).sum();
        if (files.size() > MAX_FILES) {
            throw tooMuch(snapshot, files.size() + " files, over the limit of " + MAX_FILES);
        }
        if (known > maxBytes) {
            throw tooMuch(snapshot, known + " bytes, over the limit of " + maxBytes);
        }
        Path tmp = null;
        try {
            tmp = POSIX ? Files.createTempDirectory("gitops4j-snapshot-", dirPerms())
                    : Files.createTempDirectory("gitops4j-snapshot-");
            long total = 0;
            for (String path : files.keySet()) {
                nameCheck.accept(path);
                Path target = tmp.resolve(path).normalize();
                if (!target.startsWith(tmp) || target.equals(tmp)) {
                    throw new SourceException(Reason.PATH_ESCAPE, path, "path '" + path + "' leaves the snapshot",
                            null);
                }
                byte[] content = snapshot.read(path);
                total += content.length;
                if (total > maxBytes) {
                    throw tooMuch(snapshot, "more than " + maxBytes + " bytes");
                }
                if (POSIX) {
                    Files.createDirectories(target.getParent(), dirPerms());
                } else {
                    Files.createDirectories(target.getParent());
                }
                Files.write(target, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                if (POSIX) {
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
                }
            }
            written.add(tmp);
            return tmp;
        } catch (IOException e) {
            deleteTree(tmp);
            throw new SourceException(Reason.IO, "", "snapshot " + snapshot.revision()
                    + " could not be written to a temporary directory (" + e.getClass().getSimpleName() + ")", null);
        } catch (RuntimeException e) {
            deleteTree(tmp);
            throw e;
        }
    }

    private static SourceException tooMuch(Snapshot snapshot, String what) {
        return new SourceException(Reason.LIMIT, "", "writing snapshot " + snapshot.revision() + " to disk needs "
                + what + "; nothing was kept", null);
    }

    private static FileAttribute<Set<PosixFilePermission>> dirPerms() {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    }

    /** Deletes a directory tree, best effort; never throws. */
    public static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a leftover private temporary file is not worth failing a close
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            // best effort
        }
    }
}
