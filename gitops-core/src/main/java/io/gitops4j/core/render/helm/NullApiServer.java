package io.gitops4j.core.render.helm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The only Kubernetes API the Helm child process can see: a server on 127.0.0.1 inside the child itself that answers
 * every request with 404 Not Found, and a kubeconfig naming it. Helm's {@code lookup} asks the API for a kind and
 * then for the object; both answers are "not found", so {@code lookup} returns an empty map, exactly as in {@code
 * helm template}, whatever way the template reaches the function. Nothing the templates do can reach another
 * server, because the process has no other cluster configured (the parent starts it with a scrubbed environment).
 *
 * <p>One instance per child process; not thread-safe to start twice. {@link #close()} stops it.
 */
final class NullApiServer implements AutoCloseable {
    private static final byte[] NOT_FOUND = ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
            + "\"message\":\"rendering has no cluster\",\"reason\":\"NotFound\",\"code\":404}")
            .getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    private NullApiServer(HttpServer server) {
        this.server = server;
    }

    /** Starts the server on an ephemeral port of 127.0.0.1. */
    static NullApiServer start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        NullApiServer api = new NullApiServer(server);
        server.createContext("/", api::answer);
        server.start();
        return api;
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(404, NOT_FOUND.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(NOT_FOUND);
        }
    }

    /**
     * Writes a kubeconfig naming this server (and no credentials) to a file that must not exist yet.
     *
     * @throws IOException when the file exists or cannot be written
     */
    void writeKubeconfig(Path file) throws IOException {
        String server = "http://127.0.0.1:" + this.server.getAddress().getPort();
        String config = "apiVersion: v1\nkind: Config\nclusters:\n- name: none\n  cluster:\n    server: " + server
                + "\ncontexts:\n- name: none\n  context:\n    cluster: none\n    user: none\n"
                + "current-context: none\nusers:\n- name: none\n  user: {}\n";
        Files.createDirectories(file.getParent());
        Files.writeString(file, config, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    }

    /** @return how many requests reached this server (lookups the templates made) */
    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
