package io.gitops4j.examples.bench;

import io.gitops4j.api.render.HelmOptions;
import io.gitops4j.api.render.KustomizeOptions;
import io.gitops4j.api.render.PlainYamlOptions;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.render.Renderer;
import io.gitops4j.api.render.Substitution;
import io.gitops4j.api.resource.ManifestSet;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.render.HelmRenderer;
import io.gitops4j.core.render.KustomizeRenderer;
import io.gitops4j.core.render.KustomizeTool;
import io.gitops4j.core.render.PlainYamlRenderer;
import io.gitops4j.core.render.RenderCache;
import io.gitops4j.core.source.LocalDirectorySource;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Renderer cost (P7–P9): plain YAML with 10,000 generated objects (warm, and a cache hit; and the same objects
 * written with variables, rendered with post-build substitution); Kustomize through our
 * renderer against {@code kubectl kustomize} run directly on the same tree, interleaved, with the ratio; Helm
 * (in-process helm-java) first render, warm render and cache hit. Times exclude reading the directory into a
 * snapshot (reported separately).
 */
final class RenderBench implements BenchSuite {
    @Override
    public String name() {
        return "render";
    }

    @Override
    public String description() {
        return "renderers: plain YAML 10,000 objects, Kustomize vs kubectl kustomize, Helm; warm and cache hit";
    }

    @Override
    public void run(boolean quick, PrintStream out, PrintStream err) throws Exception {
        int objects = quick ? 1000 : 10_000;
        int rounds = quick ? 3 : 7;
        Path work = Files.createTempDirectory("gitops4j-bench-render-");
        try {
            MarkdownTable table = new MarkdownTable("case", "objects", "median ms", "spread ms", "peer median ms",
                    "ratio ours/peer");
            plain(work.resolve("plain"), objects, rounds, table, err);
            kustomize(work.resolve("kustomize"), rounds, table, err);
            helm(work.resolve("helm"), rounds, table, err);
            out.println("### render: " + rounds + " interleaved rounds");
            out.println();
            table.print(out);
            out.println();
            out.println("Cache hits go through RenderCache (tree id + renderer + options fingerprint + version). "
                    + "Kustomize: ours = scan + materialized tree + kustomize process + safe YAML parse; peer = the "
                    + "same kustomize run directly (`kubectl kustomize DIR`) with its output read by the JVM.");
        } finally {
            try (var s = Files.walk(work)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Snapshot open(Path dir) {
        LocalDirectorySource source = LocalDirectorySource.create();
        SourceSpec spec = SourceSpec.local(dir);
        return source.open(spec, source.resolve(spec));
    }

    private void plain(Path dir, int objects, int rounds, MarkdownTable table, PrintStream err) throws Exception {
        deployments(dir, objects, "bench", "2", "1.25");
        Path withVariables = dir.resolveSibling("plain-variables");
        deployments(withVariables, objects, "${NS}", "${REPLICAS:=2}", "${TAG}");
        long start = System.nanoTime();
        Samples warm = new Samples();
        Samples inParallel = new Samples();
        Samples hit = new Samples();
        try (Snapshot snapshot = open(dir)) {
            double openMs = (System.nanoTime() - start) / 1e6;
            PlainYamlRenderer renderer = new PlainYamlRenderer();
            PlainYamlRenderer parallel = new PlainYamlRenderer(io.gitops4j.core.render.YamlLimits.defaults(),
                    true);
            RenderSpec spec = new RenderSpec("plain", "", PlainYamlOptions.defaults());
            RenderCache cache = RenderCache.of(renderer);
            int size = 0;
            for (int r = 0; r < 2; r++) {
                size = renderer.render(snapshot, spec).size();
                parallel.render(snapshot, spec);
            }
            cache.render(snapshot, spec);
            for (int r = 0; r < rounds; r++) {
                err.printf("render: plain round %d of %d%n", r + 1, rounds);
                warm.add(time(() -> renderer.render(snapshot, spec)));
                inParallel.add(time(() -> parallel.render(snapshot, spec)));
                for (int k = 0; k < 20; k++) {
                    hit.add(time(() -> cache.render(snapshot, spec)));
                }
            }
            table.row("P7 plain YAML, warm", size, fmt(warm.median()), warm.spread("%.1f"), "", "");
            table.row("P7 plain YAML, warm, files parsed in parallel (opt-in)", size, fmt(inParallel.median()),
                    inParallel.spread("%.1f"), "", "");
            table.row("P7 plain YAML, cache hit", size, fmt3(hit.median()), hit.spread("%.3f"), "", "");
            table.row("(reading the directory into a snapshot)", size, fmt(openMs), "", "", "");
            substituted(withVariables, snapshot, spec, rounds, table, err);
        }
    }

    /**
     * The same objects written with three variables each ({@code namespace: ${NS}}, {@code replicas:
     * ${REPLICAS:=2}}, {@code image: nginx:${TAG}}), rendered with Flux-style substitution; the peer is the render of
     * the literal tree, interleaved round by round, and both give the same objects.
     */
    private void substituted(Path dir, Snapshot literal, RenderSpec spec, int rounds, MarkdownTable table,
            PrintStream err) {
        PlainYamlRenderer renderer = new PlainYamlRenderer();
        RenderSpec substituting = spec.withSubstitution(Substitution.of(Map.of("NS", "bench", "TAG", "1.25")));
        Samples ours = new Samples();
        Samples peer = new Samples();
        List<Double> ratios = new ArrayList<>();
        try (Snapshot snapshot = open(dir)) {
            ManifestSet result = renderer.render(snapshot, substituting);
            if (!result.contentHash().equals(renderer.render(literal, spec).contentHash())) {
                throw new IllegalStateException("the substituted render differs from the literal one");
            }
            for (int r = 0; r < rounds; r++) {
                err.printf("render: plain with substitution round %d of %d%n", r + 1, rounds);
                double o = time(() -> renderer.render(snapshot, substituting));
                double p = time(() -> renderer.render(literal, spec));
                ours.add(o);
                peer.add(p);
                ratios.add(o / p);
            }
            ratios.sort(Double::compare);
            table.row("P7 plain YAML, 3 variables per object substituted vs the literal tree", result.size(),
                    fmt(ours.median()), ours.spread("%.1f"), fmt(peer.median()),
                    String.format("%.2f", ratios.get(ratios.size() / 2)));
        }
    }

    /** Writes {@code objects} Deployments, 100 per file, with these namespace, replicas and image tag texts. */
    private static void deployments(Path dir, int objects, String namespace, String replicas, String tag)
            throws java.io.IOException {
        Files.createDirectories(dir);
        int perFile = 100;
        for (int f = 0; f < objects / perFile; f++) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < perFile; i++) {
                int n = f * perFile + i;
                b.append("---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-").append(n)
                        .append("\n  namespace: ").append(namespace).append("\n  labels: {app: app-").append(n)
                        .append(", tier: web}\n")
                        .append("spec:\n  replicas: ").append(replicas)
                        .append("\n  selector:\n    matchLabels: {app: app-").append(n)
                        .append("}\n  template:\n    metadata:\n      labels: {app: app-").append(n)
                        .append("}\n    spec:\n      containers:\n      - name: web\n        image: nginx:")
                        .append(tag).append("\n")
                        .append("        ports: [{containerPort: 80}]\n        env:\n        - {name: MODE, value: "
                                + "\"on\"}\n        resources: {limits: {cpu: 500m, memory: 128Mi}}\n");
            }
            Files.writeString(dir.resolve(String.format("part-%03d.yaml", f)), b.toString());
        }
    }

    private void kustomize(Path dir, int rounds, MarkdownTable table, PrintStream err) throws Exception {
        Path base = Files.createDirectories(dir.resolve("base"));
        StringBuilder resources = new StringBuilder("resources:\n");
        for (int i = 0; i < 50; i++) {
            Files.writeString(base.resolve("d" + i + ".yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
                    + "  name: d" + i + "\nspec:\n  selector:\n    matchLabels: {app: d" + i + "}\n  template:\n"
                    + "    metadata:\n      labels: {app: d" + i + "}\n    spec:\n      containers:\n"
                    + "      - {name: c, image: nginx:1.25}\n");
            resources.append("- d").append(i).append(".yaml\n");
        }
        Files.writeString(base.resolve("kustomization.yaml"), resources + "configMapGenerator:\n- name: cfg\n"
                + "  literals: [A=1, B=2]\n");
        Path overlay = Files.createDirectories(dir.resolve("overlays/prod"));
        Files.writeString(overlay.resolve("kustomization.yaml"), "resources:\n- ../../base\nnamespace: prod\n"
                + "namePrefix: prod-\nimages:\n- name: nginx\n  newTag: \"1.26\"\ncommonLabels:\n  env: prod\n");
        KustomizeTool tool = KustomizeTool.detect();
        KustomizeRenderer renderer = new KustomizeRenderer(tool, io.gitops4j.core.render.YamlLimits.defaults());
        RenderSpec spec = new RenderSpec("kustomize", "overlays/prod", KustomizeOptions.defaults());
        Samples ours = new Samples();
        Samples peer = new Samples();
        Samples hit = new Samples();
        List<Double> ratios = new ArrayList<>();
        int size;
        try (Snapshot snapshot = open(dir)) {
            size = renderer.render(snapshot, spec).size();
            RenderCache cache = RenderCache.of(renderer);
            cache.render(snapshot, spec);
            for (int r = 0; r < rounds; r++) {
                err.printf("render: kustomize round %d of %d%n", r + 1, rounds);
                double o = time(() -> renderer.render(snapshot, spec));
                double p = time(() -> direct(tool, overlay));
                ours.add(o);
                peer.add(p);
                ratios.add(o / p);
                for (int k = 0; k < 20; k++) {
                    hit.add(time(() -> cache.render(snapshot, spec)));
                }
            }
        }
        ratios.sort(Double::compare);
        table.row("P8 Kustomize (" + tool.version() + "), ours vs kubectl kustomize", size, fmt(ours.median()),
                ours.spread("%.0f"), fmt(peer.median()), String.format("%.2f", ratios.get(ratios.size() / 2)));
        table.row("P8 Kustomize, cache hit", size, fmt3(hit.median()), hit.spread("%.3f"), "", "");
    }

    private static ManifestSet direct(KustomizeTool tool, Path dir) {
        try {
            List<String> command = new ArrayList<>(tool.prefix());
            command.add(dir.toString());
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            p.waitFor(60, TimeUnit.SECONDS);
            if (p.exitValue() != 0 || out.length == 0) {
                throw new IllegalStateException("kubectl kustomize failed");
            }
            return ManifestSet.empty();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void helm(Path dir, int rounds, MarkdownTable table, PrintStream err) throws Exception {
        Path chart = Files.createDirectories(dir.resolve("chart/templates"));
        Files.writeString(dir.resolve("chart/Chart.yaml"), "apiVersion: v2\nname: bench\nversion: 0.1.0\n");
        Files.writeString(dir.resolve("chart/values.yaml"), "replicas: 2\ncount: 20\n");
        Files.writeString(chart.resolve("deployments.yaml"), "{{- range $i, $e := until (int .Values.count) }}\n"
                + "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ $.Release.Name }}-{{ $i }}\n"
                + "spec:\n  replicas: {{ $.Values.replicas }}\n  selector:\n    matchLabels: {app: a{{ $i }}}\n"
                + "  template:\n    metadata:\n      labels: {app: a{{ $i }}}\n    spec:\n      containers:\n"
                + "      - {name: c, image: nginx}\n{{- end }}\n");
        if (!HelmRenderer.available()) {
            throw new IllegalStateException("helm-java is not on the classpath");
        }
        RenderSpec spec = new RenderSpec("helm", "chart", HelmOptions.release("bench"));
        Samples warm = new Samples();
        Samples hit = new Samples();
        double first;
        int size;
        try (Snapshot snapshot = open(dir)) {
            HelmRenderer renderer = new HelmRenderer();
            long start = System.nanoTime();
            size = renderer.render(snapshot, spec).size();
            first = (System.nanoTime() - start) / 1e6;
            RenderCache cache = RenderCache.of(renderer);
            cache.render(snapshot, spec);
            for (int r = 0; r < rounds; r++) {
                err.printf("render: helm round %d of %d%n", r + 1, rounds);
                warm.add(time(() -> renderer.render(snapshot, spec)));
                for (int k = 0; k < 20; k++) {
                    hit.add(time(() -> cache.render(snapshot, spec)));
                }
            }
        }
        table.row("P9 Helm (helm-java), first render in this JVM", size, fmt(first), "", "", "");
        table.row("P9 Helm, warm (renders twice: RD-17 check)", size, fmt(warm.median()), warm.spread("%.0f"), "",
                "");
        table.row("P9 Helm, cache hit", size, fmt3(hit.median()), hit.spread("%.3f"), "", "");
    }

    private static double time(Runnable r) {
        long start = System.nanoTime();
        r.run();
        return (System.nanoTime() - start) / 1e6;
    }

    private static String fmt(double ms) {
        return String.format("%.1f", ms);
    }

    private static String fmt3(double ms) {
        return String.format("%.3f", ms);
    }
}
