package io.gitops4j.testkit.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops4j.testkit.kube.FakeKubeException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The paths that are not resources: {@code /version}, {@code /healthz}, {@code /readyz}, {@code /livez}, discovery
 * ({@code /api}, {@code /apis}, {@code /api/v1}, {@code /apis/{g}}, {@code /apis/{g}/{v}}) and OpenAPI
 * ({@code /openapi/v3[/…]}, {@code /openapi/v2}).
 */
final class NonResourceEndpoints {
    private final ServedDocuments documents;
    private final int minor;
    private final String serverAddress;

    NonResourceEndpoints(ServedDocuments documents, int minor, String serverAddress) {
        this.documents = documents;
        this.minor = minor;
        this.serverAddress = serverAddress;
    }

    /** The git version announced, e.g. {@code v1.33.0}. */
    static String gitVersion(int minor) {
        return "v1." + minor + ".0";
    }

    /**
     * Answers {@code exchange} when its path is a non-resource path.
     *
     * @return false when the path is not one of ours (the caller routes it as a resource)
     */
    boolean handle(Exchange exchange) throws IOException {
        String path = trimSlash(exchange.path());
        String method = exchange.method();
        boolean read = method.equals("GET") || method.equals("HEAD");
        switch (path) {
            case "/version":
                requireRead(read);
                exchange.sendJson(200, version());
                return true;
            case "/healthz":
            case "/readyz":
            case "/livez":
                requireRead(read);
                exchange.send(200, "ok".getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
                return true;
            case "/api":
                requireRead(read);
                discoveryRoot(exchange, true);
                return true;
            case "/apis":
                requireRead(read);
                discoveryRoot(exchange, false);
                return true;
            case "/openapi/v2":
                requireRead(read);
                openApiV2(exchange);
                return true;
            case "/openapi/v3":
                requireRead(read);
                openApiV3Index(exchange);
                return true;
            default:
                break;
        }
        if (path.startsWith("/openapi/v3/")) {
            requireRead(read);
            openApiV3Document(exchange, path.substring("/openapi/v3/".length()));
            return true;
        }
        String[] seg = path.substring(1).split("/");
        if (seg.length == 2 && seg[0].equals("api")) {
            requireRead(read);
            send(exchange, documents.discovery().apiResourceList("", seg[1]));
            return true;
        }
        if (seg.length == 2 && seg[0].equals("apis")) {
            requireRead(read);
            send(exchange, documents.discovery().apiGroup(seg[1]));
            return true;
        }
        if (seg.length == 3 && seg[0].equals("apis")) {
            requireRead(read);
            send(exchange, documents.discovery().apiResourceList(seg[1], seg[2]));
            return true;
        }
        if (seg[0].equals("api") || seg[0].equals("apis")) {
            return false;
        }
        throw FakeKubeException.noSuchResource();
    }

    private static void requireRead(boolean read) {
        if (!read) {
            throw FakeKubeException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
    }

    private static String trimSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private Map<String, Object> version() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("major", "1");
        v.put("minor", String.valueOf(minor));
        v.put("gitVersion", gitVersion(minor));
        v.put("gitCommit", "0000000000000000000000000000000000000000");
        v.put("gitTreeState", "clean");
        v.put("buildDate", "2025-01-01T00:00:00Z");
        v.put("goVersion", "go1.24.0");
        v.put("compiler", "gc");
        v.put("platform", "linux/amd64");
        return v;
    }

    private void discoveryRoot(Exchange exchange, boolean core) throws IOException {
        exchange.setHeader("Vary", "Accept");
        String aggregated = MediaTypes.aggregatedDiscoveryVersion(exchange.header("Accept"));
        if (!aggregated.isEmpty()) {
            exchange.sendJson(200, documents.discovery().aggregated(core, aggregated),
                    "application/json;g=apidiscovery.k8s.io;v=" + aggregated + ";as=APIGroupDiscoveryList");
            return;
        }
        exchange.sendJson(200, core ? documents.discovery().apiVersions(serverAddress)
                : documents.discovery().apiGroupList());
    }

    private static void send(Exchange exchange, Optional<ObjectNode> document) throws IOException {
        exchange.sendJson(200, document.orElseThrow(FakeKubeException::noSuchResource));
    }

    /** Served at every minor, as a real server still serves it (kubectl 1.27/1.28 need it against any server). */
    private void openApiV2(Exchange exchange) throws IOException {
        OpenApiV2Document doc = documents.openApiV2();
        String etag = "\"" + doc.hash() + "\"";
        if (notModified(exchange, etag)) {
            return;
        }
        exchange.setHeader("ETag", etag);
        exchange.setHeader("Cache-Control", "no-cache, private");
        // the protobuf media type kubectl asks for contains '@', which Go's mime parser rejects in a Content-Type
        exchange.send(200, doc.body(), "application/octet-stream");
    }

    private void openApiV3Index(Exchange exchange) throws IOException {
        OpenApiV3Documents docs = documents.openApiV3();
        String etag = "\"" + docs.indexHash() + "\"";
        if (notModified(exchange, etag)) {
            return;
        }
        exchange.setHeader("ETag", etag);
        exchange.setHeader("Cache-Control", "no-cache, private");
        exchange.send(200, docs.index(), MediaTypes.JSON);
    }

    private void openApiV3Document(Exchange exchange, String key) throws IOException {
        OpenApiV3Documents.Document doc = documents.openApiV3().document(key)
                .orElseThrow(FakeKubeException::noSuchResource);
        String asked = exchange.query().get("hash");
        String etag = "\"" + doc.hash() + "\"";
        if (asked != null && !asked.equals(doc.hash())) {
            exchange.setHeader("Location", "/openapi/v3/" + key + "?hash=" + doc.hash());
            exchange.setHeader("Cache-Control", "no-cache, private");
            exchange.send(301, new byte[0], null);
            return;
        }
        if (notModified(exchange, etag)) {
            return;
        }
        exchange.setHeader("ETag", etag);
        if (asked != null) {
            exchange.setHeader("Cache-Control", "public, immutable");
            exchange.setHeader("Expires", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                    .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusYears(1)));
        } else {
            exchange.setHeader("Cache-Control", "no-cache, private");
        }
        exchange.send(200, doc.body(), MediaTypes.JSON);
    }

    private static boolean notModified(Exchange exchange, String etag) throws IOException {
        String ifNoneMatch = exchange.header("If-None-Match");
        if (ifNoneMatch != null && ifNoneMatch.contains(etag)) {
            exchange.setHeader("ETag", etag);
            exchange.send(304, new byte[0], null);
            return true;
        }
        return false;
    }
}
