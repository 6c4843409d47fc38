package io.gitops4j.core.render;

import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Checks on the private working copy of a chart before Helm sees it. {@link #checkChart}: a valid chart name (never
 * {@code .} or {@code ..}, RD-11), at most {@value #MAX_FILES} files, no links, archives left in {@code charts/}
 * checked like downloaded ones (RD-11/12). {@link #checkTemplatesAndSchemas}, once every nested archive is unpacked
 * and every dependency supplied: no template calling {@code getHostByName}, Helm's only network function in
 * client-only rendering (RD-14), and no {@code values.schema.json} that refers outside itself ({@link
 * SchemaReferences}, RD-14). Stateless.
 */
final class HelmChecks {
    private static final int MAX_FILES = 10_000;

    private HelmChecks() {}

    /** @return the chart's name from its {@code Chart.yaml} */
    static String checkChart(Path chart, String name, YamlLimits limits) {
        try {
            String chartName = checkChartYaml(chart, name, limits);
            try (Stream<Path> files = Files.walk(chart)) {
                List<Path> all = files.limit(MAX_FILES + 1L).toList();
                if (all.size() > MAX_FILES) {
                    throw new RenderException(Reason.LIMIT, name, 0, "the chart has more than " + MAX_FILES
                            + " files", null);
                }
                for (Path p : all) {
                    String relative = chart.relativize(p).toString().replace('\\', '/');
                    if (Files.isSymbolicLink(p)) {
                        throw new RenderException(Reason.POLICY, name, 0, "'" + relative + "' is a link; links in "
                                + "charts are refused", null);
                    }
                    if (Files.isRegularFile(p) && p.getFileName().toString().endsWith(".tgz")
                            && relative.matches("(.*/)?charts/[^/]+\\.tgz")) {
                        ChartArchives.check(name + "/" + relative, p, ChartArchives.Limits.defaults());
                    }
                }
            }
            return chartName;
        } catch (IOException e) {
            throw new RenderException(Reason.TOOL_FAILURE, name, 0, "cannot read the chart", null);
        }
    }

    /** Checks templates and values schemas of the working copy, subcharts included. */
    static void checkTemplatesAndSchemas(Path chart, String name) {
        try (Stream<Path> files = Files.walk(chart)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String relative = chart.relativize(p).toString().replace('\\', '/');
                if (relative.matches("(.*/)?templates/.*") && Files.size(p) < (8L << 20)) {
                    String text = Files.readString(p, StandardCharsets.UTF_8);
                    if (text.contains("getHostByName")) {
                        throw new RenderException(Reason.POLICY, name + "/" + relative, 0, "templates calling "
                                + "getHostByName are refused: rendering must not use the network", null);
                    }
                } else if (p.getFileName().toString().equals("values.schema.json")) {
                    SchemaReferences.check(name + "/" + relative, p);
                }
            }
        } catch (IOException e) {
            throw new RenderException(Reason.TOOL_FAILURE, name, 0, "cannot read the chart", null);
        }
    }

    private static String checkChartYaml(Path chart, String name, YamlLimits limits) throws IOException {
        Path chartYaml = chart.resolve("Chart.yaml");
        if (!Files.isRegularFile(chartYaml)) {
            throw new RenderException(Reason.INVALID_INPUT, name, 0, "no Chart.yaml", null);
        }
        List<ParsedDocument> docs = new SafeYamlLoader(limits).load(name + "/Chart.yaml",
                Files.readString(chartYaml, StandardCharsets.UTF_8));
        Object root = docs.isEmpty() ? null : docs.get(0).root();
        Object chartName = root instanceof Map ? ((Map<?, ?>) root).get("name") : null;
        if (!(chartName instanceof String) || !((String) chartName).matches("[A-Za-z0-9][A-Za-z0-9._-]*")
                || ((String) chartName).contains("..")) {
            throw new RenderException(Reason.POLICY, name + "/Chart.yaml", 0, "the chart name is missing or not "
                    + "a valid name", null);
        }
        return (String) chartName;
    }
}
