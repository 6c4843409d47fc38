package io.gitops4j.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.render.HelmOptions;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ManifestSet;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Helm renderer with the real Helm (helm-java, in-process) on fixture charts. */
class HelmRendererTest {
    static final Path FIXTURES = Path.of("src/test/resources/render/helm");
    private final HelmRenderer renderer = new HelmRenderer();

    @TempDir
    Path repo;

    static ManifestSet render(HelmRenderer renderer, Path root, String path, HelmOptions options) {
        try (Snapshot snapshot = LocalSnapshots.open(root)) {
            return renderer.render(snapshot, new RenderSpec("helm", path, options));
        }
    }

    private static Manifest find(ManifestSet set, String kind) {
        return set.stream().filter(m -> m.kind().equals(kind)).findFirst().orElseThrow();
    }

    @Test
    void rendersChartWithSubchartValuesFilesInlineValuesAndSetInHelmsPrecedence() {
        HelmOptions options = HelmOptions.release("web").withNamespace("shop")
                .withValuesFiles(List.of("values/prod.yaml", "values/prod-override.yaml"))
                .withValues("image:\n  tag: \"1.26\"\nreplicaCount: 4\n")
                .withSet(List.of("replicaCount=5", "cache.size=medium"));
        ManifestSet set = render(renderer, FIXTURES, "shop", options);

        Manifest deployment = find(set, "Deployment");
        assertThat(deployment.name()).isEqualTo("web-shop");
        assertThat(deployment.get("spec", "replicas")).contains(5L);
        assertThat(deployment.canonicalJson()).contains("\"image\":\"nginx:1.26\"");
        assertThat(deployment.origin().file()).isEqualTo("shop/templates/deployment.yaml");
        Manifest config = find(set, "ConfigMap");
        assertThat(config.namespace()).isEqualTo("shop");
        assertThat(config.get("data", "greeting")).contains("overridden by the second file");
        Manifest cache = find(set, "StatefulSet");
        assertThat(cache.name()).isEqualTo("web-cache");
        assertThat(cache.annotations()).containsEntry("size", "medium");
        assertThat(set.stream().map(Manifest::kind)).contains("CustomResourceDefinition");
    }

    @Test
    void crdsCanBeLeftOutAndKubeVersionIsPassed() {
        HelmOptions options = HelmOptions.defaults().withReleaseName("web").withKubeVersion("v1.29.3")
                .withIncludeCrds(false);
        ManifestSet set = render(renderer, FIXTURES, "shop", options);
        assertThat(set.stream().map(Manifest::kind)).doesNotContain("CustomResourceDefinition");
        assertThat(find(set, "Deployment").labels()).containsEntry("helm.sh/kube-version", "v1.29.3");
    }

    @Test
    void valuesSchemaViolationIsARenderError() {
        HelmOptions options = HelmOptions.release("web").withSet(List.of("replicaCount=0"));
        assertThatThrownBy(() -> render(renderer, FIXTURES, "shop", options))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("helm template failed")
                .hasMessageContaining("replicaCount");
    }

    @Test
    @DisplayName("RD-14 lookup returns nothing: no cluster access while rendering")
    void lookupReturnsNothing() {
        ManifestSet set = render(renderer, FIXTURES, "shop", HelmOptions.release("web"));
        assertThat(find(set, "ConfigMap").get("data", "cluster")).contains("offline");
    }

    private void copyChart() throws IOException {
        try (var files = Files.walk(FIXTURES)) {
            for (Path p : files.toList()) {
                Path target = repo.resolve(FIXTURES.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Test
    @DisplayName("RD-14 templates calling getHostByName are refused before rendering")
    void getHostByNameRefused() throws IOException {
        copyChart();
        Files.writeString(repo.resolve("shop/templates/dns.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
                + "  name: dns\ndata:\n  ip: {{ getHostByName \"example.com\" | quote }}\n");
        assertThatThrownBy(() -> render(renderer, repo, "shop", HelmOptions.release("web")))
                .isInstanceOf(RenderException.class)
                .hasMessage("shop/templates/dns.yaml: templates calling getHostByName are refused: rendering must "
                        + "not use the network");
    }

    @Test
    @DisplayName("RD-17 non-deterministic output (randAlphaNum) is detected by rendering twice")
    void nonDeterministicOutputDetected() throws IOException {
        copyChart();
        Files.writeString(repo.resolve("shop/templates/random.yaml"), "apiVersion: v1\nkind: Secret\nmetadata:\n"
                + "  name: random\nstringData:\n  password: {{ randAlphaNum 16 | quote }}\n");
        RenderException e = catchRender(repo, "shop", HelmOptions.release("web"));
        assertThat(e.reason()).isEqualTo(Reason.NON_DETERMINISTIC);
        assertThat(e.getMessage()).contains("Secret random (shop/templates/random.yaml)")
                .doesNotContain("password:");
    }

    @Test
    @DisplayName("RD-10 values files outside the repository are refused and the path is left out of the error")
    void valuesFilesConfined(@TempDir Path outside) throws IOException {
        copyChart();
        Files.writeString(outside.resolve("secret.yaml"), "password: CANARY-SECRET-values\n");
        Files.createSymbolicLink(repo.resolve("values/linked.yaml"), outside.resolve("secret.yaml"));
        for (String file : List.of("../../secret.yaml", "/proc/self/environ", "values/linked.yaml",
                "https://evil.example.com/values.yaml", "values/../../x.yaml")) {
            RenderException e = catchRender(repo, "shop", HelmOptions.release("web").withValuesFiles(
                    List.of("values/prod.yaml", file)));
            assertThat(e.reason()).as(file).isEqualTo(Reason.POLICY);
            assertThat(e.getMessage()).as(file).startsWith("values file #2 ").doesNotContain(file)
                    .doesNotContain("secret.yaml").doesNotContain("CANARY").doesNotContain(outside.toString());
        }
    }

    @Test
    @DisplayName("RD-11 RD-12 vendored chart archives with ../ entries, links or expansion bombs are refused")
    void hostileArchivesRefused() throws IOException {
        copyChart();
        Path charts = repo.resolve("shop/charts");
        tgz(charts.resolve("evil.tgz"), "evil/../../../escape.txt", "x".getBytes(StandardCharsets.UTF_8), false);
        assertThat(catchRender(repo, "shop", HelmOptions.release("web")).getMessage())
                .contains("chart archive refused: entry 'evil/../../../escape.txt' contains '..'");
        Files.delete(charts.resolve("evil.tgz"));
        tgz(charts.resolve("link.tgz"), "link/Chart.yaml", null, true);
        assertThat(catchRender(repo, "shop", HelmOptions.release("web")).getMessage())
                .contains("chart archive refused: entry 'link/Chart.yaml' is a link");
        Files.delete(charts.resolve("link.tgz"));
        tgz(charts.resolve("bomb.tgz"), "bomb/big.bin", new byte[30 << 20], false);
        RenderException bomb = catchRender(repo, "shop", HelmOptions.release("web"));
        assertThat(bomb.getMessage()).contains("chart archive refused: entry 'bomb/big.bin' expands beyond");
        assertThat(Files.size(charts.resolve("bomb.tgz"))).isLessThan(1 << 20);
    }

    @Test
    @DisplayName("RD-11 a chart named .. is refused")
    void chartNamedDotDotRefused() throws IOException {
        copyChart();
        Files.writeString(repo.resolve("shop/Chart.yaml"), "apiVersion: v2\nname: ..\nversion: 0.1.0\n");
        assertThat(catchRender(repo, "shop", HelmOptions.release("web")).getMessage())
                .isEqualTo("shop/Chart.yaml: the chart name is missing or not a valid name");
    }

    @Test
    @DisplayName("HelmOptions.apiVersions cannot be honoured by helm-java, so a non-empty list fails the render")
    void apiVersionsAreRejectedNotIgnored() {
        HelmOptions d = HelmOptions.release("web");
        HelmOptions withApis = d.withApiVersions(List.of("monitoring.coreos.com/v1"));
        RenderException e = catchRender(FIXTURES, "shop", withApis);
        assertThat(e.reason()).isEqualTo(RenderException.Reason.INVALID_INPUT);
        assertThat(e.getMessage()).contains("HelmOptions.apiVersions is not supported");
        assertThat(render(renderer, FIXTURES, "shop", d)).isNotEmpty();
    }

    static void tgz(Path file, String entryName, byte[] content, boolean link) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
                GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            if (link) {
                TarArchiveEntry entry = new TarArchiveEntry(entryName, TarArchiveEntry.LF_SYMLINK);
                entry.setLinkName("/etc/passwd");
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            } else {
                TarArchiveEntry entry = new TarArchiveEntry(entryName);
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
    }

    private RenderException catchRender(Path root, String path, HelmOptions options) {
        try {
            render(renderer, root, path, options);
        } catch (RenderException e) {
            return e;
        }
        throw new AssertionError("render did not fail");
    }
}
