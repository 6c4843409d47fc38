package io.gitops4j.k8s.internal;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ChangeEvent;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.api.target.KindInfo;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.ServerVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The read side with a watch cache. Every kind someone {@linkplain #watch watches} is listed and watched (only objects
 * carrying the ownership label); while it is, reads of it are answered from memory:
 * <ul>
 *   <li>{@code get} of an object the cache holds, in the version it caches: no request; an object it does not hold
 *       costs one GET (it may exist without the label);</li>
 *   <li>{@code getAll}: the same, except that many keys of one collection the cache does not hold are read with one
 *       paginated list of it (a cold pass reads its N objects with a list per kind instead of N GETs);</li>
 *   <li>{@code list} with a label selector naming the ownership label: no request; other lists are requests.</li>
 * </ul>
 * The target's own writes go into the cache as soon as they are answered (read-your-writes). Kinds nobody watches are
 * read from the server every time. Discovery and the server version are read once. A watched kind's
 * {@linkplain #cacheStamp stamp} is its cache's: it changes with the cache, and whenever a read of the kind was
 * answered from the server instead.
 *
 * <p>Thread-safe. {@link #watch} blocks until the first list of each served kind is in (at most the sync timeout; a
 * kind whose first list has not arrived by then is read from the server until it does). A kind not served yet is
 * watched as soon as discovery, read again for any reason, shows it.
 */
public final class CachedView implements ClusterView, AutoCloseable {
    private final Retrying http;
    private final Discovery discovery;
    private final ObjectReads reads;
    private final ChangeFeed feed;
    private final Duration syncTimeout;
    private final Map<GroupKind, Watched> watched = new HashMap<>();

    /** Missing keys of one collection from which on a list reads them, and keys per page of that list. */
    static final int LIST_AT = 10;

    private static final class Watched {
        final KindWatch watch;
        int subscribers;

        Watched(KindWatch watch) {
            this.watch = watch;
        }
    }

    /** @param syncTimeout how long {@link #watch} waits for first lists */
    public CachedView(Retrying http, Discovery discovery, ObjectReads reads, Duration syncTimeout) {
        this.http = http;
        this.discovery = discovery;
        this.reads = reads;
        this.feed = new ChangeFeed();
        this.syncTimeout = syncTimeout;
        discovery.onRefresh(this::discoveryChanged);
    }

    /** @return what the writers tell about their writes */
    public WriteTracker tracker() {
        return feed;
    }

    @Override
    public Optional<LiveObject> get(ResourceKey key) {
        ServedKind kind = discovery.find(key.groupKind(), key.version())
                .orElseThrow(() -> ApiFailures.unknownKind(key));
        Optional<KindCache> cache = feed.cache(key.groupKind())
                .filter(c -> c.synced() && c.version().equals(key.version()));
        if (cache.isPresent()) {
            Optional<LiveObject> hit = cache.get().get(key.id());
            if (hit.isPresent()) {
                return hit;
            }
        }
        return elsewhere(key.groupKind(), reads.get(kind, key));
    }

    /**
     * Answers each key as {@link #get(ResourceKey)} does, with fewer requests: the keys the cache does not hold are
     * grouped by kind, version and namespace, and a group of at least {@value #LIST_AT} keys is read with one
     * paginated list of its collection without a label selector (every owner's objects: one not carrying our label
     * is found as a GET would find it), reading at most one page per {@value #LIST_AT} keys of the group; the keys of
     * smaller groups, of a list that failed or was cut short (those not seen), and of a namespaced kind without a
     * namespace cost one GET each.
     */
    @Override
    public Map<ResourceKey, LiveObject> getAll(Collection<ResourceKey> keys) {
        Map<ResourceKey, ServedKind> kinds = new LinkedHashMap<>();
        for (ResourceKey key : keys) { // every kind checked before any request, as get throws for it
            kinds.put(key, discovery.find(key.groupKind(), key.version())
                    .orElseThrow(() -> ApiFailures.unknownKind(key)));
        }
        Map<ResourceKey, LiveObject> found = new HashMap<>();
        Map<ListScope, List<ResourceKey>> missed = new LinkedHashMap<>();
        for (Map.Entry<ResourceKey, ServedKind> e : kinds.entrySet()) {
            ResourceKey key = e.getKey();
            Optional<LiveObject> hit = feed.cache(key.groupKind())
                    .filter(c -> c.synced() && c.version().equals(key.version()))
                    .flatMap(c -> c.get(key.id()));
            if (hit.isPresent()) {
                found.put(key, hit.get());
            } else {
                missed.computeIfAbsent(new ListScope(e.getValue(), key.version(), key.namespace()),
                        c -> new ArrayList<>()).add(key);
            }
        }
        for (Map.Entry<ListScope, List<ResourceKey>> group : missed.entrySet()) {
            ListScope c = group.getKey();
            List<ResourceKey> left = group.getValue();
            if (left.size() >= LIST_AT && c.listable()) {
                ObjectReads.Found listed = reads.find(c.kind(), c.version(), c.namespace(),
                        left.stream().map(ResourceKey::name).collect(Collectors.toSet()), left.size() / LIST_AT);
                List<ResourceKey> unseen = new ArrayList<>();
                for (ResourceKey key : left) {
                    LiveObject o = listed.objects().get(key.name());
                    if (o != null) {
                        found.put(key, o);
                    } else if (!listed.complete()) {
                        unseen.add(key);
                    }
                }
                left = unseen;
            }
            for (ResourceKey key : left) {
                reads.get(c.kind(), key).ifPresent(o -> found.put(key, o));
            }
        }
        missed.values().stream().flatMap(List::stream).filter(found::containsKey).map(ResourceKey::groupKind)
                .distinct().forEach(k -> feed.cache(k).ifPresent(KindCache::answeredElsewhere));
        Map<ResourceKey, LiveObject> ordered = new LinkedHashMap<>();
        for (ResourceKey key : kinds.keySet()) {
            LiveObject o = found.get(key);
            if (o != null) {
                ordered.put(key, o);
            }
        }
        return ordered;
    }

    /** The collection a key lies in, as one list reads it. */
    private record ListScope(ServedKind kind, String version, String namespace) {
        /** A namespaced kind without a namespace would list every namespace: such keys are read one by one. */
        boolean listable() {
            return kind.info().allows("list") && kind.namespaced() != namespace.isEmpty();
        }
    }

    @Override
    public Optional<LiveObject> get(ObjectId id) {
        Optional<KindCache> cache = feed.cache(id.groupKind()).filter(KindCache::synced);
        if (cache.isPresent()) {
            Optional<LiveObject> hit = cache.get().get(id);
            if (hit.isPresent()) {
                return hit;
            }
        }
        return elsewhere(id.groupKind(), reads.get(id));
    }

    @Override
    public OptionalLong cacheStamp(GroupKind kind) {
        return feed.cache(kind).map(KindCache::stamp).orElse(OptionalLong.empty());
    }

    /** An object of {@code kind} read from the server: its cache, if any, takes a new stamp. */
    private Optional<LiveObject> elsewhere(GroupKind kind, Optional<LiveObject> read) {
        if (read.isPresent()) {
            feed.cache(kind).ifPresent(KindCache::answeredElsewhere);
        }
        return read;
    }

    @Override
    public List<LiveObject> list(GroupKind kind, String namespace, Map<String, String> labelSelector) {
        Optional<KindCache> cache = feed.cache(kind).filter(KindCache::synced);
        if (cache.isPresent() && labelSelector.containsKey(KindWatch.OWNER_LABEL)) {
            return cache.get().list(namespace, labelSelector);
        }
        return reads.list(kind, namespace, labelSelector);
    }

    @Override
    public Optional<KindInfo> kind(GroupKind kind) {
        return discovery.find(kind).map(ServedKind::info);
    }

    @Override
    public List<KindInfo> kinds() {
        return discovery.all();
    }

    @Override
    public Optional<ServerVersion> serverVersion() {
        return Optional.of(discovery.serverVersion());
    }

    @Override
    public AutoCloseable watch(Set<GroupKind> kinds, Consumer<ChangeEvent> listener) {
        Set<GroupKind> copy = Set.copyOf(kinds);
        Set<GroupKind> served = new java.util.HashSet<>();
        for (GroupKind k : copy) { // a kind not known yet is looked up again once (a CRD applied moments ago)
            if (discovery.find(k).isPresent()) {
                served.add(k);
            }
        }
        List<KindWatch> started = new java.util.ArrayList<>();
        synchronized (this) {
            for (GroupKind k : copy) {
                Watched w = watched.computeIfAbsent(k, gk -> {
                    KindWatch kw = KindWatch.owned(gk, http, discovery, reads, feed);
                    kw.start();
                    return new Watched(kw);
                });
                w.subscribers++;
                if (served.contains(k)) {
                    started.add(w.watch);
                }
            }
        }
        Runnable unsubscribe = feed.subscribe(copy, listener);
        long deadline = System.nanoTime() + syncTimeout.toNanos();
        try {
            for (KindWatch kw : started) {
                kw.awaitSync(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                unsubscribe.run();
                release(copy);
            }
        };
    }

    private synchronized void release(Set<GroupKind> kinds) {
        for (GroupKind k : kinds) {
            Watched w = watched.get(k);
            if (w != null && --w.subscribers == 0) {
                watched.remove(k);
                w.watch.close();
            }
        }
    }

    private synchronized void discoveryChanged() {
        watched.values().forEach(w -> w.watch.discoveryChanged());
    }

    /** Stops every watch and the event delivery. Idempotent. */
    @Override
    public synchronized void close() {
        watched.values().forEach(w -> w.watch.close());
        watched.clear();
        feed.close();
    }
}
