package io.gitops4j.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.render.KustomizeOptions;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ManifestSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Kustomize renderer against the real kustomize ({@code kubectl kustomize}), fixtures and RD-08/RD-09. */
class KustomizeRendererIT {
    private static final Path FIXTURES = Path.of("src/test/resources/render/kustomize");
    private static final Path EXPECTED = Path.of("src/test/resources/render/kustomize-expected");
    /** Stands for a generated object's content-hash suffix on both sides of the comparison. */
    private static final String HASH = "xxxxxxxxxx";
    private static Path kubectl;
    private static KustomizeRenderer renderer;

    @TempDir
    Path repo;

    @BeforeAll
    static void tool() {
        kubectl = KubectlTool.require();
        renderer = new KustomizeRenderer(KustomizeTool.kubectl(kubectl), YamlLimits.defaults());
    }

    private static ManifestSet render(Path root, String path, KustomizeOptions options) {
        try (Snapshot snapshot = LocalSnapshots.open(root)) {
            return renderer.render(snapshot, new RenderSpec("kustomize", path, options));
        }
    }

    private void write(String path, String content) throws IOException {
        Path p = repo.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    private static List<Manifest> kubectlKustomize(Path dir, String... flags) throws Exception {
        List<String> command = new ArrayList<>(List.of(kubectl.toString(), "kustomize", dir.toString()));
        command.addAll(List.of(flags));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("kubectl kustomize %s", dir).isZero();
        return ManifestReader.withDefaults().read("kubectl", out);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod", "console/overlays/dev"})
    @DisplayName("each fixture renders to the output written by hand in kustomize-expected/")
    void rendersTheHandWrittenExpectation(String fixture) throws Exception {
        String expectedText = Files.readString(EXPECTED.resolve(fixture.replace('/', '-') + ".yaml"));
        List<String> generated = new ArrayList<>();
        Matcher names = Pattern.compile("name: ([a-z0-9-]+)-<hash>").matcher(expectedText);
        while (names.find()) {
            generated.add(names.group(1));
        }
        List<String> expected = canonical(ManifestReader.withDefaults().read("expected",
                expectedText.replace("<hash>", HASH).getBytes(StandardCharsets.UTF_8)));
        List<String> actual = new ArrayList<>();
        for (String json : canonical(render(FIXTURES, fixture, KustomizeOptions.defaults()).manifests())) {
            for (String name : generated) {
                Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "-([a-z0-9]{10})\"").matcher(json);
                Set<String> suffixes = new HashSet<>();
                while (m.find()) {
                    suffixes.add(m.group(1));
                }
                assertThat(suffixes).as("hash suffix of %s in %s", name, json).hasSizeLessThanOrEqualTo(1);
                json = m.replaceAll("\"" + name + "-" + HASH + "\"");
            }
            actual.add(json);
        }
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static List<String> canonical(List<Manifest> manifests) {
        return manifests.stream().map(Manifest::canonicalJson).toList();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod", "console/overlays/dev"})
    @DisplayName("plumbing: writing the tree to disk and reading the output changes nothing kubectl kustomize prints")
    void sameAsKubectlKustomize(String fixture) throws Exception {
        List<Manifest> ours = render(FIXTURES, fixture, KustomizeOptions.defaults()).manifests();
        List<Manifest> theirs = fixture.startsWith("console")
                ? kubectlKustomize(FIXTURES.resolve(fixture), "--load-restrictor", "LoadRestrictionsNone")
                : kubectlKustomize(FIXTURES.resolve(fixture));
        assertThat(ours).isNotEmpty();
        assertThat(ours).containsExactlyElementsOf(theirs);
    }

    @Test
    void devOverlayHasPrefixHashSuffixedConfigMapComponentAndImage() {
        ManifestSet dev = render(FIXTURES, "overlays/dev", KustomizeOptions.defaults());
        Manifest config = dev.stream().filter(m -> m.kind().equals("ConfigMap")
                && m.name().startsWith("dev-shop-config-")).findFirst().orElseThrow();
        assertThat(config.name()).matches("dev-shop-config-[a-z0-9]{10}");
        assertThat(config.get("data", "LOG_LEVEL")).contains("debug");
        Manifest deployment = dev.stream().filter(m -> m.kind().equals("Deployment")).findFirst().orElseThrow();
        assertThat(deployment.name()).isEqualTo("dev-shop");
        assertThat(deployment.namespace()).isEqualTo("shop-dev");
        assertThat(deployment.get("spec", "replicas")).contains(1L);
        assertThat(deployment.get("spec", "template", "metadata", "annotations")).contains(
                Map.of("prometheus.io/scrape", "true", "prometheus.io/port", "9090"));
        assertThat(deployment.canonicalJson()).contains("\"image\":\"nginx:1.25-alpine\"")
                .contains("\"name\":\"" + config.name() + "\"");
        assertThat(deployment.origin().file()).isEqualTo("overlays/dev/kustomization.yaml");
    }

    @Test
    void applicationOverridesAreAppliedAsAnOverlay() {
        KustomizeOptions options = KustomizeOptions.defaults().withImages(List.of("nginx=registry.local/nginx:9.9"))
                .withNamePrefix("x-").withNameSuffix("-y").withNamespace("elsewhere")
                .withCommonLabels(Map.of("owner", "console")).withCommonAnnotations(Map.of("note", "from-options"))
                .withReplicas(Map.of("shop", 7))
                .withPatches(List.of("apiVersion: v1\nkind: Service\nmetadata:\n  name: shop\nspec:\n"
                        + "  type: NodePort\n"))
                .withComponents(List.of("../components/monitoring")).withTimeout(Duration.ofSeconds(60));
        ManifestSet set = render(FIXTURES, "base", options);
        Manifest deployment = set.stream().filter(m -> m.kind().equals("Deployment")).findFirst().orElseThrow();
        assertThat(deployment.name()).isEqualTo("x-shop-y");
        assertThat(deployment.namespace()).isEqualTo("elsewhere");
        assertThat(deployment.labels()).containsEntry("owner", "console");
        assertThat(deployment.get("spec", "selector", "matchLabels")).get().asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).doesNotContainKey("owner");
        assertThat(deployment.annotations()).containsEntry("note", "from-options");
        assertThat(deployment.get("spec", "replicas")).contains(7L);
        assertThat(deployment.canonicalJson()).contains("registry.local/nginx:9.9").contains("prometheus.io/scrape");
        Manifest service = set.stream().filter(m -> m.kind().equals("Service")).findFirst().orElseThrow();
        assertThat(service.get("spec", "type")).contains("NodePort");
        assertThat(set.stream().anyMatch(m -> m.name().equals("x-monitoring-targets-y"))).isTrue();
    }

    @Test
    @DisplayName("RD-08 resources: [../../..] and absolute paths are refused, the error names the entry")
    void escapingEntriesRefused() throws IOException {
        write("apps/a/kustomization.yaml", "resources:\n- ../../..\n");
        RenderException e = failure("apps/a");
        assertThat(e.reason()).isEqualTo(Reason.POLICY);
        assertThat(e.getMessage()).isEqualTo("apps/a/kustomization.yaml: resources entry '../../..' leaves the "
                + "repository");
        write("apps/b/kustomization.yaml", "resources:\n- /etc/passwd\n");
        assertThat(failure("apps/b").getMessage()).isEqualTo("apps/b/kustomization.yaml: resources entry "
                + "'/etc/passwd' is an absolute path; entries must stay inside the repository");
        write("apps/c/kustomization.yaml", "resources:\n- ok.yaml\nconfigMapGenerator:\n- name: x\n  files:\n"
                + "  - secret=../../../../etc/shadow\n");
        assertThat(failure("apps/c").getMessage()).contains("configMapGenerator.files entry '../../../../etc/shadow' "
                + "leaves the repository");
    }

    @Test
    @DisplayName("RD-08 a symlink out of the repository used as a resource is refused")
    void symlinkOutRefused(@TempDir Path outside) throws IOException {
        Files.writeString(outside.resolve("secret.yaml"), "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n");
        write("apps/l/kustomization.yaml", "resources:\n- link.yaml\n");
        Files.createSymbolicLink(repo.resolve("apps/l/link.yaml"), outside.resolve("secret.yaml"));
        RenderException e = failure("apps/l");
        assertThat(e.reason()).isEqualTo(Reason.POLICY);
        assertThat(e.getMessage()).isEqualTo("apps/l/kustomization.yaml: resources entry 'link.yaml' leaves the "
                + "repository (through a link)");
    }

    @Test
    @DisplayName("RD-08 remote bases are refused unless allowed; helmCharts refused unless enabled")
    void remoteAndHelmRefused() throws IOException {
        write("apps/r/kustomization.yaml", "resources:\n- https://user:tok@github.com/acme/base//app?ref=v1\n");
        RenderException e = failure("apps/r");
        assertThat(e.getMessage()).isEqualTo("apps/r/kustomization.yaml: resources entry "
                + "'https://github.com/acme/base//app?ref=v1' is remote; remote bases are refused unless allowed "
                + "(allowedRemoteBases)");
        write("apps/g/kustomization.yaml", "resources:\n- github.com/acme/base/app?ref=v1\n");
        assertThat(failure("apps/g").getMessage()).contains("is remote");
        write("apps/h/kustomization.yaml", "helmCharts:\n- name: minecraft\n  repo: https://charts.example.com\n");
        assertThat(failure("apps/h").getMessage()).isEqualTo("apps/h/kustomization.yaml: helmCharts: Helm charts in "
                + "kustomizations are refused unless enableHelm is set");
    }

    @Test
    @DisplayName("RD-08 an exec plugin is refused as an external plugin, naming the entry, and never runs")
    void execPluginNeverRuns(@TempDir Path marker) throws IOException {
        Path ran = marker.resolve("ran");
        write("apps/p/plugin.sh", "#!/bin/sh\ntouch " + ran + "\ncat\n");
        repo.resolve("apps/p/plugin.sh").toFile().setExecutable(true);
        write("apps/p/transformer.yaml", "apiVersion: example.com/v1\nkind: Evil\nmetadata:\n  name: evil\n"
                + "  annotations:\n    config.kubernetes.io/function: |\n      exec:\n        path: ./plugin.sh\n");
        write("apps/p/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n");
        write("apps/p/kustomization.yaml", "resources:\n- cm.yaml\ntransformers:\n- transformer.yaml\n");
        RenderException e = failure("apps/p");
        assertThat(e.reason()).isEqualTo(Reason.POLICY);
        assertThat(e.getMessage()).isEqualTo("apps/p/kustomization.yaml: transformers[transformer.yaml] is an "
                + "external plugin (apiVersion 'example.com/v1', kind 'Evil'); only kustomize's builtin plugins "
                + "(apiVersion: builtin) are allowed");
        assertThat(ran).doesNotExist();
    }

    @Test
    @DisplayName("RD-09 cyclic bases and missing patch targets fail within the timeout with repo-relative errors")
    void pathologicalKustomizations() throws IOException {
        write("cyc/a/kustomization.yaml", "resources:\n- ../b\n");
        write("cyc/b/kustomization.yaml", "resources:\n- ../a\n");
        RenderException cycle = failure("cyc/a");
        assertThat(cycle.getMessage()).startsWith("cyc/a: kustomize failed: ").doesNotContain("/tmp/")
                .doesNotContain(repo.toString());
        write("miss/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n");
        write("miss/kustomization.yaml", "resources:\n- cm.yaml\npatches:\n- path: nothere.yaml\n");
        RenderException missing = failure("miss");
        assertThat(missing.getMessage()).startsWith("miss: kustomize failed: ").contains("nothere.yaml")
                .doesNotContain("/tmp/");
    }

    @Test
    @DisplayName("RD-09 a hanging kustomize is killed with its whole process tree at the timeout")
    void hangingToolKilled(@TempDir Path pids) throws Exception {
        write("hang/kustomization.yaml", "resources: []\n");
        Path pidFile = pids.resolve("child.pid");
        KustomizeRenderer hanging = new KustomizeRenderer(new KustomizeTool(List.of("sh", "-c",
                "sleep 300 & echo $! > " + pidFile + "; wait", "fake-kustomize"), "v0"), YamlLimits.defaults());
        KustomizeOptions options = KustomizeOptions.defaults().withTimeout(Duration.ofSeconds(1));
        long start = System.nanoTime();
        try (Snapshot snapshot = LocalSnapshots.open(repo)) {
            KustomizeOptions o = options;
            assertThatThrownBy(() -> hanging.render(snapshot, new RenderSpec("kustomize", "hang", o)))
                    .isInstanceOf(RenderException.class)
                    .satisfies(t -> assertThat(((RenderException) t).reason()).isEqualTo(Reason.TIMEOUT));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        long child = Long.parseLong(Files.readString(pidFile).trim());
        Thread.sleep(200);
        assertThat(running(child)).as("child process %d still running", child).isFalse();
    }

    /** Alive and not a zombie (an orphan's zombie waits for a reaper that containers may lack). */
    private static boolean running(long pid) throws IOException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (Files.exists(Path.of("/proc/self/stat"))) {
            if (!Files.exists(stat)) {
                return false;
            }
            String s = Files.readString(stat);
            return s.charAt(s.lastIndexOf(')') + 2) != 'Z';
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void versionNamesTheTool() {
        assertThat(renderer.version()).startsWith("kustomize-v5.");
    }

    private RenderException failure(String path) {
        try {
            render(repo, path, KustomizeOptions.defaults());
        } catch (RenderException e) {
            return e;
        }
        throw new AssertionError("render of " + path + " did not fail");
    }
}
