package io.gitops4j.core.render;

import io.gitops4j.api.render.HelmOptions;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.render.Renderer;
import io.gitops4j.api.resource.DuplicateResourceException;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ManifestSet;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.core.render.helm.HelmTemplateRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The {@code helm} renderer: {@code helm template} through helm-java (an optional dependency; without it every render
 * fails with {@link Reason#TOOL_FAILURE} saying so), run in a child JVM ({@link HelmProcess}) that is killed on
 * timeout and limited in memory and CPU time by the operating system ({@link HelmLimits}).
 *
 * <p>Charts come from the render path of the snapshot or from an HTTP(S) chart repository ({@link
 * ChartRepositoryClient}) or an OCI registry ({@code oci://HOST/PATH}, {@link OciChartClient}): credentials per
 * origin and per the render's scope, sizes capped, one deadline per fetch, digests checked (RD-15). {@link
 * HelmChartSource} makes the private working copy: vendored archives unpacked with limits (RD-11/12), dependencies
 * {@code charts/} lacks supplied ({@code file://} from the snapshot, repositories, registries; {@link
 * ChartDependencies}), everything written counted in one {@link WriteBudget} per render.
 *
 * <p>Kubernetes version: {@link HelmOptions#kubeVersion()} (the engine fills in the destination cluster's version
 * when it knows it), else {@link #NEWEST_KUBE_VERSION}; {@code .Capabilities.KubeVersion} and a chart's {@code
 * kubeVersion} constraint both use it, so a chart requiring {@code >=1.23.0-0} renders and one the version does not
 * satisfy fails with Helm's message naming the constraint. {@code .Capabilities.APIVersions} are Helm's built-in
 * list for client-only rendering; {@link HelmOptions#apiVersions()} must be empty: helm-java offers no way to add
 * to them, and ignoring the option would render different objects than the user asked for.
 *
 * <p>Values: files from the snapshot (confined to it, RD-10: {@code ..}, absolute paths, {@code /proc/...}, links
 * out of the tree and URLs are refused and the error does not repeat the path), then inline values, then {@code
 * --set} parameters, Helm's precedence. Values are copied into a private directory, so Helm never reads the
 * repository's paths itself.
 *
 * <p>No cluster and no network from templates (RD-14): the child has no kubeconfig, credentials or in-cluster
 * variables of this process; its only Kubernetes API is one inside the child answering "not found", so {@code
 * lookup} returns an empty map as with {@code helm template}, however a template reaches it ({@code tpl}, values
 * rendered as templates). {@code env}/{@code expandenv} are not in Helm's function map; templates calling {@code
 * getHostByName} (a DNS lookup) are refused before rendering. A render that exceeds its timeout fails with {@link
 * Reason#TIMEOUT} and its process is killed; one that exceeds a memory or CPU limit fails with {@link Reason#LIMIT}.
 *
 * <p>Determinism (RD-17): every chart is rendered twice; if the outputs differ (templates using {@code randAlphaNum},
 * {@code now}, {@code uuidv4}…) the render fails with {@link Reason#NON_DETERMINISTIC} naming the objects that
 * differ, because applying such output would change the cluster on every reconcile. Thread-safe.
 */
public final class HelmRenderer implements Renderer {
    /**
     * The Kubernetes version a chart is rendered for when {@link HelmOptions#kubeVersion()} is unset: the newest
     * minor gitops4j supports (its built-in schemas are those of 1.33).
     */
    public static final String NEWEST_KUBE_VERSION = "v1.33.0";

    private final YamlLimits limits;
    private final ManifestReader reader;
    private final PostBuildSubstitution substitution;
    private final HelmChartSource charts;
    private final HelmProcess process;
    private final HelmLimits helmLimits;
    private volatile String version;

    /** A renderer without chart repository credentials and default limits. */
    public HelmRenderer() {
        this(ChartCredentials.none(), YamlLimits.defaults());
    }

    /** @param credentials chart repository and OCI registry credentials, per origin and scope */
    public HelmRenderer(ChartCredentials credentials, YamlLimits limits) {
        this(credentials, limits, Set.of());
    }

    /**
     * @param credentials chart repository and OCI registry credentials, per origin and scope
     * @param plainHttpRegistries host names of OCI registries reached over plain HTTP (Helm's {@code --plain-http});
     *     every other registry over HTTPS only
     */
    public HelmRenderer(ChartCredentials credentials, YamlLimits limits, Set<String> plainHttpRegistries) {
        this(credentials, limits, plainHttpRegistries, HelmLimits.defaults());
    }

    /**
     * @param credentials chart repository and OCI registry credentials, per origin and scope
     * @param plainHttpRegistries host names of OCI registries reached over plain HTTP (Helm's {@code --plain-http});
     *     every other registry over HTTPS only
     * @param helmLimits memory, CPU time, output and disk limits of each render
     */
    public HelmRenderer(ChartCredentials credentials, YamlLimits limits, Set<String> plainHttpRegistries,
            HelmLimits helmLimits) {
        this.limits = limits;
        this.process = new HelmProcess(helmLimits);
        this.helmLimits = helmLimits;
        this.reader = new ManifestReader(limits);
        this.substitution = new PostBuildSubstitution(limits);
        long maxArchive = ChartArchives.Limits.defaults().maxArchiveBytes();
        ChartArchiveCache cache = new ChartArchiveCache(64L << 20);
        ChartRepositoryClient repositories = new ChartRepositoryClient(credentials, limits, maxArchive, cache);
        Set<String> plain = new java.util.HashSet<>();
        plainHttpRegistries.forEach(h -> plain.add(h.toLowerCase(java.util.Locale.ROOT)));
        this.charts = new HelmChartSource(repositories, new OciChartClient(credentials, plain, maxArchive, cache),
                limits);
    }

    /** @return true when helm-java is on the classpath */
    public static boolean available() {
        try {
            Class.forName("com.marcnuri.helm.Helm", false, HelmRenderer.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public String name() {
        return RenderSpec.HELM;
    }

    /**
     * @return {@code helm-java-} and the version of the helm-java jar (which fixes the embedded Helm), or {@code
     *     helm-absent}; read without loading Helm into this process
     */
    @Override
    public String version() {
        String v = version;
        if (v == null) {
            v = available() ? "helm-java-" + helmJavaVersion() + "+r2" : "helm-absent";
            version = v;
        }
        return v;
    }

    private static String helmJavaVersion() {
        try (var in = HelmRenderer.class.getClassLoader().getResourceAsStream(
                "META-INF/maven/com.marcnuri.helm-java/helm-java/pom.properties")) {
            java.util.Properties p = new java.util.Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public ManifestSet render(Snapshot snapshot, RenderSpec spec) {
        if (!available()) {
            throw new RenderException(Reason.TOOL_FAILURE, "the helm renderer needs helm-java "
                    + "(com.marcnuri.helm-java:helm-java) on the classpath", null);
        }
        HelmOptions options = spec.options(HelmOptions.class);
        String path = spec.path();
        if (!options.apiVersions().isEmpty()) {
            throw new RenderException(Reason.INVALID_INPUT, path, 0, "HelmOptions.apiVersions is not supported: the "
                    + "embedded Helm (helm-java) cannot set .Capabilities.APIVersions; leave apiVersions empty",
                    null);
        }
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("gitops4j-helm-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            String chartName = !path.isEmpty() ? path : !options.chartName().isEmpty() ? options.chartName()
                    : options.chartRepository().replaceAll("/+$", "").replaceAll(".*/", "");
            WriteBudget budget = WriteBudget.of(helmLimits);
            List<Path> values = HelmValues.write(snapshot, options, scratch, limits, budget);
            Path chart = charts.workingCopy(snapshot, path, options, chartName, scratch, budget);
            List<Map.Entry<String, String>> set = new ArrayList<>();
            for (String parameter : options.set()) {
                int eq = parameter.indexOf('=');
                if (eq <= 0) {
                    throw new RenderException(Reason.INVALID_INPUT, "set parameter #" + (set.size() + 1)
                            + " is not of the form key=value", null);
                }
                set.add(Map.entry(parameter.substring(0, eq), parameter.substring(eq + 1)));
            }
            HelmTemplateRequest request = new HelmTemplateRequest(chart, options.releaseName(), options.namespace(),
                    kubeVersion(options), values, set, options.includeCrds(), 2);
            Map<Path, String> scrub = new LinkedHashMap<>();
            scrub.put(chart, "<chart>");
            scrub.put(scratch, "<scratch>");
            List<String> outputs = process.render(request, Files.createDirectories(scratch.resolve("child")),
                    options.timeout(), scrub);
            String first = outputs.get(0);
            String second = outputs.get(1);
            List<Manifest> crds = options.includeCrds() ? crds(chart) : List.of();
            ManifestSet rendered = parse(crds, first, spec);
            if (!first.equals(second)) {
                ManifestSet again = parse(crds, second, spec);
                throw nonDeterministic(rendered, again);
            }
            return rendered;
        } catch (SourceException e) {
            throw new RenderException(Reason.POLICY, e.path().orElse(path), 0, e.getMessage(), e);
        } catch (DuplicateResourceException e) {
            throw new RenderException(Reason.INVALID_INPUT, path, 0, e.getMessage(), e);
        } catch (IOException e) {
            throw new RenderException(Reason.TOOL_FAILURE, path, 0, "cannot prepare the helm run", null);
        } finally {
            KustomizeRenderer.deleteQuietly(scratch);
        }
    }

    /**
     * @return the version to render for, as {@code helm template --kube-version} spells it ({@code 1.31} becomes
     *     {@code v1.31.0})
     */
    static String kubeVersion(HelmOptions options) {
        String v = options.kubeVersion().strip();
        if (v.isEmpty()) {
            return NEWEST_KUBE_VERSION;
        }
        v = v.startsWith("v") ? v : "v" + v;
        return v.matches("v\\d+\\.\\d+") ? v + ".0" : v;
    }

    /**
     * Reads Helm's output; each document's origin is the template named by its {@code # Source:} comment. The spec's
     * substitution is applied to the objects before their identities are checked.
     */
    private ManifestSet parse(List<Manifest> crds, String output, RenderSpec spec) {
        List<Manifest> manifests = new ArrayList<>(crds);
        for (SafeYamlLoader.Segment segment : SafeYamlLoader.split(output)) {
            String text = segment.text();
            String source = "helm-output";
            int at = text.indexOf("# Source: ");
            if (at >= 0) {
                int end = text.indexOf('\n', at);
                source = text.substring(at + "# Source: ".length(), end < 0 ? text.length() : end).strip();
            }
            manifests.addAll(reader.read(source, text));
        }
        return ManifestSet.of(substitution.apply(manifests, spec.substitution()));
    }

    /**
     * The {@code crds/} files of the chart and its subcharts, as {@code helm template --include-crds} prints them
     * (verbatim, not templated); helm-java has no switch for that.
     */
    private List<Manifest> crds(Path chart) throws IOException {
        List<Manifest> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(chart)) {
            List<Path> crdFiles = files.filter(Files::isRegularFile).filter(p -> {
                String rel = chart.relativize(p).toString().replace('\\', '/');
                return rel.matches("(charts/[^/]+/)*crds/[^/]+\\.(yaml|yml|json)");
            }).sorted().toList();
            for (Path p : crdFiles) {
                String rel = chart.getFileName() + "/" + chart.relativize(p).toString().replace('\\', '/');
                out.addAll(reader.read(rel, Files.readAllBytes(p)));
            }
        }
        return out;
    }

    private static RenderException nonDeterministic(ManifestSet first, ManifestSet second) {
        List<String> differing = new ArrayList<>();
        for (Manifest m : first) {
            boolean same = second.get(m.key()).map(o -> o.contentHash().equals(m.contentHash())).orElse(false);
            if (!same) {
                differing.add(m.kind() + " " + m.name() + " (" + m.origin().file() + ")");
            }
        }
        if (differing.isEmpty()) {
            differing.add("the set of objects");
        }
        return new RenderException(Reason.NON_DETERMINISTIC, "two renders of the same input differ: "
                + String.join(", ", differing) + "; templates using randAlphaNum, now, uuidv4 or similar would change "
                + "the cluster on every reconcile", null);
    }

    static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
