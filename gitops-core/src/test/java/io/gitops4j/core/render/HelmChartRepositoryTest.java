package io.gitops4j.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gitops4j.api.render.HelmOptions;
import io.gitops4j.api.render.RenderException;
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
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Charts from an HTTP chart repository served on 127.0.0.1 by the test (JDK HttpServer: index.yaml and a packaged
 * chart), with basic auth on the repository host and a redirect to another host name (RD-15).
 */
class HelmChartRepositoryTest {
    private static final String PASSWORD = "CANARY-TOKEN-chart-repo";

    @TempDir
    Path work;

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private byte[] archive;
    private String base;

    @BeforeEach
    void serve() throws Exception {
        archive = pack(HelmRendererTest.FIXTURES.resolve("shop"));
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        int port = server.getAddress().getPort();
        base = "http://127.0.0.1:" + port;
        String index = "apiVersion: v1\nentries:\n  shop:\n"
                + "  - name: shop\n    version: 0.1.0\n    urls: [charts/shop-0.1.0.tgz]\n    digest: " + digest + "\n"
                + "  - name: shop\n    version: 0.2.0-rc.1\n    urls: [charts/shop-0.1.0.tgz]\n"
                + "  - name: shop\n    version: 0.0.9\n    urls: [charts/missing.tgz]\n"
                + "  moved:\n  - name: moved\n    version: 1.0.0\n    urls: [http://localhost:" + port
                + "/charts/shop-0.1.0.tgz]\n";
        server.createContext("/", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String host = exchange.getRequestHeaders().getFirst("Host");
            requests.add(host + " " + exchange.getRequestURI().getPath() + " auth=" + (auth != null));
            boolean repoHost = host.startsWith("127.0.0.1");
            if (repoHost && !("Basic " + Base64.getEncoder().encodeToString(("reader:" + PASSWORD)
                    .getBytes(StandardCharsets.UTF_8))).equals(auth)) {
                respond(exchange, 401, "denied".getBytes(StandardCharsets.UTF_8));
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/index.yaml" -> respond(exchange, 200, index.getBytes(StandardCharsets.UTF_8));
                case "/charts/shop-0.1.0.tgz" -> respond(exchange, 200, archive);
                default -> respond(exchange, 404, new byte[0]);
            }
        });
        server.start();
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

    private ManifestSet render(HelmRenderer renderer, String chart, String version) {
        return HelmRendererTest.render(renderer, work, "", HelmOptions.release("remote").withChart(base, chart,
                version).withCredentialsScope("team-a"));
    }

    @Test
    @DisplayName("RD-15 a chart from an HTTP repository, credentials sent to the repository host only")
    void chartFromRepository() {
        HelmRenderer renderer = new HelmRenderer(ChartCredentials.basic("team-a", base, "reader", () -> PASSWORD),
                YamlLimits.defaults());
        ManifestSet set = render(renderer, "shop", "");
        assertThat(set.stream().map(Manifest::name)).contains("remote-shop", "remote-cache");
        assertThat(requests).allMatch(r -> r.startsWith("127.0.0.1") && r.endsWith("auth=true"));

        requests.clear();
        assertThat(render(renderer, "moved", "1.0.0").stream().map(Manifest::name)).contains("remote-shop");
        assertThat(requests).contains("localhost:" + server.getAddress().getPort()
                + " /charts/shop-0.1.0.tgz auth=false");
    }

    @Test
    void versionRangesAndErrors() {
        HelmRenderer renderer = new HelmRenderer(ChartCredentials.basic("team-a", base, "reader", () -> PASSWORD),
                YamlLimits.defaults());
        assertThat(render(renderer, "shop", ">=0.1.0 <1.0.0").isEmpty()).isFalse();
        assertThatThrownBy(() -> render(renderer, "shop", "2.x"))
                .isInstanceOf(RenderException.class).hasMessage("chart 'shop' has no version matching '2.x'");
        assertThatThrownBy(() -> render(renderer, "nope", ""))
                .isInstanceOf(RenderException.class).hasMessage("chart 'nope' is not in the repository index");
        HelmRenderer anonymous = new HelmRenderer();
        assertThatThrownBy(() -> render(anonymous, "shop", ""))
                .isInstanceOf(RenderException.class)
                .hasMessage(base + "/index.yaml answered HTTP 401")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
    }

    static byte[] pack(Path chart) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(bytes);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz);
                Stream<Path> files = Files.walk(chart)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                TarArchiveEntry entry = new TarArchiveEntry("shop/" + chart.relativize(p).toString()
                        .replace('\\', '/'));
                byte[] content = Files.readAllBytes(p);
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
