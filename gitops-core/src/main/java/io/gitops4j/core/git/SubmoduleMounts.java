package io.gitops4j.core.git;

import io.gitops4j.api.source.SnapshotPaths;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Finds the submodules of a commit that the source may fetch (GS-04): reads {@code .gitmodules} from the commit's
 * tree as data (JGit's config parser; no command, no include, no filter ever runs), keeps the entries whose URL
 * (relative URLs resolved against the superproject's URL) passes the host's allow-list and whose path is a gitlink
 * in the tree, and asks the source to make the recorded commit available in that URL's own mirror — with the same
 * URL policy, credentials and budgets as any repository. Submodules of submodules are not entered.
 */
final class SubmoduleMounts {
    static final int MAX_GITMODULES_BYTES = 64 * 1024;
    static final int MAX_SUBMODULES = 256;

    /** Makes a commit of a submodule URL available locally. */
    @FunctionalInterface
    interface Fetcher {
        /** @return the mirror holding {@code commit}; throws {@link SourceException} when it cannot */
        Repository ensure(GitUrl url, ObjectId commit);
    }

    private final Predicate<GitUrl> allowed;
    private final boolean allowFile;

    SubmoduleMounts(Predicate<GitUrl> allowed, boolean allowFile) {
        this.allowed = allowed;
        this.allowFile = allowFile;
    }

    /** @return the allowed submodules of this tree by repo-relative path, fetched when missing */
    Map<String, TreeNavigator.Mount> mounts(Repository repo, GitUrl superUrl, ObjectId rootTree, Fetcher fetcher) {
        if (allowed == null) {
            return Map.of();
        }
        Map<String, TreeNavigator.Mount> out = new TreeMap<>();
        try (ObjectReader reader = repo.newObjectReader()) {
            Config modules = gitmodules(repo, reader, rootTree);
            int count = 0;
            for (String name : modules.getSubsections("submodule")) {
                if (++count > MAX_SUBMODULES) {
                    break;
                }
                String path = modules.getString("submodule", name, "path");
                String rawUrl = modules.getString("submodule", name, "url");
                if (path == null || rawUrl == null) {
                    continue;
                }
                GitUrl url = parse(superUrl, rawUrl);
                String p = normalize(path);
                if (url == null || p == null || !allowed.test(url)) {
                    continue;
                }
                ObjectId commit = gitlink(repo, rootTree, p);
                if (commit == null) {
                    continue;
                }
                Repository sub;
                try {
                    sub = fetcher.ensure(url, commit);
                } catch (SourceException e) {
                    throw new SourceException(e.reason(), p, "submodule '" + TreeNavigator.shown(p) + "': "
                            + e.getMessage(), null);
                }
                out.put(p, new TreeNavigator.Mount(sub, treeOf(sub, commit, url)));
            }
        } catch (IOException e) {
            throw new SourceException(Reason.IO, superUrl + ": cannot read .gitmodules (" + e.getClass()
                    .getSimpleName() + ")");
        }
        return out;
    }

    private static Config gitmodules(Repository repo, ObjectReader reader, ObjectId rootTree) throws IOException {
        Config c = new Config();
        try (TreeWalk tw = TreeWalk.forPath(repo, Constants.DOT_GIT_MODULES, rootTree)) {
            if (tw == null || !tw.getFileMode(0).equals(FileMode.REGULAR_FILE)
                    || reader.getObjectSize(tw.getObjectId(0), Constants.OBJ_BLOB) > MAX_GITMODULES_BYTES) {
                return c;
            }
            byte[] text = reader.open(tw.getObjectId(0), Constants.OBJ_BLOB).getCachedBytes();
            c.fromText(new String(text, StandardCharsets.UTF_8));
        } catch (ConfigInvalidException e) {
            return new Config();
        }
        return c;
    }

    private GitUrl parse(GitUrl superUrl, String rawUrl) {
        String u = rawUrl.trim();
        if (u.startsWith("./") || u.startsWith("../")) {
            u = relative(superUrl.toJGitUrl(), u);
        }
        try {
            return GitUrl.parse(u, allowFile);
        } catch (SourceException e) {
            return null;
        }
    }

    /** @return a relative submodule URL resolved the way Git does: against the superproject URL as a directory */
    static String relative(String base, String rel) {
        String b = base;
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        String r = rel;
        while (true) {
            if (r.startsWith("./")) {
                r = r.substring(2);
            } else if (r.startsWith("../")) {
                int slash = b.lastIndexOf('/');
                int root = b.indexOf("://") + 3;
                if (slash <= root) {
                    return "invalid:" + rel;
                }
                b = b.substring(0, slash);
                r = r.substring(3);
            } else {
                return b + "/" + r;
            }
        }
    }

    private static String normalize(String path) {
        try {
            String p = SnapshotPaths.normalize(path);
            return p.isEmpty() ? null : p;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static ObjectId gitlink(Repository repo, ObjectId rootTree, String path) throws IOException {
        try (TreeWalk tw = TreeWalk.forPath(repo, path, rootTree)) {
            return tw != null && tw.getFileMode(0).equals(FileMode.GITLINK) ? tw.getObjectId(0) : null;
        }
    }

    private static ObjectId treeOf(Repository sub, ObjectId commit, GitUrl url) {
        try (RevWalk walk = new RevWalk(sub)) {
            RevCommit c = walk.parseCommit(commit);
            return c.getTree().copy();
        } catch (IOException e) {
            throw new SourceException(Reason.NOT_FOUND, url + ": submodule commit " + commit.name()
                    + " is not a readable commit");
        }
    }
}
