package io.gitops4j.testkit.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP exchange as the endpoints see it: parsed query, bounded body reading, and response writing that
 * remembers the status for the request log.
 */
final class Exchange {
    /** The largest request body accepted, as on a real API server (3 MiB). */
    static final int MAX_BODY_BYTES = 3 * 1024 * 1024;

    private static final ObjectMapper JSON = AnswerJson.MAPPER;

    private final HttpExchange http;
    private final Map<String, String> query;
    private int status;
    private Runnable beforeResponse = () -> { };

    Exchange(HttpExchange http) {
        this.http = http;
        this.query = parseQuery(http.getRequestURI().getRawQuery());
    }

    HttpExchange http() {
        return http;
    }

    String method() {
        return http.getRequestMethod();
    }

    String path() {
        String decoded = http.getRequestURI().getPath();
        return decoded == null || decoded.isEmpty() ? "/" : decoded;
    }

    String rawQuery() {
        String q = http.getRequestURI().getRawQuery();
        return q == null ? "" : q;
    }

    /** Query parameters, first value of each, URL-decoded. */
    Map<String, String> query() {
        return query;
    }

    /** The subject of the connection's valid client certificate, empty without one (or over plain HTTP). */
    java.util.Optional<CertificateAuthority.Subject> clientSubject() {
        return http.getAttribute(SocketHttpServer.CLIENT_SUBJECT) instanceof CertificateAuthority.Subject s
                ? java.util.Optional.of(s) : java.util.Optional.empty();
    }

    String header(String name) {
        return http.getRequestHeaders().getFirst(name);
    }

    /** Runs {@code hook} once, just before the response head is sent (the request log records there). */
    void beforeResponse(Runnable hook) {
        this.beforeResponse = hook;
    }

    private void commit(int code) {
        status = code;
        Runnable hook = beforeResponse;
        beforeResponse = () -> { };
        hook.run();
    }

    /** The status sent, 0 before any. */
    int status() {
        return status;
    }

    /**
     * Reads the whole request body.
     *
     * @throws BodyTooLarge when it exceeds {@link #MAX_BODY_BYTES}
     */
    byte[] body() throws IOException, BodyTooLarge {
        String length = header("Content-Length");
        long declared = -1;
        if (length != null) {
            try {
                declared = Long.parseLong(length.trim());
                if (declared > MAX_BODY_BYTES) {
                    throw new BodyTooLarge();
                }
            } catch (NumberFormatException e) {
                // the HTTP layer rejects malformed lengths itself; read and count instead
            }
        }
        try (InputStream in = http.getRequestBody()) {
            if (declared >= 0) {
                return in.readNBytes((int) declared); // a fixed-length body: exactly that much, in one array
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[4 * 1024];
            int total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > MAX_BODY_BYTES) {
                    throw new BodyTooLarge();
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    /** Thrown when the request body is larger than allowed. */
    static final class BodyTooLarge extends Exception {
        private static final long serialVersionUID = 1L;

        BodyTooLarge() {
            super("Request entity too large: limit is " + MAX_BODY_BYTES);
        }
    }

    /**
     * Reads and discards what is left of the request body (at most 8 MiB), so that answering early (404, 413, …)
     * and closing does not reset a connection the client is still writing to.
     */
    void drain() {
        try (InputStream in = http.getRequestBody()) {
            if (in.read() < 0) {
                return; // the usual case: the body was read or there was none; no buffer needed
            }
            byte[] buffer = new byte[8 * 1024];
            long left = 8L * 1024 * 1024 - 1;
            int n;
            while (left > 0 && (n = in.read(buffer)) > 0) {
                left -= n;
            }
        } catch (IOException | RuntimeException e) {
            // nothing to drain, or the client is gone
        }
    }

    /** Sends {@code body} serialised as JSON with {@code contentType}. */
    void sendJson(int code, Object body, String contentType) throws IOException {
        send(code, JSON.writeValueAsBytes(body), contentType);
    }

    /** Sends {@code body} as JSON. */
    void sendJson(int code, Object body) throws IOException {
        sendJson(code, body, MediaTypes.JSON);
    }

    /** Sends bytes with a fixed length. */
    void send(int code, byte[] body, String contentType) throws IOException {
        if (contentType != null) {
            http.getResponseHeaders().set("Content-Type", contentType);
        }
        commit(code);
        boolean noBody = code == 304 || code == 204 || method().equals("HEAD");
        http.sendResponseHeaders(code, noBody ? -1 : (body.length == 0 ? -1 : body.length));
        if (!noBody && body.length > 0) {
            try (OutputStream out = http.getResponseBody()) {
                out.write(body);
            }
        } else {
            http.getResponseBody().close();
        }
    }

    /** Starts a chunked response and returns its body stream (the caller closes it). */
    OutputStream startChunked(int code, String contentType) throws IOException {
        http.getResponseHeaders().set("Content-Type", contentType);
        commit(code);
        http.sendResponseHeaders(code, 0);
        return http.getResponseBody();
    }

    void setHeader(String name, String value) {
        http.getResponseHeaders().set(name, value);
    }

    private static Map<String, String> parseQuery(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.putIfAbsent(key, value);
        }
        return Collections.unmodifiableMap(out);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
