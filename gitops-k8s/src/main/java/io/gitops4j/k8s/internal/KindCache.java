package io.gitops4j.k8s.internal;

import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.target.LiveObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cached objects of one kind: those carrying the ownership label, in the kind's preferred version, kept current by
 * a watch and by the target's own writes. An update never replaces a newer state with an older one: resourceVersions
 * are compared as numbers when both are (as every etcd-backed server writes them), otherwise the later arrival wins.
 *
 * <p>A {@linkplain #stamp() stamp} changes with every change of the cache, its first list and every re-list, and
 * whenever the view answered an object of the kind from the server instead ({@link #answeredElsewhere}); stamps come
 * from one sequence for every cache, so a cache that replaces another never repeats one of its stamps.
 *
 * <p>Reads are lock-free; writes are made by the {@link ChangeFeed} under its lock. Whatever changes the stamp holds
 * this cache's lock, sets the stamp to "unknown" before and to a new one after.
 */
final class KindCache {
    private static final Comparator<LiveObject> ORDER = Comparator
            .comparing((LiveObject o) -> o.key().namespace()).thenComparing(o -> o.key().name());
    private static final AtomicLong STAMPS = new AtomicLong();

    private final ServedKind kind;
    private final Map<ObjectId, LiveObject> objects = new ConcurrentHashMap<>();
    private volatile boolean synced;
    /** 0 while a change is being made. */
    private volatile long stamp = STAMPS.incrementAndGet();

    KindCache(ServedKind kind) {
        this.kind = kind;
    }

    ServedKind kind() {
        return kind;
    }

    /** @return the version objects are cached in */
    String version() {
        return kind.info().preferredVersion();
    }

    /** @return whether a full list has been read (until then the cache answers nothing) */
    boolean synced() {
        return synced;
    }

    synchronized void markSynced() {
        stamp = 0;
        synced = true;
        stamp = STAMPS.incrementAndGet();
    }

    /** @return the stamp of what the cache holds (see {@code ClusterView.cacheStamp}); empty before the first list */
    OptionalLong stamp() {
        long s = stamp;
        return synced && s != 0 ? OptionalLong.of(s) : OptionalLong.empty();
    }

    /** The view answered an object of this kind that the cache did not hold (read from the server): a new stamp. */
    synchronized void answeredElsewhere() {
        stamp = STAMPS.incrementAndGet();
    }

    Optional<LiveObject> get(ObjectId id) {
        return Optional.ofNullable(objects.get(id));
    }

    /** @return the cached objects in {@code namespace} ({@code ""}: all) carrying every label, sorted */
    List<LiveObject> list(String namespace, Map<String, String> labels) {
        List<LiveObject> out = new ArrayList<>();
        for (LiveObject o : objects.values()) {
            if ((namespace.isEmpty() || namespace.equals(o.key().namespace()))
                    && o.manifest().labels().entrySet().containsAll(labels.entrySet())) {
                out.add(o);
            }
        }
        out.sort(ORDER);
        return out;
    }

    /** @return a snapshot of every cached object */
    Map<ObjectId, LiveObject> snapshot() {
        return Map.copyOf(objects);
    }

    /** Stores {@code o} unless a newer state of it is cached; @return true when stored */
    synchronized boolean put(LiveObject o) {
        ObjectId id = o.key().id();
        LiveObject old = objects.get(id);
        if (old != null && old.uid().equals(o.uid()) && isOlder(o.resourceVersion(), old.resourceVersion())) {
            return false;
        }
        stamp = 0;
        objects.put(id, o);
        stamp = STAMPS.incrementAndGet();
        return true;
    }

    /** Removes the object unless a newer state of it (or another object of that name) is cached. */
    synchronized void remove(ObjectId id, LiveObject last) {
        LiveObject old = objects.get(id);
        if (old == null || (old.uid().equals(last.uid()) && !isOlder(last.resourceVersion(), old.resourceVersion()))
                || last.uid().isEmpty()) {
            removeNow(id);
        }
    }

    synchronized void removeNow(ObjectId id) {
        stamp = 0;
        objects.remove(id);
        stamp = STAMPS.incrementAndGet();
    }

    /** @return true when {@code a} is known to be older than {@code b} */
    static boolean isOlder(String a, String b) {
        try {
            return Long.parseLong(a) < Long.parseLong(b);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
