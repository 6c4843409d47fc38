package io.gitops4j.testkit.server;

import com.sun.net.httpserver.HttpHandler;
import io.gitops4j.testkit.FakeKube;

import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The wiring behind {@code FakeApiServer}: the handler, the request log, and the two bounded pools (ordinary
 * requests; watch streams).
 *
 * <p>Internal to the testkit: use {@code FakeApiServer}.
 */
public final class ServerParts {
    private final HttpHandler router;
    private final RequestLog log;
    private final WatchStreams watches;
    private final ExecutorService requestPool;
    private final ExecutorService watchPool;

    private ServerParts(HttpHandler router, RequestLog log, WatchStreams watches, ExecutorService requestPool,
                        ExecutorService watchPool) {
        this.router = router;
        this.log = log;
        this.watches = watches;
        this.requestPool = requestPool;
        this.watchPool = watchPool;
    }

    /** The HTTP handler for {@code /}. */
    public HttpHandler router() {
        return router;
    }

    /** The request log. */
    public RequestLog log() {
        return log;
    }

    /** Threads for ordinary requests (give it to the HTTP server). */
    public ExecutorService requestPool() {
        return requestPool;
    }

    /** Ends open watch streams and stops both pools. */
    public void close() {
        watches.closeAll();
        requestPool.shutdownNow();
        watchPool.shutdownNow();
    }

    /** The most watch streams open at once; more are answered with an empty, closed stream. */
    public static final int MAX_WATCHES = 512;

    /** Wires a server for {@code kube} announcing {@code minor}, reachable at {@code serverAddress} (host:port). */
    public static ServerParts create(FakeKube kube, int minor, String serverAddress, int threads, int logCapacity,
                                     Clock clock) {
        ThreadPoolExecutor requestPool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(10_000), daemon("fake-apiserver-"));
        requestPool.allowCoreThreadTimeOut(true);
        ThreadPoolExecutor watchPool = new ThreadPoolExecutor(0, MAX_WATCHES, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), daemon("fake-apiserver-watch-"));
        RequestLog log = new RequestLog(logCapacity);
        WatchStreams watches = new WatchStreams(kube, watchPool, clock);
        ServedDocuments documents = new ServedDocuments(kube.registry(), NonResourceEndpoints.gitVersion(minor));
        ApiRouter router = new ApiRouter(new NonResourceEndpoints(documents, minor, serverAddress),
                new ResourceEndpoints(kube, watches, clock), log, io.gitops4j.testkit.fault.Faults.of(kube));
        return new ServerParts(router, log, watches, requestPool, watchPool);
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
