package io.gitops4j.core.git;

import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.Transport;

/**
 * The bare mirror of one repository URL in the cache directory, shared by every Application following it.
 *
 * <p>The ref advertisement keeps only valid ref names ({@link #advertisable}); for a {@code file:} URL it is read from
 * the repository in place ({@link LocalRefs}), for the others it is an ls-remote. Reads (object lookups, snapshots) run
 * concurrently. Writes (fetch, the record of the last resolved commit per ref) hold an in-process lock and a file
 * lock on {@code gitops4j.lock}, so two processes sharing a cache directory take turns. When the first write of this
 * process starts, stale {@code *.lock} files and temporary packs left by a killed process are removed (GS-12). A
 * fetch that fails or is cancelled leaves the refs untouched: JGit renames the pack into place only when it is
 * complete, and refs move after that.
 */
final class Mirror implements AutoCloseable {
    static final String SEEN = "refs/gitops4j/seen/";

    private final GitUrl url;
    private final Path dir;
    private final Repository repo;
    /** One lock per mirror directory for the whole JVM: file locks are per process, so threads take this first. */
    private static final java.util.concurrent.ConcurrentHashMap<Path, ReentrantLock> LOCKS =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final ReentrantLock writeLock;
    private final SharedSince<Advertised> lsRemote = new SharedSince<>();
    private final SingleFlight<String, Boolean> fetch = new SingleFlight<>();
    /** The ref check of a {@code file:} URL read in place; null for other schemes. */
    private final LocalRefs local;
    private volatile boolean cleaned;
    final AtomicInteger fetches = new AtomicInteger();
    final AtomicInteger lsRemotes = new AtomicInteger();

    private Mirror(GitUrl url, Path dir, Repository repo) {
        this.url = url;
        this.dir = dir;
        this.repo = repo;
        this.writeLock = LOCKS.computeIfAbsent(dir.toAbsolutePath().normalize(), p -> new ReentrantLock());
        this.local = url.scheme().equals("file") ? new LocalRefs(url.path()) : null;
    }

    static Mirror open(Path cacheDir, GitUrl url) {
        Path dir = cacheDir.resolve(url.mirrorName());
        try {
            Files.createDirectories(cacheDir);
            Repository repo = new FileRepository(dir.toFile());
            if (!Files.exists(dir.resolve("config"))) {
                ReentrantLock jvmLock = LOCKS.computeIfAbsent(dir.toAbsolutePath().normalize(),
                        p -> new ReentrantLock());
                jvmLock.lock();
                try (FileChannel ch = lockChannel(cacheDir.resolve(url.mirrorName() + ".init.lock"));
                        FileLock ignored = ch.lock()) {
                    if (!Files.exists(dir.resolve("config"))) {
                        repo.create(true);
                    }
                } finally {
                    jvmLock.unlock();
                }
            }
            packedRefsFile(dir);
            StoredConfig config = repo.getConfig();
            config.setString("http", null, "followRedirects", "false");
            config.setBoolean("core", null, "logAllRefUpdates", false);
            config.setInt("gc", null, "auto", 0);
            config.setBoolean("fetch", null, "fsckObjects", false);
            return new Mirror(url, dir, repo);
        } catch (IOException e) {
            throw new SourceException(Reason.IO, url + ": cannot open the local mirror ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Makes sure the mirror has a {@code packed-refs} file (an empty one lists no refs, as a missing one does). With
     * none, JGit reads the file anew (and fails to) on every ref lookup; with one, it reads it again only when the
     * file's status changed, as it does for a file that git or JGit wrote. Created only when missing (an exclusive
     * create), so it never replaces a file a writer put there.
     */
    private static void packedRefsFile(Path dir) {
        try {
            Files.createFile(dir.resolve(Constants.PACKED_REFS));
        } catch (IOException e) {
            // there already (written by git, JGit or an earlier open) and left as it is, or not creatable: a mirror
            // without one works the same, its ref lookups only cost more
        }
    }

    Repository repository() {
        return repo;
    }

    Path directory() {
        return dir;
    }

    /** @return true while the mirror's object directory exists (false once someone deleted the mirror) */
    boolean isPresent() {
        return Files.isDirectory(dir.resolve("objects"));
    }

    /**
     * The refs as an ls-remote round trip that began at {@code askedAt} or later saw them: one round trip shared by
     * every caller that asked before it began ({@link SharedSince}).
     *
     * @param askedAt when the caller asked, a {@link System#nanoTime()} reading
     */
    Advertised advertised(Connector connector, FetchBudget budget, String cacheDir, long askedAt) {
        return lsRemote.get(askedAt, () -> {
            lsRemotes.incrementAndGet();
            Optional<Advertised> inPlace = local == null ? Optional.empty() : local.read();
            if (inPlace.isPresent()) {
                return inPlace.get();
            }
            BudgetMonitor monitor = new BudgetMonitor(budget, dir.resolve("objects"));
            try (Connector.Connection c = connector.open(repo, url, monitor);
                    FetchConnection fc = c.transport.openFetch()) {
                return Advertised.of(fc.getRefs());
            } catch (Exception e) {
                throw TransportFailures.map(url, "ls-remote", e, connector.secretsFor(url), cacheDir, monitor);
            }
        });
    }

    /**
     * @return true for {@code HEAD} and valid ref names; a server's other names (control characters, {@code ..},
     *     text meant for a message) are ignored, so they reach neither a {@code Revision} nor a message (GS-19)
     */
    static boolean advertisable(String name) {
        return name.equals(Constants.HEAD) || Repository.isValidRefName(name) && !UntrustedText.hasUnsafe(name);
    }

    boolean has(ObjectId id) {
        try {
            return repo.getObjectDatabase().has(id);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Fetches the given ref names (stored under the same names), unless {@code wanted} is already present; with
     * {@code depth > 0} only that many commits of history (shallow).
     * Concurrent calls for the same names share one fetch.
     */
    void fetch(Connector connector, List<String> refNames, ObjectId wanted, int depth, FetchBudget budget,
            String cacheDir) {
        String key = String.join(",", refNames);
        fetch.run(key, () -> {
            withWriteLock(() -> {
                if (wanted != null && has(wanted)) {
                    return null;
                }
                fetches.incrementAndGet();
                BudgetMonitor monitor = new BudgetMonitor(budget, dir.resolve("objects"));
                try (Connector.Connection c = connector.open(repo, url, monitor)) {
                    Transport t = c.transport;
                    if (depth > 0) {
                        t.setDepth(depth);
                    }
                    List<RefSpec> specs = refNames.stream()
                            .map(n -> new RefSpec("+" + n + ":" + n)).toList();
                    t.fetch(monitor, specs);
                } catch (Exception e) {
                    throw TransportFailures.map(url, "fetch", e, connector.secretsFor(url), cacheDir, monitor);
                }
                return null;
            });
            return Boolean.TRUE;
        });
    }

    /** @return the commit last resolved for a ref key, kept as a ref so its objects stay in the mirror */
    Optional<ObjectId> seen(String refKey) {
        try {
            org.eclipse.jgit.lib.Ref r = repo.exactRef(SEEN + refKey);
            return r == null ? Optional.empty() : Optional.ofNullable(r.getObjectId());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    void markSeen(String refKey, ObjectId commit) {
        withWriteLock(() -> {
            RefUpdate u = repo.updateRef(SEEN + refKey);
            u.setNewObjectId(commit);
            u.setForceUpdate(true);
            RefUpdate.Result r = u.update();
            if (r == RefUpdate.Result.LOCK_FAILURE || r == RefUpdate.Result.IO_FAILURE
                    || r == RefUpdate.Result.REJECTED) {
                throw new SourceException(Reason.IO, url + ": cannot record the resolved commit (" + r + ")");
            }
            return null;
        });
    }

    void forgetSeen(String refKey) {
        withWriteLock(() -> {
            RefUpdate u = repo.updateRef(SEEN + refKey);
            u.setForceUpdate(true);
            u.delete();
            return null;
        });
    }

    /** @return the object parsed (commit, tag or tree), or empty when missing */
    Optional<RevObject> parse(RevWalk walk, ObjectId id) {
        try {
            return Optional.of(walk.parseAny(id));
        } catch (MissingObjectException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new SourceException(Reason.IO, url + ": cannot read object " + id.name());
        }
    }

    <T> T withWriteLock(IoAction<T> action) {
        writeLock.lock();
        try (FileChannel ch = lockChannel(dir.resolve("gitops4j.lock")); FileLock ignored = ch.lock()) {
            if (!cleaned) {
                cleanStaleLocks();
                cleaned = true;
            }
            return action.run();
        } catch (IOException e) {
            throw new SourceException(Reason.IO, url + ": local mirror write failed (" + e.getClass().getSimpleName()
                    + ")");
        } finally {
            writeLock.unlock();
        }
    }

    /** An action that may throw I/O errors. */
    interface IoAction<T> {
        T run() throws IOException;
    }

    /**
     * Deletes lock and temporary files a killed process left behind (GS-12). Entries that vanish during the walk
     * (a reader of the same mirror finishing with a temporary file) are skipped, not an error.
     */
    private void cleanStaleLocks() throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) throws IOException {
                String name = p.getFileName().toString();
                if ((name.endsWith(".lock") && !name.equals("gitops4j.lock")) || name.startsWith("incoming_")) {
                    Files.deleteIfExists(p);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path p, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        repo.getRefDatabase().refresh();
    }

    private static FileChannel lockChannel(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        return FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    @Override
    public void close() {
        if (local != null) {
            local.close();
        }
        repo.close();
    }
}
