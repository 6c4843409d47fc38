package io.gitops4j.core.git;

import io.gitops4j.api.source.FileEntry;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a snapshot's files into a fresh private temporary directory (owner-only permissions). Only regular files
 * and directories are created, never links; names come from the already-confined walk, and every file is created
 * with {@code CREATE_NEW}, so a name collision (case-insensitive file systems) fails instead of overwriting.
 */
final class SnapshotWriter {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private Path dir;

    synchronized Path materialize(Snapshot snapshot) {
        if (dir != null) {
            return dir;
        }
        Path tmp = null;
        try {
            tmp = POSIX ? Files.createTempDirectory("gitops4j-snapshot-", dirPerms())
                    : Files.createTempDirectory("gitops4j-snapshot-");
            for (FileEntry e : snapshot.walk("")) {
                if (e.type() != FileEntry.Type.FILE) {
                    continue;
                }
                if (TreeNames.hasEscapes(e.path())) {
                    String shown = TreeNavigator.shown(e.path());
                    throw new SourceException(Reason.UNSUPPORTED, shown, "path '" + shown + "' is not valid UTF-8 "
                            + "and cannot be written to disk; read it from the snapshot instead", null);
                }
                Path target = tmp.resolve(e.path()).normalize();
                if (!target.startsWith(tmp)) {
                    throw new SourceException(Reason.PATH_ESCAPE, e.path(), "path '" + e.path()
                            + "' leaves the snapshot", null);
                }
                Path parent = target.getParent();
                if (POSIX) {
                    Files.createDirectories(parent, dirPerms());
                } else {
                    Files.createDirectories(parent);
                }
                Files.write(target, snapshot.read(e.path()), StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                if (POSIX) {
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
                }
            }
            dir = tmp;
            return dir;
        } catch (IOException e) {
            deleteTree(tmp);
            throw new SourceException(Reason.IO, "", "snapshot " + snapshot.revision()
                    + " could not be written to a temporary directory (" + e.getClass().getSimpleName() + ")", null);
        } catch (RuntimeException e) {
            deleteTree(tmp);
            throw e;
        }
    }

    synchronized void delete() {
        deleteTree(dir);
        dir = null;
    }

    private static FileAttribute<Set<PosixFilePermission>> dirPerms() {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort: close() never throws
        }
    }
}
