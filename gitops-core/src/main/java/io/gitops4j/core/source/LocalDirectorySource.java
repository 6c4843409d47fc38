package io.gitops4j.core.source;

import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.Source;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import io.gitops4j.api.source.SourceSpec;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * A source over a local directory, named by a {@code file:} URL. Supported for local use and tests: a directory
 * that is a Git repository (it has {@code .git} or is bare) is left to the Git source.
 *
 * <p>The revision is {@code local@sha256:<content hash>}: resolving reads the whole tree (bounded by {@code
 * maxBytes} and {@code maxFiles}); opening re-reads it and fails when it changed since it was resolved, so a
 * snapshot always shows exactly its revision. The ref of the spec is ignored. Thread-safe and stateless.
 */
public final class LocalDirectorySource implements Source {
    private static final String REF = "local";
    private final long maxBytes;
    private final int maxFiles;

    /**
     * @param maxBytes the most bytes a directory may hold
     * @param maxFiles the most entries a directory may hold
     */
    public LocalDirectorySource(long maxBytes, int maxFiles) {
        if (maxBytes <= 0 || maxFiles <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxBytes = maxBytes;
        this.maxFiles = maxFiles;
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
        return new Revision(REF, read(spec).hash(""));
    }

    @Override
    public Snapshot open(SourceSpec spec, Revision revision) {
        if (!revision.isResolved()) {
            throw new IllegalArgumentException("revision " + revision + " is not resolved");
        }
        LocalTree tree = read(spec);
        String now = tree.hash("");
        if (!now.equals(revision.id())) {
            throw new SourceException(Reason.NOT_FOUND, "", "local directory changed since " + revision
                    + " was resolved; resolve again", null);
        }
        return new LocalSnapshot(new Revision(REF, now), tree);
    }

    private LocalTree read(SourceSpec spec) {
        Path dir = directory(spec);
        if (!Files.isDirectory(dir)) {
            throw new SourceException(Reason.NOT_FOUND, "", "local directory does not exist: "
                    + dir.getFileName(), null);
        }
        return LocalTree.read(dir, maxBytes, maxFiles);
    }

    private static Path directory(SourceSpec spec) {
        try {
            return Paths.get(URI.create(spec.url())).toAbsolutePath().normalize();
        } catch (IllegalArgumentException e) {
            throw new SourceException(Reason.POLICY, "", "not a local directory URL", null);
        }
    }
}
