package io.gitops4j.examples.bench;

import io.gitops4j.api.render.KustomizeOptions;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.git.GitSource;
import io.gitops4j.core.render.KustomizeRenderer;
import io.gitops4j.core.render.KustomizeTool;
import io.gitops4j.core.render.YamlLimits;
import io.gitops4j.core.source.LocalDirectorySource;
import io.gitops4j.testkit.git.CommitSpec;
import io.gitops4j.testkit.git.GitFixtures;
import io.gitops4j.testkit.git.TestRepo;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench amplification}: small repositories built to make a render cost far more than their size (issue 10,
 * items 7 and 8), each rendered with Kustomize in a JVM of its own so peak figures do not mix: a Git repository of
 * 40 paths sharing one 8 MiB blob, a local tree whose symbolic links to directories multiply one 1 MiB file 256
 * times, and a 1 MB tree whose 90 overlays of one base fan out to about 90 MB of output. Reported per case: the outcome, the
 * bytes the JVM wrote while rendering ({@code wchar} of {@code /proc/self/io}), the peak RSS of the kustomize child
 * ({@code /usr/bin/time}) and of the JVM ({@code VmHWM}), and the time. Linux only.
 */
final class AmplificationBench implements BenchSuite {
    @Override
    public String name() {
        return "amplification";
    }

    @Override
    public String description() {
        return "Kustomize renders of repositories built to amplify disk, output and memory: bytes written, peak RSS";
    }

    @Override
    public void run(boolean quick, PrintStream out, PrintStream err) throws Exception {
        MarkdownTable table = new MarkdownTable("case", "repository", "outcome", "JVM bytes written",
                "child peak RSS MiB", "JVM peak RSS MiB", "ms");
        for (String c : List.of("git-shared-blob", "local-linked-dirs", "fan-out")) {
            err.println("bench amplification: " + c);
            Path work = Files.createTempDirectory("gitops4j-bench-amp-");
            try {
                Process p = new ProcessBuilder(javaCommand(c, work)).redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
                String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    throw new IllegalStateException("case " + c + " failed: " + line);
                }
                String[] cells = line.substring(line.lastIndexOf('\n') + 1).split("\t");
                table.row((Object[]) cells);
            } finally {
                try (var s = Files.walk(work)) {
                    s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
        out.println("### amplification: one JVM per case");
        out.println();
        table.print(out);
        out.println();
        out.println("JVM bytes written: wchar of /proc/self/io across the render (materialized files). Child peak "
                + "RSS: /usr/bin/time around the kustomize binary. JVM peak RSS: VmHWM after the render.");
    }

    private static List<String> javaCommand(String c, Path work) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), AmplificationBench.class.getName(), c, work.toString());
    }

    /** One case in this JVM; prints one tab-separated row. */
    public static void main(String[] args) throws Exception {
        String c = args[0];
        Path work = Path.of(args[1]);
        Path rss = work.resolve("child-rss.txt");
        KustomizeTool detected = KustomizeTool.detect();
        List<String> prefix = new ArrayList<>(List.of("/usr/bin/time", "-f", "%M", "-o", rss.toString()));
        prefix.addAll(detected.prefix());
        KustomizeRenderer renderer = new KustomizeRenderer(new KustomizeTool(prefix, detected.version()),
                YamlLimits.defaults());
        String repo;
        Snapshot snapshot;
        GitFixtures git = null;
        GitSource source = null;
        switch (c) {
            case "git-shared-blob" -> {
                git = GitFixtures.create();
                TestRepo r = git.repo("shared");
                byte[] blob = new byte[8 << 20];
                Arrays.fill(blob, (byte) 'x');
                CommitSpec commit = r.commit("40 paths, one blob");
                for (int i = 0; i < 40; i++) {
                    commit.add("data/copy-" + i + ".txt", blob);
                }
                commit.add("app/kustomization.yaml", "resources:\n- cm.yaml\n").add("app/cm.yaml", CM).create();
                repo = kib(r.directory()) + " KiB .git, 40 × 8 MiB paths";
                source = GitSource.builder().cacheDirectory(work.resolve("cache")).allowFileUrls(true).build();
                SourceSpec spec = SourceSpec.git(r.fileUrl(), "main", "app");
                snapshot = source.open(spec, source.resolve(spec));
            }
            case "local-linked-dirs" -> {
                Path tree = work.resolve("tree");
                Files.createDirectories(tree.resolve("l0"));
                Files.write(tree.resolve("l0/blob.txt"), new byte[1 << 20]);
                for (int level = 1; level <= 2; level++) {
                    Files.createDirectories(tree.resolve("l" + level));
                    for (int i = 0; i < 16; i++) {
                        Files.createSymbolicLink(tree.resolve("l" + level + "/link-" + i), Path.of("../l" + (level - 1)));
                    }
                }
                Files.createDirectories(tree.resolve("app"));
                Files.writeString(tree.resolve("app/kustomization.yaml"), "resources:\n- cm.yaml\n");
                Files.writeString(tree.resolve("app/cm.yaml"), CM);
                repo = kib(tree) + " KiB on disk, 32 links to directories";
                snapshot = open(tree);
            }
            case "fan-out" -> {
                Path tree = work.resolve("tree");
                Files.createDirectories(tree.resolve("base"));
                StringBuilder resources = new StringBuilder("resources:\n");
                for (int i = 0; i < 10; i++) {
                    Files.writeString(tree.resolve("base/cm-" + i + ".yaml"), "apiVersion: v1\nkind: ConfigMap\n"
                            + "metadata:\n  name: cm-" + i + "\ndata:\n  payload: " + "y".repeat(100_000) + "\n");
                    resources.append("- cm-").append(i).append(".yaml\n");
                }
                Files.writeString(tree.resolve("base/kustomization.yaml"), resources.toString());
                StringBuilder overlays = new StringBuilder("resources:\n");
                for (int j = 0; j < 90; j++) {
                    Files.createDirectories(tree.resolve("o" + j));
                    Files.writeString(tree.resolve("o" + j + "/kustomization.yaml"), "resources:\n- ../base\n"
                            + "namePrefix: o" + j + "-\n");
                    overlays.append("- o").append(j).append('\n');
                }
                Files.createDirectories(tree.resolve("app"));
                Files.writeString(tree.resolve("app/kustomization.yaml"), overlays.toString().replace("- o",
                        "- ../o"));
                repo = kib(tree) + " KiB, 90 overlays of one base";
                snapshot = open(tree);
            }
            default -> throw new IllegalArgumentException(c);
        }
        long written = wchar();
        long start = System.nanoTime();
        String outcome;
        try {
            outcome = renderer.render(snapshot, new RenderSpec("kustomize", "app", KustomizeOptions.defaults()))
                    .size() + " objects";
        } catch (RuntimeException e) {
            String m = String.valueOf(e.getMessage());
            outcome = e.getClass().getSimpleName() + ": " + (m.length() > 90 ? m.substring(0, 90) + "…" : m);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        written = wchar() - written;
        List<String> rssLines = Files.exists(rss) ? Files.readAllLines(rss) : List.of();
        String child = rssLines.isEmpty() ? "not run or killed"
                : String.format("%.0f", Long.parseLong(rssLines.get(rssLines.size() - 1).strip()) / 1024.0);
        System.out.println(String.join("\t", c, repo, outcome.replace('|', '/').replace('\n', ' '),
                String.format("%,d", written), child, String.format("%.0f", hwmKib() / 1024.0), Long.toString(ms)));
        snapshot.close();
        if (source != null) {
            source.close();
        }
        if (git != null) {
            git.close();
        }
    }

    private static final String CM = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: small\ndata:\n  a: b\n";

    private static Snapshot open(Path dir) {
        LocalDirectorySource source = LocalDirectorySource.create();
        SourceSpec spec = SourceSpec.local(dir);
        return source.open(spec, source.resolve(spec));
    }

    private static long kib(Path dir) throws Exception {
        Process du = new ProcessBuilder("du", "-sk", dir.toString()).start();
        String s = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        du.waitFor();
        return Long.parseLong(s.split("\\s+")[0]);
    }

    private static long wchar() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
            if (line.startsWith("wchar:")) {
                return Long.parseLong(line.substring(6).strip());
            }
        }
        return -1;
    }

    private static long hwmKib() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
