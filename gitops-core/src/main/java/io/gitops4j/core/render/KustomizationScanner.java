package io.gitops4j.core.render;

import io.gitops4j.api.render.KustomizeOptions;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import io.gitops4j.api.source.FileEntry;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SnapshotPaths;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.core.render.KustomizeReference.Kind;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a kustomization tree the way kustomize will, before kustomize runs (RD-08, RD-24 to RD-26), and works out
 * the files the render needs. Every kustomization and component reached (from the render path, from {@link
 * KustomizeOptions#components()} and through {@code resources}, {@code bases} and {@code components}) is parsed
 * fully; so is every plugin config it lists, from a file or inline. Each entry that names something to read
 * ({@link KustomizationFields}, {@link KustomizePlugins}) must:
 *
 * <ul>
 *   <li>if kustomize would fetch it ({@link KustomizeRemote#isRemote}), lie within an allowed remote base after
 *       normalisation;
 *   <li>otherwise be relative and stay inside the repository (also through links), checked on the text itself, so
 *       an entry that kustomize might read as a path is confined whatever else it could be.
 * </ul>
 *
 * <p>Refused outright: external plugins and builtin kinds not known to be safe; a directory listed as plugin
 * configs (kustomize builds it first, so the configs it yields could be computed by patches and replacements and
 * cannot be checked here); Helm fields unless Helm is enabled; keys outside ASCII; and remote bases in a tree that
 * also needs {@code LoadRestrictionsNone} (their content is not checked here, so kustomize's own load restrictor
 * must stay on for them).
 *
 * <p>The result lists the files to materialize (the kustomization files reached and every file they reference;
 * never a whole directory except a Helm chart home) and whether any kustomization reads a file outside its own
 * directory, the only case where {@code LoadRestrictionsRootOnly} cannot be used. Errors name the kustomization file
 * and the entry, never a host path. Stateless; each {@link #scan} is independent.
 */
final class KustomizationScanner {
    static final List<String> FILE_NAMES = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

    private final SafeYamlLoader yaml;

    KustomizationScanner(YamlLimits limits) {
        this.yaml = new SafeYamlLoader(limits);
    }

    /**
     * What the scan learned.
     *
     * @param files repo-relative files (and Helm chart directories) the render reads
     * @param fileOutsideItsDirectory whether a kustomization reads a file outside its own directory
     * @param usesRemote whether an allowed remote reference is used
     */
    record Findings(Set<String> files, boolean fileOutsideItsDirectory, boolean usesRemote) {}

    /**
     * @param directory the render path (a directory holding a kustomization)
     * @throws RenderException {@link Reason#POLICY} for a refused entry, {@link Reason#INVALID_INPUT} when the
     *     directory holds no kustomization
     */
    Findings scan(Snapshot snapshot, String directory, KustomizeOptions options) {
        if (kustomizationFile(snapshot, directory).isEmpty()) {
            throw new RenderException(Reason.INVALID_INPUT, directory, 0, "no kustomization.yaml, "
                    + "kustomization.yml or Kustomization in this directory", null);
        }
        Walk walk = new Walk(snapshot, options);
        walk.kustomization(directory);
        return walk.finish(directory);
    }

    /**
     * Scans a render path that has no kustomization of its own, for the kustomization gitops4j generates there
     * ({@link GeneratedKustomization}): each listed file or kustomization directory is checked as a {@code
     * resources} entry of that directory.
     *
     * @param listed repo-relative paths below the directory
     */
    Findings scanGenerated(Snapshot snapshot, String directory, List<String> listed, KustomizeOptions options) {
        Walk walk = new Walk(snapshot, options);
        walk.visited.add(directory);
        for (String path : listed) {
            String entry = directory.isEmpty() ? path : path.substring(directory.length() + 1);
            walk.check(new KustomizeReference("resources (generated)", entry, Kind.FILE_OR_DIRECTORY), directory,
                    directory);
        }
        return walk.finish(directory);
    }

    static Optional<String> kustomizationFile(Snapshot snapshot, String directory) {
        for (String name : FILE_NAMES) {
            String path = SnapshotPaths.resolve(directory, name);
            Optional<FileEntry> entry = snapshot.stat(path);
            if (entry.isPresent() && entry.get().type() != FileEntry.Type.DIRECTORY) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    /** One scan: what was visited and found. */
    private final class Walk {
        private final Snapshot snapshot;
        private final KustomizeOptions options;
        private final Set<String> visited = new HashSet<>();
        private final Set<String> files = new TreeSet<>();
        private boolean outside;
        private boolean usesRemote;

        Walk(Snapshot snapshot, KustomizeOptions options) {
            this.snapshot = snapshot;
            this.options = options;
        }

        /** Checks the Application's components, then what the whole tree may do; returns the findings. */
        Findings finish(String directory) {
            for (String component : options.components()) {
                check(new KustomizeReference("options.components", component, Kind.DIRECTORY), directory, "");
            }
            if (usesRemote && outside) {
                throw new RenderException(Reason.POLICY, directory, 0, "remote bases cannot be combined with "
                        + "kustomizations that read files outside their own directory: kustomize's load restrictor "
                        + "must stay on for content gitops4j has not checked", null);
            }
            return new Findings(Set.copyOf(files), outside, usesRemote);
        }

        void kustomization(String directory) {
            if (!visited.add(directory)) {
                return;   // a cycle, or reached twice: kustomize reports cycles itself
            }
            Optional<String> found = kustomizationFile(snapshot, directory);
            if (found.isEmpty()) {
                return;   // kustomize fails on it; nothing to read
            }
            for (String name : FILE_NAMES) {
                String path = SnapshotPaths.resolve(directory, name);
                if (snapshot.exists(path)) {
                    files.add(path);   // all of them, so kustomize still sees an ambiguous directory as one
                }
            }
            String file = found.get();
            for (ParsedDocument doc : yaml.load(file, new String(snapshot.read(file), StandardCharsets.UTF_8))) {
                if (doc.root() instanceof Map) {   // every document: which one kustomize uses is its parser's choice
                    kustomizationDocument((Map<?, ?>) doc.root(), directory, file);
                }
            }
        }

        private void kustomizationDocument(Map<?, ?> k, String directory, String file) {
            List<KustomizeReference> refs;
            try {
                refs = KustomizationFields.references(k, options.enableHelm());
            } catch (KustomizeRefusal e) {
                throw refused(file, e.getMessage());
            }
            for (KustomizeReference ref : refs) {
                check(ref, directory, file);
            }
            if (options.enableHelm() && GoJsonFields.has(k, "helmCharts")) {
                check(new KustomizeReference("helmCharts (default chart home)", "charts", Kind.TREE), directory, file);
            }
        }

        /** Checks one reference of the kustomization {@code file} in {@code directory}; records what it reads. */
        void check(KustomizeReference ref, String directory, String file) {
            try {
                checkEntry(ref, directory, file);
            } catch (KustomizeRefusal e) {
                throw refused(file, e.getMessage());
            }
        }

        private void checkEntry(KustomizeReference ref, String directory, String file) {
            String entry = ref.entry();
            if (ref.kind() == Kind.REMOTE) {
                remote(ref);
                return;
            }
            if (ref.kind() == Kind.INLINE_OR_FILE || ref.kind() == Kind.PLUGIN_CONFIG) {
                Optional<List<Map<?, ?>>> inline = KustomizeEntries.inline(yaml, file, ref);
                if (inline.isPresent()) {
                    KustomizeEntries.resolve(ref, directory);   // kustomize may still try the text as a path
                    if (ref.kind() == Kind.PLUGIN_CONFIG) {
                        for (Map<?, ?> config : inline.get()) {
                            plugin(config, ref.field() + "[inline]", directory, file);
                        }
                    }
                    return;
                }
            }
            if (KustomizeRemote.isRemote(entry)) {
                if (ref.kind() == Kind.PLUGIN_CONFIG) {
                    throw new KustomizeRefusal(KustomizeEntries.described(ref) + " is remote; plugin configs "
                            + "must be files of the repository or inline");
                }
                remote(ref);
                return;
            }
            Optional<String> name = KustomizeEntries.resolve(ref, directory);
            Optional<FileEntry.Type> type = name.isEmpty() ? Optional.empty()
                    : KustomizeEntries.typeOf(snapshot, name.get(), ref);
            if (type.isEmpty()) {
                return;   // not in the tree: kustomize reports it missing
            }
            String resolved = name.get();
            boolean dir = type.get() == FileEntry.Type.DIRECTORY;
            switch (ref.kind()) {
                case DIRECTORY -> {
                    if (dir) {
                        kustomization(resolved);
                    }
                }
                case FILE_OR_DIRECTORY -> {
                    if (dir) {
                        kustomization(resolved);
                    } else {
                        read(resolved, directory);
                    }
                }
                case PLUGIN_CONFIG -> {
                    if (dir) {
                        throw new KustomizeRefusal(KustomizeEntries.described(ref) + " is a directory: "
                                + "kustomize builds it before running the plugin configs it yields, so what they read "
                                + "cannot be checked; list the config files instead");
                    }
                    read(resolved, directory);
                    pluginFile(ref, resolved, directory, file);
                }
                case TREE -> {
                    if (dir) {
                        files.add(resolved);   // read whole by Helm, not through kustomize's loader
                    }
                }
                default -> {
                    if (!dir) {
                        read(resolved, directory);
                    }
                }
            }
        }

        private void pluginFile(KustomizeReference ref, String path, String directory, String file) {
            String text = new String(snapshot.read(path), StandardCharsets.UTF_8);
            for (ParsedDocument doc : yaml.load(path, text)) {
                if (doc.root() instanceof Map) {
                    plugin((Map<?, ?>) doc.root(), ref.field() + "[" + KustomizationFields.shown(ref.entry()) + "]",
                            directory, file);
                } else if (doc.root() != null) {
                    throw new KustomizeRefusal(KustomizeEntries.described(ref) + " holds a document that is "
                            + "not a plugin config");
                }
            }
        }

        private void plugin(Map<?, ?> config, String where, String directory, String file) {
            for (KustomizeReference r : KustomizePlugins.references(config, where, options.enableHelm())) {
                check(r, directory, file);   // a plugin reads through the loader of the kustomization listing it
            }
        }

        private void read(String path, String directory) {
            files.add(path);
            if (!SnapshotPaths.isWithin(path, directory)) {
                outside = true;
            }
        }

        private void remote(KustomizeReference ref) {
            if (!KustomizeRemote.allowed(ref.entry(), options.allowedRemoteBases())) {
                throw new KustomizeRefusal(ref.field() + " entry '" + KustomizationFields.shown(
                        KustomizeRemote.withoutCredentials(ref.entry())) + "' is remote; remote bases are refused "
                        + "unless allowed (allowedRemoteBases)");
            }
            usesRemote |= ref.kind() != Kind.REMOTE;   // a Helm chart repository holds no kustomization
        }
    }

    private static RenderException refused(String file, String message) {
        return new RenderException(Reason.POLICY, file, 0, message, null);
    }
}
