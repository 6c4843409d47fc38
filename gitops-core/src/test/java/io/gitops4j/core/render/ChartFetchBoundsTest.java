package io.gitops4j.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.gitops4j.api.render.HelmOptions;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RD-15 on loopback servers: credentials go to their origin (scheme, host and port) and scope only; index,
 * manifest and download sizes are capped and a whole fetch, bodies included, ends by the render's timeout.
 */
class ChartFetchBoundsTest {
    private static final String PASSWORD = "CANARY-TOKEN-chart-bounds";

    @TempDir
    Path work;

    private final List<HttpServer> servers = new ArrayList<>();
    private final ExecutorService handlers = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
        handlers.shutdownNow();
    }

    private String serve(HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", handler);
        server.setExecutor(handlers);
        server.start();
        servers.add(server);
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private RenderException fail(HelmRenderer renderer, HelmOptions options) {
        try {
            HelmRendererTest.render(renderer, work, "", options);
        } catch (RenderException e) {
            return e;
        }
        throw new AssertionError("the render did not fail");
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString(("reader:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("RD-15 credentials are keyed by origin: the archive on another port of the same host gets none")
    void credentialsStayOnTheirPort() throws Exception {
        byte[] chart = HelmChartRepositoryTest.pack(HelmRendererTest.FIXTURES.resolve("shop"));
        List<String> elsewhere = new CopyOnWriteArrayList<>();
        String other = serve(exchange -> {
            elsewhere.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            respond(exchange, 200, chart);
        });
        String repo = serve(exchange -> {
            if (!basic().equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, new byte[0]);
                return;
            }
            respond(exchange, 200, ("apiVersion: v1\nentries:\n  shop:\n  - name: shop\n    version: 0.1.0\n"
                    + "    urls: [" + other + "/shop-0.1.0.tgz]\n").getBytes(StandardCharsets.UTF_8));
        });
        HelmRenderer renderer = new HelmRenderer(ChartCredentials.basic("team-a", repo, "reader", () -> PASSWORD),
                YamlLimits.defaults());
        assertThat(HelmRendererTest.render(renderer, work, "", HelmOptions.release("r").withChart(repo, "shop", "")
                .withCredentialsScope("team-a")).isEmpty()).isFalse();
        assertThat(elsewhere).containsExactly("null");
    }

    @Test
    @DisplayName("RD-15 credentials are scoped: a render of another scope (tenant) does not get them")
    void credentialsStayInTheirScope() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        String repo = serve(exchange -> {
            seen.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            respond(exchange, 401, new byte[0]);
        });
        HelmRenderer renderer = new HelmRenderer(ChartCredentials.basic("team-a", repo, "reader", () -> PASSWORD),
                YamlLimits.defaults());
        RenderException e = fail(renderer, HelmOptions.release("r").withChart(repo, "shop", "")
                .withCredentialsScope("team-b"));
        assertThat(e.reason()).isEqualTo(Reason.POLICY);
        assertThat(e.getMessage()).isEqualTo(repo + "/index.yaml answered HTTP 401");
        RenderException none = fail(renderer, HelmOptions.release("r").withChart(repo, "shop", ""));
        assertThat(none.getMessage()).isEqualTo(repo + "/index.yaml answered HTTP 401");
        assertThat(seen).containsExactly("null", "null");
    }

    @Test
    @DisplayName("RD-15 an oversize repository index is cut off at its cap with LIMIT")
    void oversizeIndexRefused() throws Exception {
        String repo = serve(exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = "# padding padding padding padding padding padding padding\n".repeat(1024)
                    .getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = exchange.getResponseBody()) {
                for (long sent = 0; sent < (40L << 20); sent += chunk.length) {
                    out.write(chunk);
                }
            } catch (IOException closedByClient) {
                // the client stopped reading at its cap
            }
        });
        RenderException e = fail(new HelmRenderer(), HelmOptions.release("r").withChart(repo, "shop", ""));
        assertThat(e.reason()).isEqualTo(Reason.LIMIT);
        assertThat(e.getMessage()).isEqualTo(repo + "/index.yaml sent more than 20971520 bytes");
    }

    @Test
    @DisplayName("RD-15 an oversize OCI manifest is cut off at its cap with LIMIT")
    void oversizeManifestRefused() throws Exception {
        String registry = serve(exchange -> respond(exchange, 200, ("{\"layers\":[" + "{},".repeat(2 << 20)
                + "{}]}").getBytes(StandardCharsets.UTF_8)));
        HelmRenderer renderer = new HelmRenderer(ChartCredentials.none(), YamlLimits.defaults(), Set.of("127.0.0.1"));
        RenderException e = fail(renderer, HelmOptions.release("r").withChart(registry.replace("http://", "oci://")
                + "/charts", "shop", "0.1.0"));
        assertThat(e.reason()).isEqualTo(Reason.LIMIT);
        assertThat(e.getMessage()).isEqualTo(registry + "/v2/charts/shop/manifests/0.1.0 sent more than 4194304 "
                + "bytes");
    }

    @Test
    @DisplayName("RD-15 a server that answers at once and then drips its body is cut off at the render timeout")
    void slowDripCutOffAtTheTimeout() throws Exception {
        String repo = serve(ChartFetchBoundsTest::drip);
        String registry = serve(ChartFetchBoundsTest::drip);
        HelmRenderer renderer = new HelmRenderer(ChartCredentials.none(), YamlLimits.defaults(), Set.of("127.0.0.1"));
        for (HelmOptions options : List.of(HelmOptions.release("r").withChart(repo, "shop", ""),
                HelmOptions.release("r").withChart(registry.replace("http://", "oci://") + "/charts", "shop",
                        "0.1.0"))) {
            long start = System.nanoTime();
            RenderException e = fail(renderer, options.withTimeout(Duration.ofSeconds(2)));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
            assertThat(e.getMessage()).startsWith("fetching http://127.0.0.1:").endsWith(" did not finish within 2 s");
            assertThat(tookMs).as("cut off near the 2 s timeout").isBetween(1_500L, 6_000L);
        }
    }

    /** Sends the headers at once, then one byte every 100 ms for at most 60 s, until the client goes away. */
    private static void drip(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < 600; i++) {
                out.write('#');
                out.flush();
                Thread.sleep(100);
            }
        } catch (IOException | InterruptedException clientGone) {
            // the client stopped reading
        }
    }
}
