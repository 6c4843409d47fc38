package io.gitops4j.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gitops4j.api.render.HelmOptions;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ManifestSet;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Charts whose {@code charts/} nobody built: dependencies from the same repository ({@code file://}), from a chart
 * repository and from an OCI registry served on 127.0.0.1 by the test, with {@code Chart.lock} and digests.
 */
class ChartDependenciesTest {
    @TempDir
    Path repo;

    private HttpServer server;
    private String base;
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().getPath());
            byte[] body = served.get(exchange.getRequestURI().getPath());
            respond(exchange, body == null ? 404 : 200, body == null ? new byte[0] : body);
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private void write(String path, String text) throws IOException {
        Files.createDirectories(repo.resolve(path).getParent());
        Files.writeString(repo.resolve(path), text);
    }

    /** An application chart at apps/web depending on {@code dependency} (a YAML list item). */
    private void web(String dependency) throws IOException {
        write("apps/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.0.0\ndependencies:\n" + dependency);
        write("apps/web/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n");
    }

    /** @return a packaged library chart {@code name} at {@code version} whose ConfigMap says which version it is */
    private static byte[] library(String name, String version) throws IOException {
        return HelmHostileChartsTest.tgz(name + "/Chart.yaml", ("apiVersion: v2\nname: " + name + "\nversion: "
                + version + "\n").getBytes(StandardCharsets.UTF_8), name + "/templates/cm.yaml",
                ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\ndata:\n  version: \"" + version
                        + "\"\n").getBytes(StandardCharsets.UTF_8));
    }

    private ManifestSet render() {
        return HelmRendererTest.render(new HelmRenderer(ChartCredentials.none(), YamlLimits.defaults(),
                Set.of("127.0.0.1")), repo, "apps/web", HelmOptions.release("r"));
    }

    private RenderException fail() {
        try {
            render();
        } catch (RenderException e) {
            return e;
        }
        throw new AssertionError("the render did not fail");
    }

    private static String version(ManifestSet set, String name) {
        return set.stream().filter(m -> m.name().equals(name)).findFirst().map(m -> m.get("data", "version")
                .orElseThrow().toString()).orElseThrow();
    }

    @Test
    @DisplayName("RD-23 file:// dependencies come from the same snapshot, their own file:// dependencies too")
    void fileDependencies() throws IOException {
        web("- name: common\n  version: 0.1.0\n  repository: file://../../libs/common\n");
        write("libs/common/Chart.yaml", "apiVersion: v2\nname: common\nversion: 0.1.0\ndependencies:\n"
                + "- name: base\n  version: \">=0.1.0\"\n  repository: \"file://../base\"\n");
        write("libs/common/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: common\n");
        write("libs/base/Chart.yaml", "apiVersion: v2\nname: base\nversion: 0.3.0\n");
        write("libs/base/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: base\n");
        assertThat(render().stream().map(Manifest::name)).containsExactlyInAnyOrder("web", "common", "base");
    }

    @Test
    @DisplayName("RD-23 a file:// dependency outside the repository is refused, the error naming the dependency")
    void fileDependencyOutsideRefused() throws IOException {
        web("- name: secret\n  version: 0.1.0\n  repository: file://../../../../../etc\n");
        RenderException e = fail();
        assertThat(e.reason()).isEqualTo(Reason.POLICY);
        assertThat(e.getMessage()).isEqualTo("apps/web/Chart.yaml: dependency 'secret' (file://../../../../../etc): "
                + "the path is outside the repository or not readable");
    }

    @Test
    @DisplayName("RD-23 a dependency from a chart repository: digest checked, cached by digest, a wrong digest "
            + "refused")
    void repositoryDependency() throws Exception {
        byte[] common = library("common", "0.1.0");
        served.put("/common-0.1.0.tgz", common);
        served.put("/index.yaml", ("apiVersion: v1\nentries:\n  common:\n  - name: common\n    version: 0.1.0\n"
                + "    urls: [common-0.1.0.tgz]\n    digest: " + sha256(common) + "\n").getBytes());
        web("- name: common\n  version: 0.1.0\n  repository: " + base + "\n");
        HelmRenderer renderer = new HelmRenderer();
        for (int i = 0; i < 2; i++) {
            ManifestSet set = HelmRendererTest.render(renderer, repo, "apps/web", HelmOptions.release("r"));
            assertThat(version(set, "common")).isEqualTo("0.1.0");
        }
        assertThat(requests).as("the second render takes the archive from the cache")
                .containsExactly("/index.yaml", "/common-0.1.0.tgz", "/index.yaml");

        served.put("/index.yaml", ("apiVersion: v1\nentries:\n  common:\n  - name: common\n    version: 0.1.0\n"
                + "    urls: [common-0.1.0.tgz]\n    digest: " + "ab".repeat(32) + "\n").getBytes());
        RenderException e = fail();
        assertThat(e.reason()).isEqualTo(Reason.POLICY);
        assertThat(e.getMessage()).isEqualTo("apps/web/Chart.yaml: dependency 'common' (" + base + "): common: the "
                + "archive does not match the digest in the index");
    }

    @Test
    @DisplayName("RD-23 Chart.lock pins the version; a lock that misses a declared dependency is refused")
    void lockPinsVersions() throws Exception {
        served.put("/common-0.1.0.tgz", library("common", "0.1.0"));
        served.put("/common-0.2.0.tgz", library("common", "0.2.0"));
        served.put("/index.yaml", ("apiVersion: v1\nentries:\n  common:\n"
                + "  - name: common\n    version: 0.2.0\n    urls: [common-0.2.0.tgz]\n"
                + "  - name: common\n    version: 0.1.0\n    urls: [common-0.1.0.tgz]\n").getBytes());
        web("- name: common\n  version: \">=0.1.0\"\n  repository: " + base + "\n");
        assertThat(version(render(), "common")).as("newest without a lock").isEqualTo("0.2.0");
        write("apps/web/Chart.lock", "dependencies:\n- name: common\n  repository: " + base + "\n  version: 0.1.0\n"
                + "digest: sha256:" + "1".repeat(64) + "\ngenerated: \"2024-01-01T00:00:00Z\"\n");
        assertThat(version(render(), "common")).as("the locked version").isEqualTo("0.1.0");

        write("apps/web/Chart.lock", "dependencies: []\n");
        RenderException e = fail();
        assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT);
        assertThat(e.getMessage()).isEqualTo("apps/web/Chart.lock: the lock is out of date: it does not list "
                + "dependency 'common' of Chart.yaml; run helm dependency update and commit Chart.lock");
    }

    @Test
    @DisplayName("RD-23 a dependency from an OCI registry: the layer digest checked, a wrong one refused")
    void ociDependency() throws Exception {
        byte[] common = library("common", "0.1.0");
        String digest = "sha256:" + sha256(common);
        served.put("/v2/charts/common/manifests/0.1.0", ("{\"schemaVersion\":2,\"layers\":[{\"mediaType\":\""
                + OciChartClient.CHART_LAYER + "\",\"digest\":\"" + digest + "\",\"size\":" + common.length + "}]}")
                .getBytes());
        served.put("/v2/charts/common/blobs/" + digest, common);
        web("- name: common\n  version: 0.1.0\n  repository: " + base.replace("http://", "oci://") + "/charts\n");
        assertThat(version(render(), "common")).isEqualTo("0.1.0");

        byte[] corrupt = common.clone();
        corrupt[corrupt.length / 2] ^= 1;
        served.put("/v2/charts/common/blobs/" + digest, corrupt);
        RenderException e = fail();
        assertThat(e.reason()).isEqualTo(Reason.POLICY);
        assertThat(e.getMessage()).endsWith(": charts/common: the chart layer does not match its digest " + digest);
    }

    @Test
    @DisplayName("RD-23 a dependency that cannot be had is a typed error naming it")
    void missingDependencyNamed() throws IOException {
        served.put("/index.yaml", "apiVersion: v1\nentries: {}\n".getBytes());
        web("- name: common\n  version: 0.1.0\n  repository: " + base + "\n");
        RenderException e = fail();
        assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT);
        assertThat(e.getMessage()).isEqualTo("apps/web/Chart.yaml: dependency 'common' (" + base + "): chart "
                + "'common' is not in the repository index");
        web("- name: common\n  version: 0.1.0\n  repository: \"@stable\"\n");
        assertThat(fail().getMessage()).isEqualTo("apps/web/Chart.yaml: dependency 'common' (@stable): not in "
                + "charts/, and a repository alias cannot be fetched; name a file://, https:// or oci:// repository, "
                + "or vendor the chart in charts/");
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
