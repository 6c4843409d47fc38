package io.gitops4j.testkit.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.kube.FakeKubeException;
import io.gitops4j.testkit.kube.ResourceType;
import io.gitops4j.testkit.kube.Watch;
import io.gitops4j.testkit.kube.WatchEvent;
import io.gitops4j.testkit.kube.WatchOptions;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streams watches as newline-delimited JSON over chunked responses, each on a thread of its own pool so open watches
 * never starve ordinary requests.
 *
 * <p>A stream ends when FakeKube's watch ends ({@code timeoutSeconds}), when the request's {@code timeout} elapses,
 * after {@link #MAX_WATCH} at the latest, when the client goes away (noticed at the next write), or on
 * {@link #closeAll()}. A resourceVersion too old for the history gets a 200 stream with one ERROR event carrying the
 * 410 Status, as a real server sends it. With a Table {@code Accept}, each event's object is a one-row Table.
 */
final class WatchStreams {
    /** The longest a watch stream stays open. */
    static final Duration MAX_WATCH = Duration.ofMinutes(30);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|m|s)");

    private final FakeKube kube;
    private final ExecutorService pool;
    private final Clock clock;
    private final TableRenderer tables;
    private final Set<Watch> open = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicLong bookmarks = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;

    WatchStreams(FakeKube kube, ExecutorService pool, Clock clock, TableRenderer tables) {
        this.kube = kube;
        this.pool = pool;
        this.clock = clock;
        this.tables = tables;
    }

    /**
     * Opens the watch and hands the stream to the watch pool.
     *
     * @return true when answered synchronously (an error event), false when the stream runs on
     */
    boolean start(Exchange ex, ResourceType type, String namespace, String tableVersion, Runnable onDone)
            throws IOException {
        WatchOptions options = WatchOptions.fromQuery(ex.query());
        Duration limit = MAX_WATCH;
        Duration requestTimeout = parseGoDuration(ex.query().get("timeout"));
        if (requestTimeout != null && requestTimeout.compareTo(limit) < 0) {
            limit = requestTimeout;
        }
        Watch watch;
        try {
            watch = kube.watch(type, namespace, options);
        } catch (FakeKubeException e) {
            if (e.code() != 410) {
                throw e;
            }
            try (OutputStream out = ex.startChunked(200, MediaTypes.JSON)) {
                write(out, new WatchEvent(WatchEvent.Type.ERROR, e.status()).toMap());
            }
            return true;
        }
        String contentType = tableVersion.isEmpty() ? MediaTypes.JSON
                : "application/json;as=Table;v=" + tableVersion + ";g=meta.k8s.io";
        OutputStream out = ex.startChunked(200, contentType);
        onDone.run(); // logged as soon as the stream is open: tests and benchmarks see live watches
        open.add(watch);
        Duration finalLimit = limit;
        try {
            pool.execute(() -> {
                try {
                    pump(watch, out, type, tableVersion, finalLimit);
                } finally {
                    open.remove(watch);
                    watch.close();
                    closeQuietly(out);
                }
            });
        } catch (RejectedExecutionException e) {
            open.remove(watch);
            watch.close();
            closeQuietly(out);
            return true;
        }
        return false;
    }

    private void pump(Watch watch, OutputStream out, ResourceType type, String tableVersion, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        boolean first = true;
        try {
            while (!closed) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return;
                }
                Optional<WatchEvent> event = watch.next(Duration.ofNanos(Math.min(remaining, 1_000_000_000L)));
                if (event.isEmpty()) {
                    if (!watch.isOpen()) {
                        return;
                    }
                    continue;
                }
                WatchEvent e = event.get();
                Map<String, Object> body;
                if (!tableVersion.isEmpty() && e.type() != WatchEvent.Type.ERROR
                        && e.type() != WatchEvent.Type.BOOKMARK) {
                    Map<String, Object> table = JSON.convertValue(tables.render(type, List.of(e.object()),
                            new LinkedHashMap<>(), tableVersion, first, clock.instant()), MAP);
                    body = new WatchEvent(e.type(), table).toMap();
                    first = false;
                } else {
                    body = e.toMap();
                }
                write(out, body);
                if (e.type() == WatchEvent.Type.BOOKMARK) {
                    bookmarks.incrementAndGet();
                }
            }
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP =
            new com.fasterxml.jackson.core.type.TypeReference<>() {
            };

    private static void write(OutputStream out, Map<String, Object> event) throws IOException {
        byte[] line = JSON.writeValueAsBytes(event);
        byte[] framed = new byte[line.length + 1];
        System.arraycopy(line, 0, framed, 0, line.length);
        framed[line.length] = '\n';
        out.write(framed);
        out.flush();
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException | RuntimeException e) {
            // already gone
        }
    }

    /** @return the BOOKMARK events written so far, each counted once it was flushed to its client */
    long bookmarksSent() {
        return bookmarks.get();
    }

    /**
     * Ends every stream open now, as a server restart or a proxy's idle timeout does: each client sees its response
     * end and may watch again. New watches are served as before.
     *
     * @return how many streams were ended
     */
    int endOpen() {
        int n = 0;
        for (Watch w : open) {
            w.close();
            n++;
        }
        return n;
    }

    /** Ends every open stream. */
    void closeAll() {
        closed = true;
        for (Watch w : open) {
            w.close();
        }
    }

    /** Parses a Go duration such as {@code 32s}, {@code 1m0s}, {@code 1h30m}; null when absent or malformed. */
    static Duration parseGoDuration(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        Matcher m = GO_DURATION_PART.matcher(text);
        long millis = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                return null;
            }
            end = m.end();
            double v = Double.parseDouble(m.group(1));
            switch (m.group(2)) {
                case "h" -> millis += (long) (v * 3_600_000);
                case "m" -> millis += (long) (v * 60_000);
                case "s" -> millis += (long) (v * 1000);
                default -> millis += (long) v;
            }
        }
        if (end != text.length() || end == 0) {
            return null;
        }
        return Duration.ofMillis(millis);
    }
}
