package io.gitops4j.core.render;

import io.gitops4j.api.render.KustomizeOptions;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import io.gitops4j.api.source.FileEntry;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SnapshotPaths;
import io.gitops4j.api.source.SourceException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a kustomization tree before kustomize runs (RD-08): every file or directory it references ({@code
 * resources}, {@code bases}, {@code components}, patches, generator files, CRDs, configurations, replacements,
 * OpenAPI schema, Helm values) must stay inside the repository; remote bases are refused unless their URL starts
 * with an allowed prefix; {@code helmCharts} are refused unless Helm is enabled. Referenced kustomization
 * directories are scanned recursively (cycles are left for kustomize to report). Errors name the kustomization file
 * and the entry, never a host path. Stateless.
 */
final class KustomizationScanner {
    static final List<String> FILE_NAMES = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");
    private static final List<String> DIRECTORY_LISTS = List.of("resources", "bases", "components", "generators",
            "transformers", "validators");
    private static final List<String> FILE_LISTS = List.of("crds", "configurations", "patchesStrategicMerge");
    private static final List<String> ENTRY_PATHS = List.of("patches", "patchesJson6902", "replacements");

    private final SafeYamlLoader yaml;

    KustomizationScanner(YamlLimits limits) {
        this.yaml = new SafeYamlLoader(limits);
    }

    /** What the scan learned. */
    record Findings(boolean referencesOutsideOwnDirectory) {}

    /**
     * @param directory the render path (a directory holding a kustomization)
     * @throws RenderException {@link Reason#POLICY} for a refused entry, {@link Reason#INVALID_INPUT} when the
     *     directory holds no kustomization
     */
    Findings scan(Snapshot snapshot, String directory, KustomizeOptions options) {
        Set<String> visited = new HashSet<>();
        boolean[] outside = {false};
        if (kustomizationFile(snapshot, directory).isEmpty()) {
            throw new RenderException(Reason.INVALID_INPUT, directory, 0, "no kustomization.yaml, "
                    + "kustomization.yml or Kustomization in this directory", null);
        }
        scanDirectory(snapshot, directory, options, visited, outside);
        return new Findings(outside[0]);
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

    private void scanDirectory(Snapshot snapshot, String directory, KustomizeOptions options, Set<String> visited,
            boolean[] outside) {
        if (!visited.add(directory)) {
            return;
        }
        Optional<String> file = kustomizationFile(snapshot, directory);
        if (file.isEmpty()) {
            return;
        }
        String kustomization = file.get();
        List<ParsedDocument> docs = yaml.load(kustomization,
                new String(snapshot.read(kustomization), StandardCharsets.UTF_8));
        if (docs.isEmpty() || !(docs.get(0).root() instanceof Map)) {
            return;
        }
        Map<?, ?> k = (Map<?, ?>) docs.get(0).root();
        Context ctx = new Context(snapshot, directory, kustomization, options, visited, outside);
        for (String helm : List.of("helmCharts", "helmChartInflationGenerator", "helmGlobals")) {
            if (k.containsKey(helm) && !options.enableHelm()) {
                throw refused(kustomization, helm + ": Helm charts in kustomizations are refused unless enableHelm "
                        + "is set");
            }
        }
        for (String field : DIRECTORY_LISTS) {
            for (Object entry : list(k.get(field))) {
                if (entry instanceof String && !((String) entry).contains("\n")) {
                    ctx.reference(field, (String) entry, true);
                }
            }
        }
        for (String field : FILE_LISTS) {
            for (Object entry : list(k.get(field))) {
                if (entry instanceof String && !((String) entry).contains("\n")) {
                    ctx.reference(field, (String) entry, false);
                }
            }
        }
        for (String field : ENTRY_PATHS) {
            for (Object entry : list(k.get(field))) {
                if (entry instanceof Map && ((Map<?, ?>) entry).get("path") instanceof String) {
                    ctx.reference(field, (String) ((Map<?, ?>) entry).get("path"), false);
                }
            }
        }
        if (k.get("openapi") instanceof Map && ((Map<?, ?>) k.get("openapi")).get("path") instanceof String) {
            ctx.reference("openapi", (String) ((Map<?, ?>) k.get("openapi")).get("path"), false);
        }
        for (String generator : List.of("configMapGenerator", "secretGenerator")) {
            for (Object entry : list(k.get(generator))) {
                if (!(entry instanceof Map)) {
                    continue;
                }
                Map<?, ?> g = (Map<?, ?>) entry;
                for (Object f : list(g.get("files"))) {
                    if (f instanceof String) {
                        String s = (String) f;
                        ctx.reference(generator + ".files", s.contains("=") ? s.substring(s.indexOf('=') + 1) : s,
                                false);
                    }
                }
                for (Object f : list(g.get("envs"))) {
                    if (f instanceof String) {
                        ctx.reference(generator + ".envs", (String) f, false);
                    }
                }
                if (g.get("env") instanceof String) {
                    ctx.reference(generator + ".env", (String) g.get("env"), false);
                }
            }
        }
        for (Object chart : list(k.get("helmCharts"))) {
            if (chart instanceof Map) {
                Map<?, ?> c = (Map<?, ?>) chart;
                if (c.get("valuesFile") instanceof String) {
                    ctx.reference("helmCharts.valuesFile", (String) c.get("valuesFile"), false);
                }
                for (Object f : list(c.get("additionalValuesFiles"))) {
                    if (f instanceof String) {
                        ctx.reference("helmCharts.additionalValuesFiles", (String) f, false);
                    }
                }
                if (c.get("repo") instanceof String && !((String) c.get("repo")).isEmpty()) {
                    ctx.remote("helmCharts.repo", (String) c.get("repo"));
                }
            }
        }
        if (k.get("helmGlobals") instanceof Map && ((Map<?, ?>) k.get("helmGlobals")).get("chartHome")
                instanceof String) {
            ctx.reference("helmGlobals.chartHome", (String) ((Map<?, ?>) k.get("helmGlobals")).get("chartHome"),
                    false);
        }
    }

    private static List<?> list(Object value) {
        return value instanceof List ? (List<?>) value : List.of();
    }

    private static RenderException refused(String file, String message) {
        return new RenderException(Reason.POLICY, file, 0, message, null);
    }

    /** One kustomization being scanned. */
    private final class Context {
        private final Snapshot snapshot;
        private final String directory;
        private final String file;
        private final KustomizeOptions options;
        private final Set<String> visited;
        private final boolean[] outside;

        Context(Snapshot snapshot, String directory, String file, KustomizeOptions options, Set<String> visited,
                boolean[] outside) {
            this.snapshot = snapshot;
            this.directory = directory;
            this.file = file;
            this.options = options;
            this.visited = visited;
            this.outside = outside;
        }

        void reference(String field, String entry, boolean mayBeKustomization) {
            String shown = show(entry);
            if (looksRemote(entry)) {
                remote(field, entry);
                return;
            }
            if (entry.startsWith("/") || entry.startsWith("~") || entry.matches("^[A-Za-z]:[\\\\/].*")) {
                throw refused(file, field + " entry '" + shown + "' is an absolute path; entries must stay "
                        + "inside the repository");
            }
            String resolved;
            try {
                resolved = SnapshotPaths.resolve(directory, entry);
            } catch (SourceException e) {
                throw refused(file, field + " entry '" + shown + "' leaves the repository");
            }
            if (!SnapshotPaths.isWithin(resolved, directory)) {
                outside[0] = true;
            }
            Optional<FileEntry> target;
            try {
                target = snapshot.stat(resolved);
                if (target.isPresent() && target.get().type() == FileEntry.Type.SYMLINK) {
                    snapshot.list(resolved);   // resolves the link; refuses one leaving the tree
                    snapshot.exists(resolved);
                }
            } catch (SourceException e) {
                throw refused(file, field + " entry '" + shown + "' leaves the repository (through a link)");
            }
            if (mayBeKustomization && target.isPresent()) {
                scanDirectory(snapshot, resolved, options, visited, outside);
            }
        }

        void remote(String field, String entry) {
            for (String allowed : options.allowedRemoteBases()) {
                if (!allowed.isEmpty() && entry.startsWith(allowed)) {
                    return;
                }
            }
            throw refused(file, field + " entry '" + show(stripCredentials(entry)) + "' is remote; remote bases "
                    + "are refused unless allowed (allowedRemoteBases)");
        }
    }

    static boolean looksRemote(String entry) {
        String e = entry.toLowerCase(java.util.Locale.ROOT);
        if (e.contains("://") || e.startsWith("git@") || e.startsWith("git::") || e.contains("?ref=")
                || e.contains("?version=") || e.contains("_git/")) {
            return true;
        }
        int slash = e.indexOf('/');
        String first = slash < 0 ? e : e.substring(0, slash);
        return slash > 0 && first.matches("[a-z0-9-]+(\\.[a-z0-9-]+)+(:\\d+)?") && !first.startsWith(".")
                && (first.endsWith(".com") || first.endsWith(".org") || first.endsWith(".io")
                || first.endsWith(".net") || first.contains("git"));
    }

    private static String stripCredentials(String url) {
        return url.replaceAll("//[^/@]*@", "//");
    }

    private static String show(String entry) {
        String s = entry.length() > 120 ? entry.substring(0, 120) + "…" : entry;
        return s.replaceAll("\\p{Cntrl}", "?");
    }
}
