package io.gitops4j.core.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A private working copy of a chart for one render, with {@code lookup} neutralised (RD-14). helm-java's template
 * call performs {@code lookup} against whatever cluster the process's kubeconfig names (or {@code localhost:8080}),
 * unlike {@code helm template}, where {@code lookup} returns an empty map. The copy rewrites every {@code lookup}
 * call inside template actions to {@code pick (dict)}, which takes the same arguments and returns an empty map, so
 * charts behave as with {@code helm template} and nothing reaches a cluster. Vendored subchart archives are unpacked
 * (after {@link ChartArchives} checks) so their templates are rewritten too. Stateless.
 */
final class HelmChartCopy {
    private static final Pattern ACTION = Pattern.compile("\\{\\{.*?}}", Pattern.DOTALL);
    private static final Pattern LOOKUP = Pattern.compile("(?<![\\w.$])lookup(?=[\\s)])");

    private HelmChartCopy() {}

    /** @return the copy of {@code chart} made under {@code target} */
    static Path copy(Path chart, Path target, String name) throws IOException {
        Files.createDirectories(target);
        try (Stream<Path> files = Files.walk(chart)) {
            for (Path p : files.toList()) {
                Path out = target.resolve(chart.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(out);
                } else if (Files.isRegularFile(p)) {
                    Files.copy(p, out);
                }
            }
        }
        unpackVendored(target, name);
        rewriteTemplates(target);
        return target;
    }

    private static void unpackVendored(Path chart, String name) throws IOException {
        Path charts = chart.resolve("charts");
        if (!Files.isDirectory(charts)) {
            return;
        }
        List<Path> archives;
        try (Stream<Path> s = Files.list(charts)) {
            archives = s.filter(p -> p.getFileName().toString().endsWith(".tgz")).toList();
        }
        for (Path archive : archives) {
            Path into = Files.createTempDirectory(charts, ".unpack-");
            ChartArchives.unpack(name + "/charts/" + archive.getFileName(), archive, into,
                    ChartArchives.Limits.defaults());
            try (Stream<Path> top = Files.list(into)) {
                for (Path dir : top.filter(Files::isDirectory).toList()) {
                    Path destination = charts.resolve(dir.getFileName().toString());
                    if (!Files.exists(destination)) {
                        Files.move(dir, destination);
                        unpackVendored(destination, name);
                    }
                }
            }
            KustomizeRenderer.deleteQuietly(into);
            Files.delete(archive);
        }
    }

    private static void rewriteTemplates(Path chart) throws IOException {
        try (Stream<Path> files = Files.walk(chart)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String relative = chart.relativize(p).toString().replace('\\', '/');
                if (!relative.matches("(.*/)?templates/.*")) {
                    continue;
                }
                String text = Files.readString(p, StandardCharsets.UTF_8);
                if (!text.contains("lookup")) {
                    continue;
                }
                Matcher actions = ACTION.matcher(text);
                StringBuilder out = new StringBuilder(text.length() + 64);
                while (actions.find()) {
                    String action = LOOKUP.matcher(actions.group()).replaceAll("pick (dict)");
                    actions.appendReplacement(out, Matcher.quoteReplacement(action));
                }
                actions.appendTail(out);
                Files.writeString(p, out.toString(), StandardCharsets.UTF_8);
            }
        }
    }
}
