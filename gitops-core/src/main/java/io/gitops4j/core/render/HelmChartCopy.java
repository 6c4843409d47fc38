package io.gitops4j.core.render;

import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A private working copy of a chart for one render: Helm reads only this copy, never the snapshot's paths. Vendored
 * subchart archives ({@code charts/*.tgz}, and archives nested inside those) are unpacked after {@link ChartArchives}
 * checks, so the checks that follow ({@link HelmChecks}) and the {@code crds/} reading see every subchart's files.
 * Every byte written is charged to the render's {@link WriteBudget}. Stateless.
 */
final class HelmChartCopy {
    private static final int MAX_NESTING = 10;

    private HelmChartCopy() {}

    /** @return the copy of {@code chart} made under {@code target} */
    static Path copy(Path chart, Path target, String name, WriteBudget budget) throws IOException {
        Files.createDirectories(target);
        try (Stream<Path> files = Files.walk(chart)) {
            for (Path p : files.toList()) {
                String relative = chart.relativize(p).toString();
                Path out = target.resolve(relative);
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(out);
                } else if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    budget.charge(name + "/" + relative.replace('\\', '/'), Files.size(p));
                    Files.copy(p, out);
                }
            }
        }
        unpackVendored(target, name, budget, 0);
        return target;
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
