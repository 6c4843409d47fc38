package io.gitops4j.core.render;

import io.gitops4j.api.GitOpsException;
import io.gitops4j.api.render.PlainYamlOptions;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.render.Renderer;
import io.gitops4j.api.resource.DuplicateResourceException;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ManifestSet;
import io.gitops4j.api.source.FileEntry;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SourceException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The {@code plain} renderer: every YAML and JSON file below the render path, read like {@code kubectl apply -f DIR
 * [--recursive]} reads them (see {@link ManifestReader}).
 *
 * <p>Files are chosen by {@link PlainYamlOptions}: include globs (default: {@code .yaml}, {@code .yml}, {@code
 * .json} at any depth) minus exclude globs, both relative to the render path; subdirectories only when recursive.
 * They are read in sorted path order, so the output order is stable. A render path naming a file renders that file.
 * A directory without matching files gives zero objects, which is a result, not an error. A missing path is an
 * error.
 *
 * <p>The total size budget is checked on the file sizes before anything is parsed. Files are parsed on the calling
 * thread, unless the renderer was built with {@code parallel} set: then, with several files and more than {@value
 * #PARALLEL_BYTES} bytes, they are parsed on the common fork-join pool (files are independent), with the same result
 * and the same error (the first failing file in path order) as one after another. Parallel parsing is opt-in because
 * on a busy 2-core host it measured no better than one thread (see {@code ./gitops4j bench render}) and it takes
 * threads of a pool the embedding application may rely on.
 *
 * <p>The spec's {@link io.gitops4j.api.render.Substitution} is applied to the objects before their identities are
 * checked ({@link PostBuildSubstitution}). Thread-safe and stateless apart from its limits.
 */
public final class PlainYamlRenderer implements Renderer {
    /** Below this many bytes in total, files are read on the calling thread only. */
    static final long PARALLEL_BYTES = 256 * 1024;

    private final YamlLimits limits;
    private final ManifestReader reader;
    private final PostBuildSubstitution substitution;
    private final boolean parallel;

    /** A renderer with {@link YamlLimits#defaults()}. */
    public PlainYamlRenderer() {
        this(YamlLimits.defaults());
    }

    /** @param limits the budgets to enforce; files are parsed on the calling thread */
    public PlainYamlRenderer(YamlLimits limits) {
        this(limits, false);
    }

    /**
     * @param limits the budgets to enforce
     * @param parallel true to parse the files of large renders in parallel on the common fork-join pool
     */
    public PlainYamlRenderer(YamlLimits limits, boolean parallel) {
        this.limits = limits;
        this.reader = new ManifestReader(limits);
        this.substitution = new PostBuildSubstitution(limits);
        this.parallel = parallel;
    }

    @Override
    public String name() {
        return RenderSpec.PLAIN;
    }

    @Override
    public String version() {
        return "plain-1";
    }

    @Override
    public ManifestSet render(Snapshot snapshot, RenderSpec spec) {
        PlainYamlOptions options = spec.options(PlainYamlOptions.class);
        String root = spec.path();
        try {
            List<FileEntry> files = select(snapshot, root, options);
            long total = 0;
            for (FileEntry file : files) {
                total += file.size();
                if (total > limits.maxTotalBytes()) {
                    throw new RenderException(Reason.LIMIT, file.path(), 0, "too large: the files of this render "
                            + "exceed the budget of " + limits.maxTotalBytes() + " bytes", null);
                }
                if (file.size() > limits.maxTotalBytes()) {
                    throw new RenderException(Reason.LIMIT, file.path(), 0, "file too large", null);
                }
            }
            List<Manifest> manifests = new ArrayList<>();
            if (!parallel || files.size() < 2 || total <= PARALLEL_BYTES) {
                for (FileEntry file : files) {
                    manifests.addAll(reader.read(file.path(), snapshot.read(file.path())));
                }
            } else {
                for (FileRead read : readInParallel(snapshot, files)) {
                    if (read.failure != null) {
                        throw read.failure;
                    }
                    manifests.addAll(read.manifests);
                }
            }
            return ManifestSet.of(substitution.apply(manifests, spec.substitution()));
        } catch (SourceException e) {
            throw new RenderException(e.reason() == SourceException.Reason.PATH_ESCAPE ? Reason.POLICY
                    : e.reason() == SourceException.Reason.LIMIT ? Reason.LIMIT : Reason.INVALID_INPUT,
                    e.path().orElse(""), 0, e.getMessage(), e);
        } catch (DuplicateResourceException e) {
            throw new RenderException(Reason.INVALID_INPUT, "", 0, e.getMessage(), e);
        } catch (RenderException e) {
            throw e;
        } catch (GitOpsException e) {
            throw new RenderException(Reason.INVALID_INPUT, "", 0, e.getMessage(), e);
        }
    }

    private List<FileRead> readInParallel(Snapshot snapshot, List<FileEntry> files) {
        return files.parallelStream().map(file -> {
            try {
                return new FileRead(reader.read(file.path(), snapshot.read(file.path())), null);
            } catch (RuntimeException e) {
                return new FileRead(null, e);
            }
        }).toList();
    }

    /** The objects of one file, or why it could not be read. */
    private record FileRead(List<Manifest> manifests, RuntimeException failure) {}

    private static List<FileEntry> select(Snapshot snapshot, String root, PlainYamlOptions options) {
        Optional<FileEntry> self = root.isEmpty() ? Optional.empty() : snapshot.stat(root);
        if (!root.isEmpty() && self.isEmpty()) {
            throw new RenderException(Reason.INVALID_INPUT, root, 0, "path not found in the snapshot", null);
        }
        if (self.isPresent() && self.get().type() != FileEntry.Type.DIRECTORY) {
            List<FileEntry> listed = snapshot.list(parent(root));
            return listed.stream().filter(e -> e.path().equals(root) && e.type() == FileEntry.Type.FILE).toList();
        }
        List<FileEntry> candidates = options.recursive() ? snapshot.walk(root) : snapshot.list(root);
        List<Glob> include = options.include().stream().map(Glob::of).toList();
        List<Glob> exclude = options.exclude().stream().map(Glob::of).toList();
        List<FileEntry> chosen = new ArrayList<>();
        for (FileEntry entry : candidates) {
            if (entry.type() != FileEntry.Type.FILE) {
                continue;
            }
            String relative = root.isEmpty() ? entry.path() : entry.path().substring(root.length() + 1);
            if (!options.recursive() && relative.contains("/")) {
                continue;
            }
            if (include.stream().anyMatch(g -> g.matches(relative)) && exclude.stream().noneMatch(g -> g.matches(relative))) {
                chosen.add(entry);
            }
        }
        chosen.sort(Comparator.comparing(FileEntry::path));
        return chosen;
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
