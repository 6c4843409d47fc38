package io.gitops4j.core.render;

import io.gitops4j.api.render.HelmOptions;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SnapshotPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Makes the private working copy of the chart one render needs, ready for Helm: the chart from the snapshot (read
 * through it, {@link HelmChartCopy}) or from a chart repository or OCI registry (downloaded within the render's fetch
 * deadline and unpacked with the archive limits), its vendored archives unpacked, its missing dependencies supplied
 * ({@link ChartDependencies}), then checked ({@link HelmChecks}). Everything written is charged to the render's
 * {@link WriteBudget}. Thread-safe.
 */
final class HelmChartSource {
    private final ChartRepositoryClient repositories;
    private final OciChartClient registries;
    private final ChartDependencies dependencies;
    private final YamlLimits limits;

    HelmChartSource(ChartRepositoryClient repositories, OciChartClient registries, YamlLimits limits) {
        this.repositories = repositories;
        this.registries = registries;
        this.dependencies = new ChartDependencies(repositories, registries, limits);
        this.limits = limits;
    }

    /**
     * @param label the chart as errors name it
     * @return the working copy: a directory named after the chart under {@code scratch}
     */
    Path workingCopy(Snapshot snapshot, String path, HelmOptions options, String label, Path scratch,
            WriteBudget budget) throws IOException {
        FetchDeadline deadline = FetchDeadline.in(options.timeout());
        Path chart;
        ChartDependencies.Origin origin;
        if (options.chartRepository().isEmpty()) {
            if (!snapshot.exists(SnapshotPaths.resolve(path, "Chart.yaml"))) {
                throw new RenderException(Reason.INVALID_INPUT, path, 0, "no Chart.yaml in this directory", null);
            }
            chart = Files.createDirectories(scratch.resolve("work")).resolve("chart");
            HelmChartCopy.fromSnapshot(snapshot, path, chart, label, budget);
            origin = new ChartDependencies.Origin(snapshot, path);
        } else {
            chart = download(options, label, scratch, budget, deadline);
            origin = ChartDependencies.Origin.remote();
        }
        String name = HelmChecks.checkChart(chart, label, limits);
        Path named = chart.resolveSibling(name);
        if (!named.equals(chart)) {
            chart = Files.move(chart, named);
        }
        dependencies.resolve(chart, label, origin, new ChartDependencies.Fetch(options.credentialsScope(), deadline,
                budget, scratch));
        HelmChecks.checkTemplatesAndSchemas(chart, label);
        return chart;
    }

    private Path download(HelmOptions options, String label, Path scratch, WriteBudget budget,
            FetchDeadline deadline) throws IOException {
        boolean oci = options.chartRepository().regionMatches(true, 0, "oci://", 0, 6);
        if (options.chartName().isEmpty() && !oci) {
            throw new RenderException(Reason.INVALID_INPUT, "a chart repository needs a chart name", null);
        }
        Path download = Files.createDirectories(scratch.resolve("download"));
        Path archive = oci
                ? registries.fetch("oci://" + options.chartRepository().substring(6), options.chartName(),
                        options.chartVersion(), download, options.credentialsScope(), deadline)
                : repositories.fetch(options.chartRepository(), options.chartName(), options.chartVersion(),
                        download, options.credentialsScope(), deadline);
        Path unpacked = Files.createDirectories(scratch.resolve("work"));
        budget.charge(label, Files.size(archive));
        ChartArchives.unpack(label, archive, unpacked, ChartArchives.Limits.defaults(), budget);
        try (Stream<Path> top = Files.list(unpacked)) {
            List<Path> dirs = top.filter(Files::isDirectory).toList();
            if (dirs.size() != 1 || !Files.exists(dirs.get(0).resolve("Chart.yaml"))) {
                throw new RenderException(Reason.INVALID_INPUT, label, 0,
                        "the chart archive does not hold exactly one chart directory", null);
            }
            HelmChartCopy.unpackVendored(dirs.get(0), label, budget, 0);
            return dirs.get(0);
        }
    }
}
