package io.gitops4j.examples.serve.http;

import com.sun.net.httpserver.HttpServer;
import io.gitops4j.core.git.webhook.WebhookReceiver;
import io.gitops4j.examples.serve.Fleet;
import io.gitops4j.examples.serve.ServeMetrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP side of {@code serve} on the JDK's {@link HttpServer}: routes {@code /api/applications…},
 * {@code /api/webhooks}, {@code /metrics}, {@code /healthz} and the status pages to their classes, on a bounded
 * pool of request threads (a waiting reconcile blocks one). Thread-safe; {@link #close()} stops accepting and waits
 * briefly for answers in progress.
 */
public final class ServeServer implements AutoCloseable {
    private static final int REQUEST_THREADS = 8;
    private final HttpServer server;
    private final ExecutorService requests;

    private ServeServer(HttpServer server, ExecutorService requests) {
        this.server = server;
        this.requests = requests;
    }

    /**
     * Binds and starts serving.
     *
     * @param address where to listen (127.0.0.1 by default; port 0 for a free one)
     * @throws IOException when the address cannot be bound
     */
    public static ServeServer start(InetSocketAddress address, Fleet fleet, WebhookReceiver webhooks,
            ServeMetrics metrics) throws IOException {
        HttpServer server = HttpServer.create(address, 64);
        route(server, "/api/applications", new ApplicationsApi(fleet));
        route(server, "/api/webhooks", only(List.of("api", "webhooks"), new WebhookResource(webhooks, fleet,
                metrics)));
        route(server, "/api/", call -> {
            throw new ApiException(404, "NOT_FOUND", "no API resource at this path");
        });
        route(server, "/metrics", only(List.of("metrics"), new MetricsResource(metrics)));
        route(server, "/healthz", only(List.of("healthz"), call -> {
            ApplicationsApi.requireGet(call);
            call.text(200, "text/plain; charset=utf-8", "ok\n");
        }));
        route(server, "/", new StatusPages(fleet));
        AtomicInteger n = new AtomicInteger();
        ExecutorService requests = Executors.newFixedThreadPool(REQUEST_THREADS, r -> {
            Thread t = new Thread(r, "serve-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(requests);
        server.start();
        return new ServeServer(server, requests);
    }

    /** A route for exactly this path (the JDK's contexts also match longer paths that start the same). */
    private static ApiCall.Route only(List<String> path, ApiCall.Route route) {
        return call -> {
            if (!call.segments().equals(path)) {
                throw new ApiException(404, "NOT_FOUND", "nothing at this path");
            }
            route.handle(call);
        };
    }

    private static void route(HttpServer server, String path, ApiCall.Route route) {
        server.createContext(path, exchange -> ApiCall.serve(exchange, route));
    }

    /** @return the port listened on */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return {@code host:port} as a URL names it, for the address given to {@link #start} */
    public String hostAndPort(String host) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /** Stops accepting connections, waits up to a second for answers in progress, then stops the threads. */
    @Override
    public void close() {
        server.stop(1);
        requests.shutdownNow();
        try {
            requests.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
