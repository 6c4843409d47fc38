package io.gitops4j.core.source;

import io.gitops4j.api.source.SnapshotPaths;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import java.util.function.Function;

/**
 * Resolves a repo-relative path through symbolic links inside a tree, checking every path component (GS-01,
 * GS-02): at most {@value #MAX_HOPS} links, none absolute, none leaving the root. Errors name the path asked for,
 * never a link's target.
 */
final class LinkResolver {
    static final int MAX_HOPS = 10;

    private LinkResolver() {}

    /**
     * @param path a normalized repo-relative path
     * @param linkTarget returns the target text when the exact path is a link, else null
     * @return the path with every link resolved
     * @throws SourceException PATH_ESCAPE for an absolute or escaping link, a loop, or more than 10 hops
     */
    static String resolve(String path, Function<String, String> linkTarget) {
        String pending = path;
        int hops = 0;
        restart:
        while (true) {
            String[] segments = pending.isEmpty() ? new String[0] : pending.split("/");
            String current = "";
            for (int i = 0; i < segments.length; i++) {
                String candidate = current.isEmpty() ? segments[i] : current + "/" + segments[i];
                String target = linkTarget.apply(candidate);
                if (target == null) {
                    current = candidate;
                    continue;
                }
                if (++hops > MAX_HOPS) {
                    throw refused(path, "passes through more than " + MAX_HOPS + " symbolic links (or a loop)");
                }
                if (target.startsWith("/") || target.matches("^[A-Za-z]:.*")) {
                    throw refused(path, "goes through a symbolic link that points outside the repository");
                }
                StringBuilder rest = new StringBuilder(current.isEmpty() ? "" : current + "/").append(target);
                for (int j = i + 1; j < segments.length; j++) {
                    rest.append('/').append(segments[j]);
                }
                try {
                    pending = SnapshotPaths.normalize(rest.toString());
                } catch (SourceException e) {
                    throw refused(path, "goes through a symbolic link that points outside the repository");
                }
                continue restart;
            }
            return current;
        }
    }

    private static SourceException refused(String path, String why) {
        return new SourceException(Reason.PATH_ESCAPE, path, path + ": " + why, null);
    }
}
