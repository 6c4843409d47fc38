package io.gitops4j.core.source;

import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.Source;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import io.gitops4j.api.source.SourceSpec;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;

/**
 * A source over a local directory, named by a {@code file:} URL. Supported for local use and tests: a directory
 * that is a Git repository (it has {@code .git} or is bare) is left to the Git source.
 *
 * <p>The revision is {@code local@sha256:<content hash>} of the whole tree (bounded by {@code maxBytes} and {@code
 * maxFiles}; links below the directory are never followed). Resolving stats every entry and reads only the files
 * whose stat changed since an earlier resolve, or that changed too shortly before it to be trusted (see {@link
 * DigestCache}); opening reads the whole tree into memory, hashes what it read and fails when that differs from the
 * revision, so a snapshot always shows exactly its revision. The ref of the spec is ignored.
 *
 * <p>Thread-safe. It keeps, per directory, the stats and content digests of its entries (never their bytes), at most
 * twice {@code maxFiles} entries in all; {@link #close()} drops them.
 */
public final class LocalDirectorySource implements Source {
    private static final String REF = "local";
    private final long maxBytes;
    private final int maxFiles;
    private final DigestCache digests;

    /**
     * @param maxBytes the most bytes a directory may hold
     * @param maxFiles the most entries a directory may hold
     */
    public LocalDirectorySource(long maxBytes, int maxFiles) {
        this(maxBytes, maxFiles, Clock.systemUTC(), FileStat::read);
    }

    /**
     * @param clock the wall clock file times are compared with (tests move it)
     * @param stats reads an entry's stat when resolving (tests model file systems with coarse timestamps)
     */
    LocalDirectorySource(long maxBytes, int maxFiles, Clock clock, TreeWalk.StatReader stats) {
        if (maxBytes <= 0 || maxFiles <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxBytes = maxBytes;
        this.maxFiles = maxFiles;
        this.digests = new DigestCache(clock, stats, 2L * maxFiles);
    }

    /** @return a source with limits of 256 MiB and 100,000 entries */
    public static LocalDirectorySource create() {
        return new LocalDirectorySource(256L << 20, 100_000);
    }

    @Override
    public boolean supports(SourceSpec spec) {
        if (!spec.isLocal()) {
            return false;
        }
        Path dir = directory(spec);
        return Files.isDirectory(dir) && !Files.exists(dir.resolve(".git"))
                && !(Files.isRegularFile(dir.resolve("HEAD")) && Files.isDirectory(dir.resolve("objects")));
    }

    @Override
    public Revision resolve(SourceSpec spec) {
        return new Revision(REF, digests.hash(realDirectory(spec), maxBytes, maxFiles));
    }

    @Override
    public Snapshot open(SourceSpec spec, Revision revision) {
        if (!revision.isResolved()) {
            throw new IllegalArgumentException("revision " + revision + " is not resolved");
        }
        LocalTree tree = LocalTree.read(realDirectory(spec), maxBytes, maxFiles);
        String now = tree.hash("");
        if (!now.equals(revision.id())) {
            throw new SourceException(Reason.NOT_FOUND, "", "local directory changed since " + revision
                    + " was resolved; resolve again", null);
        }
        return new LocalSnapshot(new Revision(REF, now), tree);
    }

    /** @return how many files and links resolving read since this source was made (for tests) */
    long contentReads() {
        return digests.contentReads();
    }

    /** Drops the kept stats and digests. Idempotent; the source stays usable. */
    @Override
    public void close() {
        digests.clear();
    }

    /** @return the spec's directory with every link in its own path resolved */
    private static Path realDirectory(SourceSpec spec) {
        Path dir = directory(spec);
        SourceException missing = new SourceException(Reason.NOT_FOUND, "", "local directory does not exist: "
                + dir.getFileName(), null);
        if (!Files.isDirectory(dir)) {
            throw missing;
        }
        try {
            return dir.toRealPath();
        } catch (IOException e) {   // gone since
            throw missing;
        }
    }

    private static Path directory(SourceSpec spec) {
        try {
            return Paths.get(URI.create(spec.url())).toAbsolutePath().normalize();
        } catch (IllegalArgumentException e) {
            throw new SourceException(Reason.POLICY, "", "not a local directory URL", null);
        }
    }
}
