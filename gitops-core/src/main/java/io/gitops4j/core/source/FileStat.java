package io.gitops4j.core.source;

import io.gitops4j.api.source.FileEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What one {@code lstat} tells about a directory entry, links not followed: enough to see that a file was not
 * touched since it was read. Two equal stats of one path mean the same file with the same content, unless the file
 * was changed within the file system's timestamp granularity of its last change ({@link DigestCache} re-reads such
 * entries).
 *
 * @param type a file, a directory or a symbolic link
 * @param size the size in bytes
 * @param modified the modification time (mtime), nanoseconds since the epoch
 * @param changed the status change time (ctime), nanoseconds since the epoch; set by every write, rename into place
 *     and {@code utime} call, so a content change whose mtime was set back still shows. Where the file system has
 *     no {@code unix} attribute view, the modification time
 * @param key what identifies the file on its file system (device and inode), or null where there is none: a file
 *     replaced by another (a rename over it) has another key
 */
record FileStat(FileEntry.Type type, long size, long modified, long changed, Object key) {
    private static final String UNIX = "unix:mode,ino,dev,size,lastModifiedTime,ctime";
    private static final int TYPE_MASK = 0170000;
    private static final int REGULAR = 0100000;
    private static final int DIRECTORY = 0040000;
    private static final int LINK = 0120000;

    /** The identity of a file on a Unix file system. */
    private record Inode(long device, long inode) {}

    /** @return the later of mtime and ctime: the last moment the file's content or status changed */
    long lastChange() {
        return Math.max(modified, changed);
    }

    /**
     * Reads the stat of a path without following a link. Blocks on the file system.
     *
     * @param unix whether the path's file system has the {@code unix} attribute view (it gives the ctime)
     * @return the stat, or null for an entry that is neither a file, a directory nor a link (a pipe, a socket, a
     *     device)
     */
    static FileStat read(Path path, boolean unix) throws IOException {
        if (unix) {
            Map<String, Object> a = Files.readAttributes(path, UNIX, LinkOption.NOFOLLOW_LINKS);
            FileEntry.Type type = switch ((Integer) a.get("mode") & TYPE_MASK) {
                case REGULAR -> FileEntry.Type.FILE;
                case DIRECTORY -> FileEntry.Type.DIRECTORY;
                case LINK -> FileEntry.Type.SYMLINK;
                default -> null;
            };
            return type == null ? null : new FileStat(type, (Long) a.get("size"),
                    nanos((FileTime) a.get("lastModifiedTime")), nanos((FileTime) a.get("ctime")),
                    new Inode((Long) a.get("dev"), (Long) a.get("ino")));
        }
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        FileEntry.Type type = a.isRegularFile() ? FileEntry.Type.FILE : a.isDirectory() ? FileEntry.Type.DIRECTORY
                : a.isSymbolicLink() ? FileEntry.Type.SYMLINK : null;
        long modified = nanos(a.lastModifiedTime());
        return type == null ? null : new FileStat(type, a.size(), modified, modified, a.fileKey());
    }

    private static long nanos(FileTime t) {
        return t.to(TimeUnit.NANOSECONDS);
    }
}
