package io.gitops4j.k8s.internal;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.target.ChangeEvent;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.core.plan.Tracking;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Response;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the cache of one kind current: a list and then a watch of the objects carrying the ownership label
 * ({@value #OWNER_LABEL}, any value: every Application's objects), from the list's resourceVersion, with bookmarks.
 * A watch that ends is opened again from the last resourceVersion seen (a bookmark's included). When the server
 * answers that this version is too old (410 Gone, as an HTTP status or an ERROR event), the kind is listed again and
 * the differences are told as events, followed by RESYNCED (DA-13). Other failures are retried with backoff (100 ms
 * doubling to 30 s). A kind the server does not serve yet (a CRD not applied yet) waits until discovery knows it.
 *
 * <p>Runs on a daemon thread of its own until {@link #close()}.
 */
final class KindWatch implements AutoCloseable {
    /** The label every watched object carries. */
    static final String OWNER_LABEL = Tracking.APPLICATION_LABEL;

    private static final Logger LOG = LoggerFactory.getLogger(KindWatch.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final GroupKind kind;
    private final Retrying http;
    private final Discovery discovery;
    private final ObjectReads reads;
    private final ChangeFeed feed;
    private final CountDownLatch firstSync = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean closed;
    private volatile Call stream;
    private volatile KindCache cache;
    private long discoveryReads;

    KindWatch(GroupKind kind, Retrying http, Discovery discovery, ObjectReads reads, ChangeFeed feed) {
        this.kind = kind;
        this.http = http;
        this.discovery = discovery;
        this.reads = reads;
        this.feed = feed;
        this.thread = new Thread(this::run, "gitops4j-k8s-watch-" + kind);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Waits until the first list is in the cache; @return false when it is not within {@code timeout} */
    boolean awaitSync(Duration timeout) throws InterruptedException {
        return firstSync.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Wakes a watch waiting for its kind to be served: discovery has been read again. */
    synchronized void discoveryChanged() {
        discoveryReads++;
        notifyAll();
    }

    private void run() {
        long backoff = 100;
        String rv = "";
        boolean listed = false;
        while (!closed) {
            try {
                if (cache == null) {
                    long seen;
                    synchronized (this) {
                        seen = discoveryReads;
                    }
                    Optional<ServedKind> served = discovery.known(kind);
                    if (served.isEmpty()) {
                        waitForDiscovery(seen);
                        continue;
                    }
                    cache = new KindCache(served.get());
                    feed.attach(cache);
                }
                if (!listed) {
                    ObjectReads.Listing l = reads.list(cache.kind(), "", OWNER_LABEL);
                    if (rv.isEmpty() && !cache.synced()) {
                        feed.listed(cache, l.items());
                        firstSync.countDown();
                    } else {
                        feed.relisted(cache, l.items());
                    }
                    rv = l.resourceVersion();
                    listed = true;
                }
                Outcome o = watchFrom(rv);
                rv = o.resourceVersion();
                if (o.expired()) {
                    listed = false;
                }
                backoff = 100;
            } catch (Exception e) { // OkHttp may throw InterruptedException undeclared when closed
                if (closed) {
                    return;
                }
                LOG.debug("watch of {} failed, retrying in {} ms: {}", kind, backoff, e.toString());
                sleep(backoff);
                backoff = Math.min(MAX_BACKOFF.toMillis(), backoff * 2);
            }
        }
    }

    private record Outcome(String resourceVersion, boolean expired) {}

    /** Reads one watch stream to its end; @return the last resourceVersion seen and whether it expired */
    private Outcome watchFrom(String rv) throws IOException {
        ServedKind k = cache.kind();
        String group = k.info().kind().group();
        String version = cache.version();
        String apiVersion = group.isEmpty() ? version : group + "/" + version;
        ApiRequest request = ApiRequest.of("GET", ObjectPaths.collection(k, group, version, ""))
                .withQuery("watch", "true").withQuery("labelSelector", OWNER_LABEL)
                .withQuery("resourceVersion", rv).withQuery("allowWatchBookmarks", "true")
                .withQuery("timeoutSeconds", Integer.toString(300 + ThreadLocalRandom.current().nextInt(300)));
        String last = rv;
        Call call = http.transport().stream(request);
        stream = call;
        if (closed) {
            return new Outcome(last, false);
        }
        try (Response r = call.execute()) {
            if (r.code() == 410) {
                return new Outcome(last, true);
            }
            if (r.code() < 200 || r.code() > 299) {
                throw new IOException("watch answered HTTP " + r.code());
            }
            BufferedSource source = r.body().source();
            String line;
            while (!closed && (line = source.readUtf8Line()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                Map<String, Object> event = Json.readObject(line);
                String type = Json.string(event, "type");
                Map<String, Object> object = Json.map(event, "object");
                if (type.equals("ERROR")) {
                    if (Integer.valueOf(410).equals(asInt(object.get("code")))) {
                        return new Outcome(last, true);
                    }
                    throw new IOException("watch ERROR event: " + Json.string(object, "message"));
                }
                String eventRv = Json.string(Json.map(object, "metadata"), "resourceVersion");
                if (!eventRv.isEmpty()) {
                    last = eventRv;
                }
                ChangeEvent.Type t = switch (type) {
                    case "ADDED" -> ChangeEvent.Type.ADDED;
                    case "MODIFIED" -> ChangeEvent.Type.MODIFIED;
                    case "DELETED" -> ChangeEvent.Type.DELETED;
                    default -> null; // BOOKMARK: only its resourceVersion counts
                };
                if (t != null) {
                    LiveObject live = LiveObjects.of(object, apiVersion, k.info().kind().kind());
                    feed.observed(cache, t, live);
                }
            }
            return new Outcome(last, false);
        } finally {
            stream = null;
        }
    }

    private static Integer asInt(Object o) {
        return o instanceof Number n ? n.intValue() : null;
    }

    private synchronized void waitForDiscovery(long seen) {
        try {
            while (!closed && discoveryReads == seen) {
                wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    /** Stops the watch: the stream is closed, the thread ends. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        Call c = stream;
        if (c != null) {
            c.cancel();
        }
        thread.interrupt();
        feed.detach(kind);
    }
}
