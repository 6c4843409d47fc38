package io.gitops4j.k8s.internal;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.target.ChangeEvent;
import io.gitops4j.api.target.LiveObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the watch cache and the target's writes meet: it keeps the per-kind caches current, decides which watch events
 * echo the target's own writes, and delivers events to subscribers.
 *
 * <p><b>Own writes.</b> A write's answer goes into the cache at once (read-your-writes) and its resourceVersion (or,
 * for a delete, the UID it removed) is remembered; the watch event carrying it is marked {@code ownWrite}. The event
 * may arrive before the write's answer: while a write of an object is in flight, that object's events are held back
 * and released, in order, when the write's answer is known. An answer never puts back an object whose deletion the
 * watch told meanwhile (someone deleted it right after our write).
 *
 * <p><b>Delivery.</b> Events are queued and delivered by one thread, so listeners see the events of one object in
 * order and never run under a lock; a listener that throws is logged and keeps its subscription.
 *
 * <p>Thread-safe: state changes under this object's lock.
 */
final class ChangeFeed implements WriteTracker, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);

    private record Subscription(Set<GroupKind> kinds, Consumer<ChangeEvent> listener) {}

    private record Held(ChangeEvent.Type type, LiveObject object) {}

    private final Map<GroupKind, KindCache> caches = new ConcurrentHashMap<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final Map<ObjectId, Integer> writing = new HashMap<>();
    private final Map<ObjectId, List<Held>> held = new HashMap<>();
    private final Map<ObjectId, String> ownVersions = new HashMap<>();
    private final Map<ObjectId, String> ownDeletes = new HashMap<>();
    private final Set<String> gone = ConcurrentHashMap.newKeySet();
    private final LinkedBlockingQueue<ChangeEvent> queue = new LinkedBlockingQueue<>();
    private final Thread dispatcher;
    private volatile boolean closed;

    ChangeFeed() {
        dispatcher = new Thread(this::dispatch, "gitops4j-k8s-events");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    /** @return the cache of a kind, when it is watched */
    Optional<KindCache> cache(GroupKind kind) {
        return Optional.ofNullable(caches.get(kind));
    }

    void attach(KindCache cache) {
        caches.put(cache.kind().info().kind(), cache);
    }

    void detach(GroupKind kind) {
        caches.remove(kind);
    }

    /** @return a handle that ends the subscription */
    Runnable subscribe(Set<GroupKind> kinds, Consumer<ChangeEvent> listener) {
        Subscription s = new Subscription(Set.copyOf(kinds), listener);
        subscriptions.add(s);
        return () -> subscriptions.remove(s);
    }

    // ---- the watch side

    /** The first full list of a kind: fills the cache, no events. */
    synchronized void listed(KindCache cache, List<LiveObject> items) {
        items.forEach(cache::put);
        cache.markSynced();
    }

    /** A watch event (ADDED, MODIFIED, DELETED). */
    synchronized void observed(KindCache cache, ChangeEvent.Type type, LiveObject object) {
        ObjectId id = object.key().id();
        if (type == ChangeEvent.Type.DELETED) {
            cache.remove(id, object);
            gone.remove(object.uid());
        } else if (!gone.contains(object.uid())) {
            cache.put(object);
        }
        if (writing.containsKey(id)) {
            held.computeIfAbsent(id, k -> new ArrayList<>()).add(new Held(type, object));
            return;
        }
        emit(type, object);
    }

    /**
     * A re-list after the watch broke (410 Gone): what changed since the cache was last current is told as
     * ADDED/MODIFIED/DELETED events (nothing twice, nothing missed), then a RESYNCED event.
     */
    synchronized void relisted(KindCache cache, List<LiveObject> items) {
        Map<ObjectId, LiveObject> before = new HashMap<>(cache.snapshot());
        for (LiveObject o : items) {
            LiveObject old = before.remove(o.key().id());
            if (old == null) {
                observed(cache, ChangeEvent.Type.ADDED, o);
            } else if (!old.resourceVersion().equals(o.resourceVersion()) || !old.uid().equals(o.uid())) {
                observed(cache, ChangeEvent.Type.MODIFIED, o);
            }
        }
        for (LiveObject last : before.values()) {
            cache.removeNow(last.key().id());
            gone.remove(last.uid());
            if (writing.containsKey(last.key().id())) {
                held.computeIfAbsent(last.key().id(), k -> new ArrayList<>())
                        .add(new Held(ChangeEvent.Type.DELETED, last));
            } else {
                emit(ChangeEvent.Type.DELETED, last);
            }
        }
        cache.markSynced();
        queue.add(ChangeEvent.resynced(cache.kind().info().kind()));
    }

    private void emit(ChangeEvent.Type type, LiveObject object) {
        ObjectId id = object.key().id();
        boolean own;
        if (type == ChangeEvent.Type.DELETED) {
            own = object.uid().equals(ownDeletes.get(id));
            if (own) {
                ownDeletes.remove(id);
            }
        } else {
            String mine = ownVersions.get(id);
            own = object.resourceVersion().equals(mine);
            if (mine != null && !KindCache.isOlder(object.resourceVersion(), mine)) {
                ownVersions.remove(id);
            }
        }
        queue.add(ChangeEvent.of(type, object, own));
    }

    // ---- the write side

    @Override
    public synchronized void starting(ObjectId id) {
        writing.merge(id, 1, Integer::sum);
    }

    @Override
    public synchronized void finished(ObjectId id, Optional<LiveObject> stored, Optional<String> deletedUid) {
        KindCache cache = caches.get(id.groupKind());
        if (cache != null) { // only watched kinds have echoes to recognise and a cache to update
            if (stored.isPresent()) {
                LiveObject o = stored.get();
                ownVersions.put(id, o.resourceVersion());
                // deleted before our answer came back: the cache keeps what the watch told (gone, or re-created)
                boolean history = deletedMeanwhile(id, o.uid());
                if (!history && o.key().version().equals(cache.version()) && o.manifest().labels()
                        .containsKey(KindWatch.OWNER_LABEL)) {
                    cache.put(o);
                } else if (!history) {
                    cache.removeNow(id); // written in another version, or no longer ours: read it again
                }
            }
            if (deletedUid.isPresent()) {
                ownDeletes.put(id, deletedUid.get());
                if (stored.isEmpty()) {
                    gone.add(deletedUid.get());
                    if (cache.get(id).map(c -> c.uid().equals(deletedUid.get())).orElse(false)) {
                        cache.removeNow(id);
                    }
                }
            }
        }
        int left = writing.merge(id, -1, Integer::sum);
        if (left <= 0) {
            writing.remove(id);
            List<Held> released = held.remove(id);
            if (released != null) {
                released.forEach(h -> emit(h.type(), h.object()));
            }
        }
    }

    /** @return true when a watch event held back during the write says the object with {@code uid} was deleted */
    private boolean deletedMeanwhile(ObjectId id, String uid) {
        return held.getOrDefault(id, List.of()).stream()
                .anyMatch(h -> h.type() == ChangeEvent.Type.DELETED && h.object().uid().equals(uid));
    }

    @Override
    public Optional<LiveObject> cached(ObjectId id) {
        KindCache cache = caches.get(id.groupKind());
        return cache == null || !cache.synced() ? Optional.empty() : cache.get(id);
    }

    // ---- delivery

    private void dispatch() {
        while (!closed) {
            ChangeEvent e;
            try {
                e = queue.take();
            } catch (InterruptedException ex) {
                return;
            }
            for (Subscription s : subscriptions) {
                if (s.kinds().contains(e.kind())) {
                    try {
                        s.listener().accept(e);
                    } catch (RuntimeException ex) {
                        LOG.warn("a change listener failed on a {} event of {}: {}", e.type(), e.kind(),
                                ex.toString());
                    }
                }
            }
        }
    }

    /** Stops delivery. Idempotent. */
    @Override
    public void close() {
        closed = true;
        dispatcher.interrupt();
    }
}
