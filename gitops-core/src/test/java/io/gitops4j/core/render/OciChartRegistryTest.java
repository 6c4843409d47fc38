package io.gitops4j.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Charts from a tiny OCI registry served on 127.0.0.1 by the test (JDK HttpServer answering the distribution API's
 * tags, manifest and blob endpoints; a token service on the host name {@code localhost}), anonymous, with basic auth
 * and with bearer tokens (RD-15).
 */
class OciChartRegistryTest {
    private static final String PASSWORD = "CANARY-oci-password";
    private static final String TOKEN = "CANARY-oci-bearer-token";

    @TempDir
    Path work;

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private byte[] chart;
    private String chartDigest;
    private String auth = "none";
    private boolean corruptBlob;
    private boolean redirectBlob;
    private int port;

    @BeforeEach
    void serve() throws Exception {
        chart = HelmChartRepositoryTest.pack(HelmRendererTest.FIXTURES.resolve("shop"));
        chartDigest = "sha256:" + sha256(chart);
        byte[] config = "{\"name\":\"shop\",\"version\":\"0.1.0\"}".getBytes(StandardCharsets.UTF_8);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + OciChartClient.MANIFEST + "\","
                + "\"config\":{\"mediaType\":\"application/vnd.cncf.helm.config.v1+json\",\"digest\":\"sha256:"
                + sha256(config) + "\",\"size\":" + config.length + "},"
                + "\"layers\":[{\"mediaType\":\"" + OciChartClient.CHART_LAYER + "\",\"digest\":\"" + chartDigest
                + "\",\"size\":" + chart.length + "}]}";
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        port = server.getAddress().getPort();
        server.createContext("/", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String host = exchange.getRequestHeaders().getFirst("Host");
            String path = exchange.getRequestURI().getPath();
            requests.add(host.replace(":" + port, "") + " " + path + " " + describe(authorization));
            if (host.startsWith("localhost") && path.equals("/token")) {
                boolean ok = ("Basic " + base64("reader:" + PASSWORD)).equals(authorization)
                        && "repository:charts/shop:pull".equals(query(exchange, "scope"))
                        && "test-registry".equals(query(exchange, "service"));
                respond(exchange, ok ? 200 : 401, ok ? ("{\"token\":\"" + TOKEN + "\"}").getBytes() : new byte[0]);
                return;
            }
            if (host.startsWith("localhost") && path.equals("/storage/blob")) {
                respond(exchange, authorization != null && authorization.startsWith("Bearer") ? 400 : 200, chart);
                return;
            }
            if (!authorized(authorization)) {
                if (auth.equals("bearer")) {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://localhost:" + port
                            + "/token\",service=\"test-registry\",scope=\"repository:charts/shop:pull\"");
                } else {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"registry\"");
                }
                respond(exchange, 401, new byte[0]);
                return;
            }
            switch (path) {
                case "/v2/charts/shop/tags/list" -> respond(exchange, 200,
                        "{\"name\":\"charts/shop\",\"tags\":[\"0.0.9\",\"0.1.0\",\"0.2.0-rc.1\",\"latest\"]}".getBytes());
                case "/v2/charts/shop/manifests/0.1.0" -> {
                    if (!OciChartClient.MANIFEST.equals(exchange.getRequestHeaders().getFirst("Accept"))) {
                        respond(exchange, 406, new byte[0]);
                        return;
                    }
                    exchange.getResponseHeaders().add("Content-Type", OciChartClient.MANIFEST);
                    respond(exchange, 200, manifest.getBytes(StandardCharsets.UTF_8));
                }
                default -> {
                    if (path.equals("/v2/charts/shop/blobs/" + chartDigest)) {
                        if (redirectBlob) {
                            exchange.getResponseHeaders().add("Location", "http://localhost:" + port
                                    + "/storage/blob");
                            respond(exchange, 307, new byte[0]);
                        } else {
                            byte[] body = chart.clone();
                            if (corruptBlob) {
                                body[body.length / 2] ^= 1;
                            }
                            respond(exchange, 200, body);
                        }
                    } else {
                        respond(exchange, 404, new byte[0]);
                    }
                }
            }
        });
        server.start();
    }

    private boolean authorized(String authorization) {
        return switch (auth) {
            case "basic" -> ("Basic " + base64("reader:" + PASSWORD)).equals(authorization);
            case "bearer" -> ("Bearer " + TOKEN).equals(authorization);
            default -> true;
        };
    }

    private static String describe(String authorization) {
        if (authorization == null) {
            return "anonymous";
        }
        return authorization.startsWith("Bearer ") ? "bearer" : "basic";
    }

    private static String query(HttpExchange exchange, String key) {
        String q = exchange.getRequestURI().getQuery();
        for (String pair : q == null ? new String[0] : q.split("&")) {
            if (pair.startsWith(key + "=")) {
                return pair.substring(key.length() + 1);
            }
        }
        return null;
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

    private ManifestSet render(HelmRenderer renderer, String version) {
        return HelmRendererTest.render(renderer, work, "", HelmOptions.release("oci")
                .withChart("oci://127.0.0.1:" + port + "/charts", "shop", version));
    }

    /** @return basic credentials for this host at the test registry's port, for every scope */
    private ChartCredentials basicFor(String host) {
        return ChartCredentials.basic(ChartCredentials.ANY_SCOPE, "http://" + host + ":" + port, "reader",
                () -> PASSWORD);
    }

    private static HelmRenderer renderer(ChartCredentials credentials) {
        return new HelmRenderer(credentials, YamlLimits.defaults(), Set.of("127.0.0.1", "localhost"));
    }

    @Test
    @DisplayName("OCI: an anonymous registry, by exact version and by the newest stable tag")
    void anonymousPull() {
        HelmRenderer renderer = renderer(ChartCredentials.none());
        assertThat(render(renderer, "0.1.0").stream().map(Manifest::name)).contains("oci-shop", "oci-cache");
        assertThat(requests).containsExactly("127.0.0.1 /v2/charts/shop/manifests/0.1.0 anonymous",
                "127.0.0.1 /v2/charts/shop/blobs/" + chartDigest + " anonymous");
        requests.clear();
        ManifestSet newest = HelmRendererTest.render(renderer, work, "", HelmOptions.release("oci")
                .withChart("oci://127.0.0.1:" + port + "/charts/shop", "", ""));
        assertThat(newest.stream().map(Manifest::name)).contains("oci-shop");
        assertThat(requests.get(0)).isEqualTo("127.0.0.1 /v2/charts/shop/tags/list anonymous");
        assertThatThrownBy(() -> render(renderer, ">=1.0.0")).isInstanceOf(RenderException.class)
                .hasMessage("chart 'charts/shop' has no version matching '>=1.0.0'");
    }

    @Test
    @DisplayName("RD-15 OCI with basic auth: credentials for the registry host; none gives a typed 401")
    void basicAuth() {
        auth = "basic";
        HelmRenderer withCredentials = renderer(basicFor("127.0.0.1"));
        assertThat(render(withCredentials, "0.1.0").isEmpty()).isFalse();
        assertThat(requests).allMatch(r -> r.endsWith(" basic"));
        RenderException e = catchRender(renderer(basicFor("elsewhere.example")), "0.1.0");
        assertThat(e.reason()).isEqualTo(Reason.POLICY);
        assertThat(e.getMessage()).isEqualTo("http://127.0.0.1:" + port + "/v2/charts/shop/manifests/0.1.0 "
                + "answered HTTP 401");
    }

    @Test
    @DisplayName("RD-15 OCI with bearer tokens: the realm host gets its credentials, the token goes to the registry "
            + "only, never to a host a blob redirects to")
    void bearerTokenFlow() {
        auth = "bearer";
        redirectBlob = true;
        HelmRenderer renderer = renderer(basicFor("localhost"));
        assertThat(render(renderer, "0.1.0").stream().map(Manifest::name)).contains("oci-shop");
        assertThat(requests).containsExactly(
                "127.0.0.1 /v2/charts/shop/manifests/0.1.0 anonymous",
                "localhost /token basic",
                "127.0.0.1 /v2/charts/shop/manifests/0.1.0 bearer",
                "127.0.0.1 /v2/charts/shop/blobs/" + chartDigest + " bearer",
                "localhost /storage/blob basic");
        requests.clear();
        RenderException e = catchRender(renderer(ChartCredentials.none()), "0.1.0");
        assertThat(e.reason()).isEqualTo(Reason.POLICY);
        assertThat(e.getMessage()).contains("token service").contains("401").doesNotContain(PASSWORD)
                .doesNotContain(TOKEN);
    }

    @Test
    @DisplayName("OCI: a chart layer that does not match its digest is refused")
    void digestMismatchRefused() {
        corruptBlob = true;
        RenderException e = catchRender(renderer(ChartCredentials.none()), "0.1.0");
        assertThat(e.reason()).isEqualTo(Reason.POLICY);
        assertThat(e.getMessage()).isEqualTo("charts/shop: the chart layer does not match its digest " + chartDigest);
    }

    @Test
    @DisplayName("OCI: HTTPS unless the host is configured as plain HTTP; never a silent fallback to http")
    void httpsByDefault() {
        HelmRenderer strict = new HelmRenderer(basicFor("127.0.0.1"),
                YamlLimits.defaults());
        RenderException e = catchRender(strict, "0.1.0");
        assertThat(e.reason()).isEqualTo(Reason.TOOL_FAILURE);
        assertThat(e.getMessage()).startsWith("cannot reach the OCI registry at https://127.0.0.1:" + port);
        assertThat(requests).isEmpty();
        assertThatThrownBy(() -> HelmRendererTest.render(renderer(ChartCredentials.none()), work, "",
                HelmOptions.release("oci").withChart("oci://127.0.0.1:" + port + "/Charts/../x", "shop", "0.1.0")))
                .isInstanceOf(RenderException.class).hasMessageContaining("is not a valid OCI repository name");
    }

    private RenderException catchRender(HelmRenderer renderer, String version) {
        try {
            render(renderer, version);
        } catch (RenderException e) {
            return e;
        }
        throw new AssertionError("render did not fail");
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
