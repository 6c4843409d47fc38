package io.gitops4j.api.source;

import io.gitops4j.api.Checks;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Normalization of repo-relative paths: forward slashes, no leading slash, no {@code .} or empty segments, and
 * {@code ..} only while it stays inside the root. Every {@link Snapshot} method runs its path through here.
 */
public final class SnapshotPaths {
    private SnapshotPaths() {}

    /**
     * @return the normalized path, {@code ""} for the root
     * @throws SourceException with reason {@link SourceException.Reason#PATH_ESCAPE} for an absolute path, a
     *     {@code ..} that leaves the root, a backslash, NUL or other control character
     */
    public static String normalize(String path) {
        Checks.notNull(path, "path");
        if (path.startsWith("/") || hasDriveLetter(path)) {
            throw escape(path, "is absolute; paths are relative to the snapshot root");
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                if (c == '\\' || Character.isISOControl(c)) {
                    throw escape(path, "contains a backslash or control character");
                }
            }
            if (segment.equals("..")) {
                if (parts.isEmpty()) {
                    throw escape(path, "leaves the snapshot root");
                }
                parts.removeLast();
            } else {
                parts.addLast(segment);
            }
        }
        return String.join("/", parts);
    }

    /** @return whether {@code path} starts like {@code C:} (a Windows drive; checked without a regex: every path comes here) */
    private static boolean hasDriveLetter(String path) {
        if (path.length() < 2 || path.charAt(1) != ':') {
            return false;
        }
        char c = path.charAt(0);
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    /** @return {@code parent/child} normalized, confined like {@link #normalize} */
    public static String resolve(String parent, String child) {
        return normalize(parent.isEmpty() ? child : parent + "/" + child);
    }

    /** @return true when {@code path} equals {@code dir} or lies below it (both normalized) */
    public static boolean isWithin(String path, String dir) {
        return dir.isEmpty() || path.equals(dir) || path.startsWith(dir + "/");
    }

    private static SourceException escape(String path, String why) {
        String shown = path.length() > 120 ? path.substring(0, 120) + "…" : path;
        shown = shown.replaceAll("\\p{Cntrl}", "?");
        return new SourceException(SourceException.Reason.PATH_ESCAPE, "",
                "path '" + shown + "' " + why, null);
    }
}
