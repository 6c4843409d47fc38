package io.gitops4j.core.render;

import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import io.gitops4j.api.source.FileEntry;
import io.gitops4j.api.source.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A private working copy of a chart for one render: Helm reads only this copy, never the snapshot's paths. The copy
 * is read through the snapshot (so it holds only the chart's directory, links inside the tree become copies and links
 * out of it are refused). Vendored subchart archives ({@code charts/*.tgz}, and archives nested inside those) are
 * unpacked after {@link ChartArchives} checks, so the checks that follow ({@link HelmChecks}) and the {@code crds/}
 * reading see every subchart's files. Every byte written is charged to the render's {@link WriteBudget}. Stateless.
 */
final class HelmChartCopy {
    private static final int MAX_NESTING = 10;
    private static final int MAX_FILES = 10_000;

    private HelmChartCopy() {}

    /**
     * Copies the chart at {@code path} of the snapshot to {@code target} (which must not exist) and unpacks its
     * vendored archives.
     *
     * @throws io.gitops4j.api.source.SourceException for a link out of the tree or a file over the snapshot's limits
     */
    static void fromSnapshot(Snapshot snapshot, String path, Path target, String label, WriteBudget budget)
            throws IOException {
        Files.createDirectories(target);
        List<FileEntry> files = snapshot.walk(path);
        if (files.size() > MAX_FILES) {
            throw new RenderException(Reason.LIMIT, label, 0, "the chart has more than " + MAX_FILES + " files", null);
        }
        for (FileEntry file : files) {
            if (file.type() != FileEntry.Type.FILE) {
                continue;
            }
            String relative = path.isEmpty() ? file.path() : file.path().substring(path.length() + 1);
            Path out = target.resolve(relative).normalize();
            if (!out.startsWith(target)) {
                throw new RenderException(Reason.POLICY, label, 0, "a chart file leaves the chart", null);
            }
            budget.charge(label + "/" + relative, file.size());
            Files.createDirectories(out.getParent());
            Files.write(out, snapshot.read(file.path()));
        }
        unpackVendored(target, label, budget, 0);
    }

    /** Unpacks each {@code charts/*.tgz} of {@code chart} in place (then deletes the archive), recursively. */
    static void unpackVendored(Path chart, String name, WriteBudget budget, int depth) throws IOException {
        Path charts = chart.resolve("charts");
        if (!Files.isDirectory(charts)) {
            return;
        }
        List<Path> archives;
        try (Stream<Path> s = Files.list(charts)) {
            archives = s.filter(p -> p.getFileName().toString().endsWith(".tgz")).sorted().toList();
        }
        if (!archives.isEmpty() && depth >= MAX_NESTING) {
            throw new RenderException(Reason.LIMIT, name, 0, "chart archives nested more than " + MAX_NESTING
                    + " levels deep", null);
        }
        for (Path archive : archives) {
            Path into = Files.createTempDirectory(charts, ".unpack-");
            ChartArchives.unpack(name + "/charts/" + archive.getFileName(), archive, into,
                    ChartArchives.Limits.defaults(), budget);
            try (Stream<Path> top = Files.list(into)) {
                for (Path dir : top.filter(Files::isDirectory).toList()) {
                    Path destination = charts.resolve(dir.getFileName().toString());
                    if (!Files.exists(destination)) {
                        Files.move(dir, destination);
                        unpackVendored(destination, name, budget, depth + 1);
                    }
                }
            }
            KustomizeRenderer.deleteQuietly(into);
            Files.delete(archive);
        }
    }
}
