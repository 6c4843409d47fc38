package io.gitops4j.testkit.kube.internal;

import io.gitops4j.testkit.kube.ResourceType;
import io.gitops4j.testkit.kube.Watch;
import io.gitops4j.testkit.kube.WatchEvent;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A watch on one type: filters committed changes (namespace, label and field selectors, with the real watch
 * cache's ADDED/DELETED translation when an object starts or stops matching) into an unbounded queue.
 * Thread-safe: the store offers changes under its lock, one consumer drains.
 */
final class WatchQueue implements Watch {

    private static final WatchEvent CLOSED = new WatchEvent(WatchEvent.Type.ERROR, Map.of());

    private final ResourceType type;
    private final String namespace;
    private final LabelSelector labels;
    private final FieldSelector fields;
    private final boolean bookmarks;
    private final long bookmarkNanos;
    private final long deadline;
    private final LongSupplier currentVersion;
    private final Consumer<WatchQueue> onClose;
    private final LinkedBlockingQueue<WatchEvent> queue = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    private long lastDelivered = System.nanoTime();

    WatchQueue(ResourceType type, String namespace, LabelSelector labels, FieldSelector fields, boolean bookmarks,
               Duration bookmarkInterval, long timeoutSeconds, LongSupplier currentVersion,
               Consumer<WatchQueue> onClose) {
        this.type = type;
        this.namespace = namespace;
        this.labels = labels;
        this.fields = fields;
        this.bookmarks = bookmarks;
        this.bookmarkNanos = bookmarkInterval.toNanos();
        this.deadline = timeoutSeconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds)
                : Long.MAX_VALUE;
        this.currentVersion = currentVersion;
        this.onClose = onClose;
    }

    /** Whether the object is one this watch selects. */
    boolean matches(Map<String, Object> object) {
        if (!namespace.isEmpty() && !namespace.equals(Trees.metaString(object, "namespace"))) {
            return false;
        }
        return labels.matchesObject(object) && fields.matches(object);
    }

    /** Queues an ADDED event for an existing object (the start of a watch without resourceVersion). */
    void offerInitial(Map<String, Object> object) {
        if (matches(object)) {
            queue.add(new WatchEvent(WatchEvent.Type.ADDED, object));
        }
    }

    /** Translates a committed change into at most one event and queues it. */
    void offer(Change change) {
        if (closed) {
            return;
        }
        boolean now = change.type() != WatchEvent.Type.DELETED && matches(change.current());
        boolean before = change.previous() != null && matches(change.previous());
        if (change.type() == WatchEvent.Type.DELETED) {
            before = matches(change.current());
        }
        if (now && !before) {
            queue.add(new WatchEvent(WatchEvent.Type.ADDED, change.current()));
        } else if (now) {
            queue.add(new WatchEvent(WatchEvent.Type.MODIFIED, change.current()));
        } else if (before) {
            Map<String, Object> last = change.type() == WatchEvent.Type.DELETED ? change.current()
                    : withVersion(change.previous(), change.resourceVersion());
            queue.add(new WatchEvent(WatchEvent.Type.DELETED, last));
        }
    }

    @Override
    public Optional<WatchEvent> next(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + Math.max(0, timeout.toNanos());
        while (true) {
            WatchEvent e = queue.poll();
            if (e == CLOSED) {
                return Optional.empty();
            }
            if (e != null) {
                lastDelivered = System.nanoTime();
                return Optional.of(present(e));
            }
            long now = System.nanoTime();
            if (closed || now - deadline >= 0) {
                close();
                return Optional.empty();
            }
            long until = Math.min(end - now, deadline - now);
            if (bookmarks) {
                long due = lastDelivered + bookmarkNanos - now;
                if (due <= 0) {
                    lastDelivered = now;
                    return Optional.of(bookmark());
                }
                until = Math.min(until, due);
            }
            if (until <= 0) {
                return Optional.empty();
            }
            e = queue.poll(until, TimeUnit.NANOSECONDS);
            if (e == CLOSED) {
                return Optional.empty();
            }
            if (e != null) {
                lastDelivered = System.nanoTime();
                return Optional.of(present(e));
            }
        }
    }

    @Override
    public boolean isOpen() {
        return !closed && System.nanoTime() - deadline < 0;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            queue.add(CLOSED);
            onClose.accept(this);
        }
    }

    private WatchEvent bookmark() {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("resourceVersion", String.valueOf(currentVersion.getAsLong()));
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("kind", type.kind());
        object.put("apiVersion", type.apiVersion());
        object.put("metadata", meta);
        return new WatchEvent(WatchEvent.Type.BOOKMARK, object);
    }

    private WatchEvent present(WatchEvent e) {
        Map<String, Object> copy = Trees.copy(e.object());
        if (copy.containsKey("apiVersion")) {
            copy.put("apiVersion", type.apiVersion());
        }
        return new WatchEvent(e.type(), copy);
    }

    private static Map<String, Object> withVersion(Map<String, Object> object, long rv) {
        Map<String, Object> copy = Trees.copy(object);
        Trees.meta(copy).put("resourceVersion", String.valueOf(rv));
        return copy;
    }
}
