package io.gitops4j.core.git;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefDatabase;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.lib.SymbolicRef;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.TransferConfig;
import org.eclipse.jgit.util.FS;

/**
 * The ref check of a repository on this machine (a {@code file:} URL), read from its ref database in this process:
 * the names, objects, peeled tags and {@code HEAD}'s target an ls-remote of it advertises (hidden refs such as {@code
 * uploadpack.hideRefs} left out by the filter JGit's upload-pack applies), without an upload-pack thread and a
 * repository opened for every check, which cost about a millisecond of CPU each time.
 *
 * <p>The repository stays open between checks. Its ref database tells a changed ref file from an unchanged one by
 * the file's status (modification time, size and file identity, and a file changed too recently for its timestamp
 * to tell counts as changed), and rescans the ref directories on every check, so a ref created, moved, deleted or
 * packed by any writer (git, JGit, another process) is seen by the next check; ref writers replace a ref file by a
 * rename, which gives it a new identity. Each check first finds the repository at the URL's path again as the
 * transport would (the path itself or its {@code .git}); when it is gone, not a repository (a bundle file) or cannot
 * be read, the check answers empty and the caller takes the transport, which reports what is wrong as before.
 * Not thread-safe: a mirror runs one ref check at a time ({@link SharedSince}); {@link #close()} closes the
 * repository.
 */
final class LocalRefs implements AutoCloseable {
    private final File path;
    private Repository repo;

    /** @param path the URL's path: a repository's directory or its working tree */
    LocalRefs(String path) {
        this.path = new File(path);
    }

    /** @return the refs as an ls-remote of the repository would advertise them now; empty: take the transport */
    Optional<Advertised> read() {
        try {
            File gitDir = path.isDirectory() ? RepositoryCache.FileKey.resolve(path, FS.DETECTED) : null;
            if (gitDir == null) {
                close();
                return Optional.empty();
            }
            if (repo == null || !repo.getDirectory().equals(gitDir)) {
                close();
                repo = new FileRepositoryBuilder().setGitDir(gitDir).setMustExist(true).build();
            }
            RefDatabase refs = repo.getRefDatabase();
            Map<String, Ref> all = new HashMap<>();
            for (Ref r : refs.getRefs()) {
                all.put(r.getName(), r);
            }
            List<Ref> shown = new ArrayList<>();
            for (Ref r : new TransferConfig(repo).getRefFilter().filter(all).values()) {
                Ref leaf = r.getLeaf();
                Ref peeled = leaf.isPeeled() || leaf.getObjectId() == null ? leaf : refs.peel(leaf);
                shown.add(r.isSymbolic() ? new SymbolicRef(r.getName(), peeled) : peeled);
            }
            return Optional.of(Advertised.of(shown));
        } catch (IOException | RuntimeException e) {
            close();
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        if (repo != null) {
            repo.close();
            repo = null;
        }
    }
}
