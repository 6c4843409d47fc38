package io.gitops4j.testkit.server;

import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.server.printers.PrinterRegistry;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The wiring behind {@code FakeApiServer}: the listening socket, the handler, the request log, and the bounded pools
 * (connections; watch streams).
 *
 * <p>Internal to the testkit: use {@code FakeApiServer}.
 */
public final class ServerParts implements AutoCloseable {
    /** The most watch streams open at once; more are answered with an empty, closed stream. */
    public static final int MAX_WATCHES = 512;

    private final SocketHttpServer http;
    private final RequestLog log;
    private final WatchStreams watches;
    private final ExecutorService watchPool;

    private ServerParts(SocketHttpServer http, RequestLog log, WatchStreams watches, ExecutorService watchPool) {
        this.http = http;
        this.log = log;
        this.watches = watches;
        this.watchPool = watchPool;
    }

    /**
     * Binds 127.0.0.1:{@code port} and serves {@code kube}, announcing Kubernetes {@code 1.minor}.
     *
     * @param maxConnections connections served at once (one thread each)
     * @param logCapacity    requests the log keeps
     */
    public static ServerParts start(FakeKube kube, int minor, int port, int maxConnections, int logCapacity,
                                    Clock clock) throws IOException {
        return start(kube, minor, port, maxConnections, logCapacity, clock, null);
    }

    /**
     * As {@link #start(FakeKube, int, int, int, int, Clock)}, speaking HTTPS with {@code tls} when it is not null.
     */
    public static ServerParts start(FakeKube kube, int minor, int port, int maxConnections, int logCapacity,
                                    Clock clock, ServerTls tls) throws IOException {
        SocketHttpServer http = new SocketHttpServer(port, maxConnections, tls);
        ThreadPoolExecutor watchPool = new ThreadPoolExecutor(0, MAX_WATCHES, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), daemon("fake-apiserver-watch-"));
        RequestLog log = new RequestLog(logCapacity);
        TableRenderer tables = new TableRenderer(PrinterRegistry.forMinor(minor));
        WatchStreams watches = new WatchStreams(kube, watchPool, clock, tables);
        ServedDocuments documents = new ServedDocuments(kube.registry(), NonResourceEndpoints.gitVersion(minor));
        ApiRouter router = new ApiRouter(new NonResourceEndpoints(documents, minor, "127.0.0.1:" + http.port()),
                new ResourceEndpoints(kube, watches, clock, tables), log, io.gitops4j.testkit.fault.Faults.of(kube),
                tls != null && tls.clientCertificatesRequired());
        http.start(router);
        return new ServerParts(http, log, watches, watchPool);
    }

    /** The port listened on. */
    public int port() {
        return http.port();
    }

    /** The request log. */
    public RequestLog log() {
        return log;
    }

    /** Ends the watch streams open now; later watches are served. @return how many were ended */
    public int endWatches() {
        return watches.endOpen();
    }

    /** @return the BOOKMARK events written to watch streams so far, each counted once it was flushed */
    public long bookmarksSent() {
        return watches.bookmarksSent();
    }

    /** Ends open watch streams, closes every connection and stops the pools. */
    @Override
    public void close() {
        watches.closeAll();
        http.close();
        watchPool.shutdownNow();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
