package io.gitops4j.k8s.internal;

import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.target.LiveObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cached objects of one kind: those carrying the ownership label, in the kind's preferred version, kept current by
 * a watch and by the target's own writes. An update never replaces a newer state with an older one: resourceVersions
 * are compared as numbers when both are (as every etcd-backed server writes them), otherwise the later arrival wins.
 *
 * <p>Reads are lock-free; writes are made by the {@link ChangeFeed} under its lock.
 */
final class KindCache {
    private static final Comparator<LiveObject> ORDER = Comparator
            .comparing((LiveObject o) -> o.key().namespace()).thenComparing(o -> o.key().name());

    private final ServedKind kind;
    private final Map<ObjectId, LiveObject> objects = new ConcurrentHashMap<>();
    private volatile boolean synced;

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

    void markSynced() {
        synced = true;
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
    boolean put(LiveObject o) {
        ObjectId id = o.key().id();
        LiveObject old = objects.get(id);
        if (old != null && old.uid().equals(o.uid()) && isOlder(o.resourceVersion(), old.resourceVersion())) {
            return false;
        }
        objects.put(id, o);
        return true;
    }

    /** Removes the object unless a newer state of it (or another object of that name) is cached. */
    void remove(ObjectId id, LiveObject last) {
        LiveObject old = objects.get(id);
        if (old == null || (old.uid().equals(last.uid()) && !isOlder(last.resourceVersion(), old.resourceVersion()))
                || last.uid().isEmpty()) {
            objects.remove(id);
        }
    }

    void removeNow(ObjectId id) {
        objects.remove(id);
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
