package io.gitops4j.examples.serve.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP request and its answer, over the JDK's {@link HttpExchange}: the path's segments, the query, a JSON
 * body read up to a cap, and JSON, HTML or text answers. Errors thrown by a route become JSON error answers in
 * {@link #serve}. Used by one thread at a time.
 */
public final class ApiCall {
    /** The largest JSON request body read (webhooks have their own cap in the library's receiver). */
    public static final int MAX_JSON_BODY = 64 * 1024;
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpExchange exchange;
    private final List<String> segments;
    private boolean answered;

    private ApiCall(HttpExchange exchange) {
        this.exchange = exchange;
        String raw = exchange.getRequestURI().getRawPath();
        this.segments = java.util.Arrays.stream(raw.split("/")).filter(s -> !s.isEmpty())
                .map(s -> URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8)).toList();
    }

    /** A route: answers one call or throws {@link ApiException}. */
    @FunctionalInterface
    public interface Route {
        /** Handles the call; may block. */
        void handle(ApiCall call) throws IOException;
    }

    /**
     * Runs a route for one exchange and always answers: an {@link ApiException} as its JSON error, anything else as
     * a 500 naming only the failure's type. Closes the exchange.
     */
    public static void serve(HttpExchange exchange, Route route) {
        ApiCall call = new ApiCall(exchange);
        try {
            route.handle(call);
            if (!call.answered) {
                throw new IllegalStateException("route answered nothing");
            }
        } catch (ApiException e) {
            call.tryError(e.status(), e.code(), e.getMessage());
        } catch (RuntimeException | IOException e) {
            call.tryError(500, "INTERNAL", "the server failed (" + e.getClass().getSimpleName() + ")");
        } finally {
            exchange.close();
        }
    }

    /** @return the request method, upper case */
    public String method() {
        return exchange.getRequestMethod();
    }

    /** @return the path's segments, percent-decoded */
    public List<String> segments() {
        return segments;
    }

    /** @return the request headers, first value of each, names as sent */
    public Map<String, String> headers() {
        Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((k, v) -> {
            if (k != null && !v.isEmpty()) {
                out.put(k, v.get(0));
            }
        });
        return out;
    }

    /** @return the raw request body stream (for the webhook receiver, which caps it itself) */
    public InputStream body() {
        return exchange.getRequestBody();
    }

    /** @return a query parameter's value, if given */
    public Optional<String> query(String name) {
        String q = exchange.getRequestURI().getRawQuery();
        if (q == null) {
            return Optional.empty();
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (k.equals(name)) {
                return Optional.of(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    /**
     * Reads the body as a JSON object; an empty body is an empty object.
     *
     * @throws ApiException 400 {@code MALFORMED_JSON} for anything but a JSON object (the body is not quoted), 413
     *     over {@link #MAX_JSON_BODY}
     */
    public ObjectNode jsonBody() throws IOException {
        byte[] bytes = exchange.getRequestBody().readNBytes(MAX_JSON_BODY + 1);
        if (bytes.length > MAX_JSON_BODY) {
            throw new ApiException(413, "TOO_LARGE", "request body is over " + MAX_JSON_BODY + " bytes");
        }
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            return JSON.createObjectNode();
        }
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new ApiException(400, "MALFORMED_JSON", "request body is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        if (!(node instanceof ObjectNode object)) {
            throw new ApiException(400, "MALFORMED_JSON", "request body must be a JSON object");
        }
        return object;
    }

    /**
     * Reads the body as a JSON object with only these fields.
     *
     * @throws ApiException 400 {@code INVALID_INPUT} naming a field that is not allowed, as {@link #jsonBody()}
     *     otherwise
     */
    public ObjectNode jsonBody(java.util.Set<String> allowed) throws IOException {
        ObjectNode body = jsonBody();
        body.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                throw new ApiException(400, "INVALID_INPUT", "unknown field '" + Names.printable(f) + "' (allowed: "
                        + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        });
        return body;
    }

    /** Answers with JSON. */
    public void json(int status, JsonNode body) throws IOException {
        send(status, "application/json", JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body));
    }

    /** Answers with an HTML page. */
    public void html(int status, String page) throws IOException {
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        send(status, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers with plain text of the given type. */
    public void text(int status, String contentType, String body) throws IOException {
        send(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the request's URI (for links in pages) */
    public URI uri() {
        return exchange.getRequestURI();
    }

    private void tryError(int status, String code, String message) {
        if (answered) {
            return;
        }
        ObjectNode n = JSON.createObjectNode();
        n.putObject("error").put("code", code).put("message", message);
        try {
            json(status, n);
        } catch (IOException e) {
            // the client went away; nothing to answer
        }
    }

    private void send(int status, String contentType, byte[] body) throws IOException {
        answered = true;
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
