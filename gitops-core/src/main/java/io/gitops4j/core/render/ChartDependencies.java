package io.gitops4j.core.render;

import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import io.gitops4j.api.source.FileEntry;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SnapshotPaths;
import io.gitops4j.api.source.SourceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.semver4j.Semver;

/**
 * Supplies the dependencies a chart's {@code Chart.yaml} declares and its {@code charts/} does not hold, as {@code
 * helm dependency build} would, so a chart renders without anyone having committed {@code charts/}:
 *
 * <ul>
 *   <li>{@code file://PATH}: the chart at that path, relative to the chart's directory, read from the same snapshot
 *       (confined to it: a path out of the repository is refused) and copied under the render's write budget;
 *   <li>{@code https://…} / {@code http://…}: from that chart repository, {@code oci://…}: from that registry,
 *       through the renderer's clients (credentials per origin and scope, size caps, the fetch deadline, digests
 *       checked: the index entry's digest, the OCI layer's digest), unpacked with the archive limits.
 * </ul>
 *
 * <p>A {@code Chart.lock} next to {@code Chart.yaml} pins each dependency to its locked version; a lock that does not
 * list a declared dependency (name and repository) is out of date and refused. Fetched dependencies are resolved in
 * turn (their own {@code file://} dependencies only when they came from the snapshot). A dependency that cannot be
 * had fails the render with an error naming it. Stateless apart from the clients it uses; thread-safe.
 */
final class ChartDependencies {
    private static final int MAX_DEPTH = 5;

    /** Where a chart being resolved came from: the snapshot and its repo-relative directory, or neither (remote). */
    record Origin(Snapshot snapshot, String path) {
        static Origin remote() {
            return new Origin(null, null);
        }
    }

    /** What one render's fetches share. */
    record Fetch(String scope, FetchDeadline deadline, WriteBudget budget, Path scratch) {}

    private final ChartRepositoryClient repositories;
    private final OciChartClient registries;
    private final YamlLimits limits;

    ChartDependencies(ChartRepositoryClient repositories, OciChartClient registries, YamlLimits limits) {
        this.repositories = repositories;
        this.registries = registries;
        this.limits = limits;
    }

    /**
     * Fills {@code chart/charts/} with every declared dependency it lacks.
     *
     * @param label the chart as errors name it
     */
    void resolve(Path chart, String label, Origin origin, Fetch fetch) throws IOException {
        resolve(chart, label, origin, fetch, 0);
    }

    private void resolve(Path chart, String label, Origin origin, Fetch fetch, int depth) throws IOException {
        List<Map<?, ?>> declared = list(yaml(chart.resolve("Chart.yaml"), label + "/Chart.yaml").get("dependencies"));
        if (declared.isEmpty()) {
            return;
        }
        if (depth >= MAX_DEPTH) {
            throw new RenderException(Reason.LIMIT, label, 0, "chart dependencies nested more than " + MAX_DEPTH
                    + " levels deep", null);
        }
        Map<String, String> locked = locked(chart, label, declared);
        Map<String, String> present = present(chart.resolve("charts"), label);
        for (Map<?, ?> dependency : declared) {
            String name = text(dependency, "name");
            String repository = text(dependency, "repository");
            String version = locked.getOrDefault(name + " " + repository, text(dependency, "version"));
            if (name.isEmpty() || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw new RenderException(Reason.INVALID_INPUT, label + "/Chart.yaml", 0, "a dependency has no valid "
                        + "name", null);
            }
            if (present.containsKey(name) && fits(present.get(name), version)) {
                continue;
            }
            String what = label + "/Chart.yaml: dependency '" + name + "'"
                    + (repository.isEmpty() ? "" : " (" + shown(repository) + ")");
            try {
                Path added = fetch(chart, name, repository, version, origin, fetch, what);
                Origin next = repository.startsWith("file://") ? new Origin(origin.snapshot(),
                        SnapshotPaths.resolve(origin.path(), repository.substring("file://".length())))
                        : Origin.remote();
                resolve(added, label + "/charts/" + name, next, fetch, depth + 1);
            } catch (RenderException e) {
                throw e.getMessage().startsWith(what) ? e
                        : new RenderException(e.reason(), what + ": " + e.getMessage(), null);
            } catch (SourceException e) {
                throw new RenderException(Reason.POLICY, what + ": the path is outside the repository or not "
                        + "readable", null);
            }
        }
    }

    /**
     * The directories of the snapshot that the charts below {@code paths} name as {@code file://} dependencies (and
     * theirs), for a tool that must have them on disk (kustomize's {@code helmCharts}). A dependency path that leaves
     * the repository is left out here; rendering the chart refuses it.
     *
     * @param paths repo-relative files and directories
     * @return {@code paths} and the dependency directories, in that order, without duplicates
     */
    static Set<String> withLocalDependencies(Snapshot snapshot, Collection<String> paths, YamlLimits limits) {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>(paths);
        java.util.ArrayDeque<String> charts = new java.util.ArrayDeque<>();
        for (String path : paths) {
            for (FileEntry file : snapshot.stat(path).filter(e -> e.type() == FileEntry.Type.DIRECTORY).isPresent()
                    ? snapshot.walk(path) : List.<FileEntry>of()) {
                if (file.path().endsWith("/Chart.yaml") || file.path().equals("Chart.yaml")) {
                    charts.add(file.path());
                }
            }
        }
        int seen = 0;
        while (!charts.isEmpty() && seen++ < 100) {
            String chartYaml = charts.poll();
            String dir = chartYaml.contains("/") ? chartYaml.substring(0, chartYaml.lastIndexOf('/')) : "";
            List<ParsedDocument> docs = new SafeYamlLoader(limits).load(chartYaml, new String(snapshot.read(chartYaml),
                    StandardCharsets.UTF_8));
            Object root = docs.isEmpty() ? null : docs.get(0).root();
            for (Map<?, ?> dependency : list(root instanceof Map ? ((Map<?, ?>) root).get("dependencies") : null)) {
                String repository = text(dependency, "repository");
                if (!repository.startsWith("file://")) {
                    continue;
                }
                try {
                    String target = SnapshotPaths.resolve(dir, repository.substring("file://".length()));
                    if (out.add(target) && snapshot.exists(SnapshotPaths.resolve(target, "Chart.yaml"))) {
                        charts.add(SnapshotPaths.resolve(target, "Chart.yaml"));
                    }
                } catch (SourceException outsideTheRepository) {
                    // refused when the chart is rendered
                }
            }
        }
        return Collections.unmodifiableSet(out);
    }

    private Path fetch(Path chart, String name, String repository, String version, Origin origin, Fetch fetch,
            String what) throws IOException {
        Path charts = Files.createDirectories(chart.resolve("charts"));
        if (repository.startsWith("file://")) {
            if (origin.snapshot() == null) {
                throw new RenderException(Reason.INVALID_INPUT, what + ": a file:// dependency of a chart that did "
                        + "not come from the repository", null);
            }
            String path = SnapshotPaths.resolve(origin.path(), repository.substring("file://".length()));
            if (!origin.snapshot().exists(SnapshotPaths.resolve(path, "Chart.yaml"))) {
                throw new RenderException(Reason.INVALID_INPUT, what + ": no Chart.yaml at that path", null);
            }
            Path target = Files.createTempDirectory(charts, ".dep-").resolve(name);
            HelmChartCopy.fromSnapshot(origin.snapshot(), path, target, what, fetch.budget());
            return moveInto(charts, target, name);
        }
        Path download = Files.createTempDirectory(fetch.scratch(), "dependency-");
        Path archive;
        if (repository.startsWith("https://") || repository.startsWith("http://")) {
            archive = repositories.fetch(repository, name, version, download, fetch.scope(), fetch.deadline());
        } else if (repository.startsWith("oci://")) {
            archive = registries.fetch(repository, name, version, download, fetch.scope(), fetch.deadline());
        } else {
            throw new RenderException(Reason.INVALID_INPUT, what + ": not in charts/, and "
                    + (repository.isEmpty() ? "no repository is named" : "a repository alias cannot be fetched")
                    + "; name a file://, https:// or oci:// repository, or vendor the chart in charts/", null);
        }
        fetch.budget().charge(what, Files.size(archive));
        Path unpacked = Files.createTempDirectory(charts, ".dep-");
        ChartArchives.unpack(what, archive, unpacked, ChartArchives.Limits.defaults(), fetch.budget());
        try (Stream<Path> top = Files.list(unpacked)) {
            List<Path> dirs = top.filter(Files::isDirectory).toList();
            if (dirs.size() != 1 || !Files.isRegularFile(dirs.get(0).resolve("Chart.yaml"))) {
                throw new RenderException(Reason.INVALID_INPUT, what + ": the archive does not hold exactly one "
                        + "chart directory", null);
            }
            HelmChartCopy.unpackVendored(dirs.get(0), what, fetch.budget(), 0);
            return moveInto(charts, dirs.get(0), name);
        }
    }

    private static Path moveInto(Path charts, Path dir, String name) throws IOException {
        Path destination = charts.resolve(name);
        if (Files.exists(destination)) {
            KustomizeRenderer.deleteQuietly(destination);
        }
        Files.move(dir, destination);
        KustomizeRenderer.deleteQuietly(dir.getParent());
        return destination;
    }

    /** @return locked versions by "name repository"; refuses a lock that misses a declared dependency */
    private Map<String, String> locked(Path chart, String label, List<Map<?, ?>> declared) throws IOException {
        Path lock = chart.resolve("Chart.lock");
        Map<String, String> out = new HashMap<>();
        if (!Files.isRegularFile(lock)) {
            return out;
        }
        for (Map<?, ?> entry : list(yaml(lock, label + "/Chart.lock").get("dependencies"))) {
            out.put(text(entry, "name") + " " + text(entry, "repository"), text(entry, "version"));
        }
        for (Map<?, ?> dependency : declared) {
            if (!out.containsKey(text(dependency, "name") + " " + text(dependency, "repository"))) {
                throw new RenderException(Reason.INVALID_INPUT, label + "/Chart.lock", 0, "the lock is out of date: "
                        + "it does not list dependency '" + text(dependency, "name") + "' of Chart.yaml; run helm "
                        + "dependency update and commit Chart.lock", null);
            }
        }
        return out;
    }

    /** @return the subcharts already in {@code charts/}: chart name to version */
    private Map<String, String> present(Path charts, String label) throws IOException {
        Map<String, String> out = new HashMap<>();
        if (!Files.isDirectory(charts)) {
            return out;
        }
        try (Stream<Path> dirs = Files.list(charts)) {
            for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve("Chart.yaml"))).toList()) {
                Map<?, ?> meta = yaml(dir.resolve("Chart.yaml"), label + "/charts/" + dir.getFileName()
                        + "/Chart.yaml");
                out.put(text(meta, "name"), text(meta, "version"));
            }
        }
        return out;
    }

    /** @return true when a present version satisfies the wanted version or range (empty: anything) */
    private static boolean fits(String present, String wanted) {
        if (wanted.isEmpty() || wanted.equals(present)) {
            return true;
        }
        Semver version = Semver.parse(present);
        try {
            return version != null && version.satisfies(wanted);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Map<?, ?> yaml(Path file, String label) throws IOException {
        List<ParsedDocument> docs = new SafeYamlLoader(limits).load(label, Files.readString(file,
                StandardCharsets.UTF_8));
        Object root = docs.isEmpty() ? null : docs.get(0).root();
        return root instanceof Map ? (Map<?, ?>) root : Map.of();
    }

    private static List<Map<?, ?>> list(Object value) {
        List<Map<?, ?>> out = new ArrayList<>();
        if (value instanceof List) {
            for (Object o : (List<?>) value) {
                if (o instanceof Map) {
                    out.add((Map<?, ?>) o);
                }
            }
        }
        return out;
    }

    private static String text(Map<?, ?> map, String key) {
        Object value = map.get(key);
        return value == null ? "" : String.valueOf(value).strip();
    }

    /** @return a repository URL as errors show it: no user info, query or control characters */
    private static String shown(String repository) {
        String s = repository.replaceAll("//[^/@]*@", "//").replaceAll("\\?.*", "");
        s = s.length() > 120 ? s.substring(0, 120) + "…" : s;
        return s.replaceAll("\\p{Cntrl}", "?");
    }
}
