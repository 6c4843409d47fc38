package io.gitops4j.k8s.internal;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.target.ChangeEvent;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.core.plan.Tracking;
import io.gitops4j.k8s.RetryOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
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
 * Keeps a view of one kind current: a list and then a watch of the objects a label selector picks (for the watch
 * cache: those carrying the ownership label {@value #OWNER_LABEL}, any value: every Application's objects), from the
 * list's resourceVersion, with bookmarks, reported to a {@link Sink}.
 * A watch that ends is opened again from the last resourceVersion seen (a bookmark's included). When the server
 * answers that this version is too old (410 Gone, as an HTTP status or an ERROR event), the kind is listed again and
 * the differences are told as events, followed by RESYNCED (DA-13). Other failures are retried with backoff (100 ms
 * doubling to 30 s); a watch the server refuses with a {@code Retry-After} (429, 503) is opened again no sooner than
 * the server asked (at most {@value RetryOptions#MAX_RETRY_AFTER_SECONDS} s), as every other request is (DA-20). A kind the server does not serve yet (a CRD not applied yet) waits until discovery knows it.
 *
 * <p>Runs on a daemon thread of its own until {@link #close()}.
 */
final class KindWatch implements AutoCloseable {
    /** The label every watched object carries. */
    static final String OWNER_LABEL = Tracking.APPLICATION_LABEL;

    private static final Logger LOG = LoggerFactory.getLogger(KindWatch.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** What a watch reports to: the objects of the first list, the events, and re-lists after 410 Gone. */
    interface Sink {
        /** The kind is served: this is what it is. Called once, before anything else. */
        void served(ServedKind kind);

        /** The first full list. */
        void listed(List<LiveObject> items);

        /** One event (ADDED, MODIFIED, DELETED). */
        void observed(ChangeEvent.Type type, LiveObject object);

        /** A full list after the watch expired: events between may be lost. */
        void relisted(List<LiveObject> items);

        /** The watch stopped for good. */
        void stopped();
    }

    private final GroupKind kind;
    private final String namespace;
    private final String selector;
    private final Retrying http;
    private final Discovery discovery;
    private final ObjectReads reads;
    private final Sink sink;
    private final CountDownLatch firstSync = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean closed;
    private volatile Call stream;
    private volatile ServedKind served;
    private long discoveryReads;

    /**
     * @param namespace the namespace to watch, {@code ""} for all
     * @param selector the label selector of the watched objects
     */
    KindWatch(GroupKind kind, String namespace, String selector, Retrying http, Discovery discovery,
            ObjectReads reads, Sink sink) {
        this.kind = kind;
        this.namespace = namespace;
        this.selector = selector;
        this.http = http;
        this.discovery = discovery;
        this.reads = reads;
        this.sink = sink;
        this.thread = new Thread(this::run, "gitops4j-k8s-watch-" + kind
                + (namespace.isEmpty() ? "" : "-" + namespace));
        thread.setDaemon(true);
    }

    /** A watch of the objects of {@code kind} carrying the ownership label, in every namespace, into a cache. */
    static KindWatch owned(GroupKind kind, Retrying http, Discovery discovery, ObjectReads reads, ChangeFeed feed) {
        return new KindWatch(kind, "", OWNER_LABEL, http, discovery, reads, new CacheSink(feed));
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
                if (served == null) {
                    long seen;
                    synchronized (this) {
                        seen = discoveryReads;
                    }
                    Optional<ServedKind> known = discovery.known(kind);
                    if (known.isEmpty()) {
                        waitForDiscovery(seen);
                        continue;
                    }
                    served = known.get();
                    sink.served(served);
                }
                if (!listed) {
                    ObjectReads.Listing l = reads.list(served, namespace, selector);
                    if (rv.isEmpty()) {
                        sink.listed(l.items());
                        firstSync.countDown();
                    } else {
                        sink.relisted(l.items());
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
                long wait = e instanceof Refused r ? Math.max(backoff, r.retryAfterMillis) : backoff;
                LOG.debug("watch of {} failed, retrying in {} ms: {}", kind, wait, e.toString());
                sleep(wait);
                backoff = Math.min(MAX_BACKOFF.toMillis(), backoff * 2);
            }
        }
    }

    private record Outcome(String resourceVersion, boolean expired) {}

    /** Reads one watch stream to its end; @return the last resourceVersion seen and whether it expired */
    private Outcome watchFrom(String rv) throws IOException {
        ServedKind k = served;
        String group = k.info().kind().group();
        String version = k.info().preferredVersion();
        String apiVersion = group.isEmpty() ? version : group + "/" + version;
        ApiRequest request = ApiRequest.of("GET", ObjectPaths.collection(k, group, version, namespace))
                .withQuery("watch", "true").withQuery("labelSelector", selector)
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
                throw new Refused(r.code(), retryAfterMillis(r.header("Retry-After")));
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
                    sink.observed(t, live);
                }
            }
            return new Outcome(last, false);
        } finally {
            stream = null;
        }
    }

    /** A watch the server did not open; {@code retryAfterMillis} is 0 when it did not say when to come back. */
    private static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;
        final transient long retryAfterMillis;

        Refused(int code, long retryAfterMillis) {
            super("watch answered HTTP " + code);
            this.retryAfterMillis = retryAfterMillis;
        }
    }

    /** @return a {@code Retry-After} of whole seconds in milliseconds, capped; 0 when absent or not a number */
    static long retryAfterMillis(String header) {
        if (header == null || !header.trim().matches("\\d{1,9}")) {
            return 0;
        }
        return Math.min(Long.parseLong(header.trim()), RetryOptions.MAX_RETRY_AFTER_SECONDS) * 1000L;
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
        sink.stopped();
    }

    /** Feeds a {@link KindCache} through the {@link ChangeFeed}. */
    private static final class CacheSink implements Sink {
        private final ChangeFeed feed;
        private volatile KindCache cache;

        CacheSink(ChangeFeed feed) {
            this.feed = feed;
        }

        @Override
        public void served(ServedKind kind) {
            cache = new KindCache(kind);
            feed.attach(cache);
        }

        @Override
        public void listed(List<LiveObject> items) {
            feed.listed(cache, items);
        }

        @Override
        public void observed(ChangeEvent.Type type, LiveObject object) {
            feed.observed(cache, type, object);
        }

        @Override
        public void relisted(List<LiveObject> items) {
            feed.relisted(cache, items);
        }

        @Override
        public void stopped() {
            KindCache c = cache;
            if (c != null) {
                feed.detach(c.kind().info().kind());
            }
        }
    }
}
