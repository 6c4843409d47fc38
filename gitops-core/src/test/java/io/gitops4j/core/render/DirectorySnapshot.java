package io.gitops4j.core.render;

import io.gitops4j.api.source.FileEntry;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SnapshotPaths;
import io.gitops4j.api.source.SourceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A test-only {@link Snapshot} over a local directory (until the core's local source is used): confined to the
 * root, links resolved and checked, materialized as a private copy.
 */
final class DirectorySnapshot implements Snapshot {
    private final Path root;
    private Path materialized;

    DirectorySnapshot(Path root) {
        try {
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Revision revision() {
        return new Revision("refs/heads/main", "0".repeat(40));
    }

    private Path resolve(String path) {
        String normalized = SnapshotPaths.normalize(path);
        Path p = normalized.isEmpty() ? root : root.resolve(normalized);
        try {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                Path real = p.toRealPath();
                if (!real.startsWith(root)) {
                    throw new SourceException(SourceException.Reason.PATH_ESCAPE, normalized,
                            normalized + ": link leaves the tree", null);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private FileEntry entry(Path p) {
        String rel = root.relativize(p).toString().replace('\\', '/');
        try {
            if (Files.isDirectory(p)) {
                return new FileEntry(rel, FileEntry.Type.DIRECTORY, 0);
            }
            return new FileEntry(rel, FileEntry.Type.FILE, Files.size(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<FileEntry> list(String directory) {
        Path dir = resolve(directory);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> paths = s.sorted().toList();
            List<FileEntry> out = new ArrayList<>();
            for (Path p : paths) {
                resolve(root.relativize(p).toString());
                out.add(entry(p));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<FileEntry> walk(String directory) {
        Path dir = resolve(directory);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<FileEntry> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(x -> !Files.isDirectory(x)).toList()) {
                resolve(root.relativize(p).toString());
                out.add(entry(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(Comparator.comparing(FileEntry::path));
        return out;
    }

    @Override
    public Optional<FileEntry> stat(String path) {
        Path p = resolve(path);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        if (Files.isSymbolicLink(p)) {
            return Optional.of(new FileEntry(SnapshotPaths.normalize(path), FileEntry.Type.SYMLINK, 0));
        }
        return Optional.of(entry(p));
    }

    @Override
    public byte[] read(String path) {
        Path p = resolve(path);
        try {
            return Files.readAllBytes(p);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new SourceException(SourceException.Reason.NOT_FOUND, path, path + ": not found", null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String treeId(String directory) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (FileEntry e : walk(directory)) {
                digest.update(e.path().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(read(e.path()));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized Path materialize() {
        if (materialized != null) {
            return materialized;
        }
        try {
            Path target = Files.createTempDirectory("snapshot-");
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Files.createDirectories(target.resolve(root.relativize(dir).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Path real = file.toRealPath();
                    if (!real.startsWith(root)) {
                        throw new SourceException(SourceException.Reason.PATH_ESCAPE,
                                root.relativize(file).toString(), root.relativize(file) + ": link leaves the tree",
                                null);
                    }
                    Files.copy(real, target.resolve(root.relativize(file).toString()));
                    return FileVisitResult.CONTINUE;
                }
            });
            materialized = target;
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (materialized != null) {
            try (Stream<Path> s = Files.walk(materialized)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // best effort in tests
            }
            materialized = null;
        }
    }
}
