package io.gitops4j.core.render;

import io.gitops4j.api.render.HelmOptions;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.render.helm.HelmTemplateRequest;
import io.gitops4j.core.source.LocalDirectorySource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code helm} command kustomize runs for {@code helmCharts} when the Kustomize renderer enables Helm ({@code
 * --helm-command}): there is no Helm binary to run, so this answers the two calls kustomize makes with the same Helm
 * the Helm renderer uses. {@code version} prints a Helm 3 version; {@code template RELEASE CHART [--namespace NS]
 * [-f VALUES]… [--include-crds] [--skip-tests] [--kube-version V]} renders a chart of the materialized tree ({@value
 * #ROOT}, set by the renderer; a chart outside it is refused) like the Helm renderer: a private working copy, its
 * {@code file://} dependencies supplied from the same tree ({@link ChartDependencies}), checks, and Helm in a child
 * process under limits with no cluster access ({@link HelmProcess}). Values files are the ones kustomize wrote.
 * Exit code 0 with the rendered stream on standard output, 1 with the reason on standard error.
 */
public final class KustomizeHelmCommand {
    /** The environment variable naming the materialized tree charts must be inside. */
    public static final String ROOT = "GITOPS4J_HELM_ROOT";
    /** The environment variable naming the native Helm library directory to share ({@link HelmProcess}). */
    public static final String LIBRARY = "GITOPS4J_HELM_LIBRARY";
    private static volatile Path script;

    private KustomizeHelmCommand() {}

    /** @param args the helm command line kustomize passes */
    public static void main(String[] args) {
        int code;
        try {
            code = run(List.of(args), System.getenv(), System.out);
        } catch (RenderException e) {
            System.err.println("Error: " + e.getMessage());
            code = 1;
        } catch (IOException | RuntimeException e) {
            System.err.println("Error: the helm command failed: " + e.getClass().getSimpleName());
            code = 1;
        }
        System.out.flush();
        System.exit(code);
    }

    static int run(List<String> args, Map<String, String> env, PrintStream out) throws IOException {
        if (!args.isEmpty() && args.get(0).equals("version")) {
            out.println("v3.0.0+gitops4j");
            return 0;
        }
        if (args.isEmpty() || !args.get(0).equals("template") || env.get(ROOT) == null) {
            System.err.println("Error: only 'helm version' and 'helm template' are supported here");
            return 1;
        }
        List<String> positional = new ArrayList<>();
        List<Path> values = new ArrayList<>();
        HelmOptions options = HelmOptions.release("release");
        boolean crds = false;
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--namespace", "-n" -> options = options.withNamespace(args.get(++i));
                case "-f", "--values" -> values.add(Path.of(args.get(++i)));
                case "--kube-version" -> options = options.withKubeVersion(args.get(++i));
                case "--include-crds" -> crds = true;
                case "--skip-tests" -> { }
                default -> {
                    if (arg.startsWith("-")) {
                        System.err.println("Error: helm template flag " + arg + " is not supported here");
                        return 1;
                    }
                    positional.add(arg);
                }
            }
        }
        if (positional.size() != 2) {
            System.err.println("Error: helm template takes a release name and a chart directory");
            return 1;
        }
        options = options.withReleaseName(positional.get(0)).withIncludeCrds(crds);
        out.print(template(options, Path.of(env.get(ROOT)).toRealPath(), Path.of(positional.get(1)).toRealPath(),
                values));
        return 0;
    }

    private static String template(HelmOptions options, Path root, Path chart, List<Path> valuesFiles)
            throws IOException {
        if (!chart.startsWith(root)) {
            throw new RenderException(RenderException.Reason.POLICY, "helmCharts: the chart is outside the "
                    + "repository", null);
        }
        String path = root.relativize(chart).toString().replace('\\', '/');
        Path scratch = Files.createTempDirectory("gitops4j-helm-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        LocalDirectorySource source = LocalDirectorySource.create();
        SourceSpec spec = SourceSpec.local(root);
        try (Snapshot snapshot = source.open(spec, source.resolve(spec))) {
            HelmLimits limits = HelmLimits.defaults();
            WriteBudget budget = WriteBudget.of(limits);
            List<Path> values = new ArrayList<>();
            for (Path file : valuesFiles) {
                byte[] content = Files.readAllBytes(file);
                budget.charge("values", content.length);
                values.add(Files.write(scratch.resolve("values-" + values.size() + ".yaml"), content));
            }
            Path work = new HelmChartSource(new ChartRepositoryClient(ChartCredentials.none(), YamlLimits.defaults(),
                    ChartArchives.Limits.defaults().maxArchiveBytes(), new ChartArchiveCache(1)),
                    new OciChartClient(ChartCredentials.none(), java.util.Set.of(),
                            ChartArchives.Limits.defaults().maxArchiveBytes(), new ChartArchiveCache(1)),
                    YamlLimits.defaults()).workingCopy(snapshot, path, options, path, scratch, budget);
            HelmTemplateRequest request = new HelmTemplateRequest(work, options.releaseName(), options.namespace(),
                    HelmRenderer.kubeVersion(options), values, List.of(), false, 1);
            String rendered = new HelmProcess(limits).render(request,
                    Files.createDirectories(scratch.resolve("child")), options.timeout(),
                    Map.of(work, "<chart>", scratch, "<scratch>")).get(0);
            return (options.includeCrds() ? crds(work) : "") + rendered;
        } finally {
            KustomizeRenderer.deleteQuietly(scratch);
        }
    }

    /** @return the chart's and subcharts' {@code crds/} files, as {@code helm template --include-crds} prints them */
    private static String crds(Path chart) throws IOException {
        StringBuilder out = new StringBuilder();
        try (Stream<Path> files = Files.walk(chart)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                String rel = chart.relativize(p).toString().replace('\\', '/');
                if (rel.matches("(charts/[^/]+/)*crds/[^/]+\\.(yaml|yml|json)")) {
                    out.append("---\n# Source: ").append(chart.getFileName()).append('/').append(rel).append('\n')
                            .append(Files.readString(p, StandardCharsets.UTF_8)).append('\n');
                }
            }
        }
        return out.toString();
    }

    /**
     * @return an executable {@code helm} script (written once per JVM, in the owner-only Helm library directory)
     *     that runs this command with this JVM's class path
     */
    static Path script() {
        Path s = script;
        if (s == null) {
            synchronized (KustomizeHelmCommand.class) {
                s = script;
                if (s == null) {
                    s = HelmProcess.libraryCache().resolve("helm");
                    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
                    String text = "#!/bin/sh\nexec '" + java + "' -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "
                            + "-XX:-UsePerfData -cp '" + System.getProperty("java.class.path") + "' "
                            + KustomizeHelmCommand.class.getName() + " \"$@\"\n";
                    try {
                        Files.writeString(s, text, StandardCharsets.UTF_8);
                        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwx------"));
                    } catch (IOException e) {
                        throw new RenderException(RenderException.Reason.TOOL_FAILURE, "cannot write the helm "
                                + "command for kustomize", null);
                    }
                    script = s;
                }
            }
        }
        return s;
    }
}
