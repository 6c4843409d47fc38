package io.gitops4j.core.source;

import io.gitops4j.api.source.FileEntry;
import io.gitops4j.api.source.SnapshotPaths;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Walks a local directory without following any link below it: each entry's stat, and its content (a file's bytes,
 * a link's target) when the visitor asks for it. The root's {@code .git} directory is skipped; pipes, sockets and
 * devices are ignored. One walk enforces the directory's limits: at most {@code maxFiles} entries, and at most
 * {@code maxBytes} in its files (counted by the bytes read where a file was read, else by its stat size).
 *
 * <p>Stateless; blocks on the file system. Errors are {@link SourceException}s naming repo-relative paths only:
 * {@code LIMIT} past a limit, {@code PATH_ESCAPE} for a name no snapshot path may hold, {@code IO} when the file
 * system fails (the exception's class only, never a host path).
 */
final class TreeWalk {
    private TreeWalk() {}

    /** Receives the entries of one walk, in no particular order; called on the walking thread. */
    interface Visitor {
        /** @return whether {@link #entry} should get this file's bytes or this link's target */
        boolean wantsContent(String path, FileStat stat);

        /**
         * @param path the repo-relative path
         * @param content a file's bytes when wanted, else null
         * @param linkTarget a link's target (not followed) when wanted, else null
         */
        void entry(String path, FileStat stat, byte[] content, String linkTarget);
    }

    /** Reads one entry's stat, as {@link FileStat#read}; tests model other file systems with it. */
    @FunctionalInterface
    interface StatReader {
        FileStat read(Path path, boolean unix) throws IOException;
    }

    private record Pending(Path dir, String path) {}

    /** Walks a directory with real stats (see {@link #walk(Path, long, int, StatReader, Visitor)}). */
    static void walk(Path root, long maxBytes, int maxFiles, Visitor visitor) {
        walk(root, maxBytes, maxFiles, FileStat::read, visitor);
    }

    /**
     * Walks a directory, handing each entry to the visitor.
     *
     * @param root the directory (links in its own path are followed)
     * @param stats reads each entry's stat
     */
    static void walk(Path root, long maxBytes, int maxFiles, StatReader stats, Visitor visitor) {
        boolean unix = root.getFileSystem().supportedFileAttributeViews().contains("unix");
        Deque<Pending> pending = new ArrayDeque<>();
        pending.push(new Pending(root, ""));
        int entries = 0;
        long bytes = 0;
        try {
            while (!pending.isEmpty()) {
                Pending dir = pending.pop();
                try (DirectoryStream<Path> children = Files.newDirectoryStream(dir.dir())) {
                    for (Path child : children) {
                        String path = child(dir.path(), child.getFileName().toString());
                        FileStat stat = stats.read(child, unix);
                        if (stat == null || stat.type() == FileEntry.Type.DIRECTORY && path.equals(".git")) {
                            continue;
                        }
                        if (++entries > maxFiles) {
                            throw new SourceException(Reason.LIMIT, path, "the directory holds more than " + maxFiles
                                    + " entries", null);
                        }
                        byte[] content = null;
                        String target = null;
                        boolean wanted = stat.type() != FileEntry.Type.DIRECTORY && visitor.wantsContent(path, stat);
                        if (stat.type() == FileEntry.Type.FILE) {
                            if (stat.size() > maxBytes - bytes) {
                                throw tooLarge(path, maxBytes);
                            }
                            content = wanted ? read(child, path, maxBytes - bytes, maxBytes) : null;
                            bytes += content == null ? stat.size() : content.length;
                            if (bytes > maxBytes) {
                                throw tooLarge(path, maxBytes);
                            }
                        } else if (stat.type() == FileEntry.Type.SYMLINK && wanted) {
                            target = Files.readSymbolicLink(child).toString();
                        } else if (stat.type() == FileEntry.Type.DIRECTORY) {
                            pending.push(new Pending(child, path));
                        }
                        visitor.entry(path, stat, content, target);
                    }
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            Throwable cause = e instanceof DirectoryIteratorException d ? d.getCause() : e;
            throw new SourceException(Reason.IO, "", "local directory could not be read: "
                    + cause.getClass().getSimpleName(), null);
        }
    }

    /** @return the repo-relative path of a directory's child; names a snapshot path may not hold are refused */
    private static String child(String parent, String name) {
        String path = parent.isEmpty() ? name : parent + "/" + name;
        boolean plain = !(parent.isEmpty() && name.length() > 1 && name.charAt(1) == ':');
        for (int i = 0; plain && i < name.length(); i++) {
            char c = name.charAt(i);
            plain = c != '\\' && !Character.isISOControl(c);
        }
        return plain ? path : SnapshotPaths.normalize(path);   // the same path, or PATH_ESCAPE
    }

    /** Reads a file, not through a link, failing with LIMIT once it holds more than {@code allowed} bytes. */
    private static byte[] read(Path file, String path, long allowed, long maxBytes) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, Math.max(0, allowed) + 1));
            if (content.length > allowed) {
                throw tooLarge(path, maxBytes);
            }
            return content;
        }
    }

    private static SourceException tooLarge(String path, long maxBytes) {
        return new SourceException(Reason.LIMIT, path, path + ": the directory holds more than " + maxBytes
                + " bytes", null);
    }
}
