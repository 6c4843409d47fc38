package io.gitops4j.testkit.kube.internal;

import io.gitops4j.testkit.kube.DeleteOptions;
import io.gitops4j.testkit.kube.DeleteResult;
import io.gitops4j.testkit.kube.FakeKubeException;
import io.gitops4j.testkit.kube.ListOptions;
import io.gitops4j.testkit.kube.ListResult;
import io.gitops4j.testkit.kube.PatchType;
import io.gitops4j.testkit.kube.ResourceRegistry;
import io.gitops4j.testkit.kube.ResourceType;
import io.gitops4j.testkit.kube.Watch;
import io.gitops4j.testkit.kube.WatchEvent;
import io.gitops4j.testkit.kube.WatchOptions;
import io.gitops4j.testkit.kube.WriteObserver;
import io.gitops4j.testkit.kube.WriteOptions;
import io.gitops4j.testkit.kube.WriteResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The object store behind {@code FakeKube}: buckets of objects per group/resource, one global resourceVersion, the
 * change history, watches, and the lock that serialises writes. Reads run under the read lock; stored objects are
 * never mutated once stored (writes replace them), so reads copy only what they return.
 *
 * <p>Internal: use {@code FakeKube}. Thread-safe.
 */
public final class KubeStore {

    /** Objects of one group/resource, keyed by {@code namespace + '\0' + name} (sorts namespace, then name). */
    static final class Bucket {
        final ResourceType type;
        final TreeMap<String, Map<String, Object>> objects = new TreeMap<>();
        final List<WatchQueue> watchers = new CopyOnWriteArrayList<>();

        Bucket(ResourceType type) {
            this.type = type;
        }
    }

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Bucket> buckets = new HashMap<>();
    private final ResourceRegistry registry = ResourceRegistry.builtin();
    private final History history;
    private final Clock clock;
    private final Duration bookmarkInterval;
    private final List<WriteObserver> observers = new CopyOnWriteArrayList<>();
    private final List<Runnable> afterUnlock = new ArrayList<>();
    private final FieldOwnership ownership = new MergeEngineOwnership();
    private final Writes writes = new Writes(this);
    private final Deletes deletes = new Deletes(this);
    private final Map<String, Ref> byUid = new HashMap<>();
    private final RenderedJson rendered = new RenderedJson();
    private final Map<String, java.util.Set<Ref>> dependents = new HashMap<>();
    private volatile long version;
    private final boolean namespaceDefaults;
    private boolean refreshingQuotas;

    /** Where an object is stored. */
    record Ref(String storage, String key) {
    }

    /**
     * @param namespaceDefaults whether new namespaces get their default ServiceAccount and root CA ConfigMap (and
     *                          Pods need an existing ServiceAccount), as the controllers of a cluster see to
     */
    public KubeStore(Clock clock, int watchHistory, Duration bookmarkInterval, boolean namespaceDefaults) {
        this.clock = clock;
        this.namespaceDefaults = namespaceDefaults;
        this.history = new History(watchHistory);
        this.bookmarkInterval = bookmarkInterval;
        for (ResourceType t : registry.types()) {
            buckets.putIfAbsent(ObjectRules.storage(t), new Bucket(t));
        }
        ResourceType ns = registry.require("", "v1", "namespaces");
        for (String name : List.of("default", "kube-node-lease", "kube-public", "kube-system")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("metadata", new LinkedHashMap<>(Map.of("name", name)));
            writes.create(ns, "", body, WriteOptions.defaults().withFieldManager("kube-apiserver"));
        }
    }

    /** Whether namespaces get their controllers' default objects ({@link NamespaceContents}). */
    boolean namespaceDefaults() {
        return namespaceDefaults;
    }

    public ResourceRegistry registry() {
        return registry;
    }

    public String resourceVersion() {
        return String.valueOf(version);
    }

    // ------------------------------------------------------------------------------------------------ reads

    public Map<String, Object> get(ResourceType type, String namespace, String name, String subresource) {
        String ns = namespaceFor(type, namespace, true);
        checkSubresource(type, subresource);
        lock.readLock().lock();
        try {
            Map<String, Object> object = bucket(type).objects.get(key(ns, name));
            if (object == null) {
                throw FakeKubeException.notFound(type, name);
            }
            return subresource.equals("scale") ? Scales.view(this, type, object)
                    : new PresentedObject(object, type.apiVersion(), rendered);
        } finally {
            lock.readLock().unlock();
        }
    }

    public ListResult list(ResourceType type, String namespace, ListOptions options) {
        String ns = namespaceFor(type, namespace, false);
        LabelSelector labels = LabelSelector.parse(options.labelSelector());
        FieldSelector fields = FieldSelector.parse(options.fieldSelector(), type);
        lock.readLock().lock();
        try {
            long at = version;
            String after = "";
            if (!options.continueToken().isEmpty()) {
                ContinueToken token = ContinueToken.decode(options.continueToken());
                if (!history.covers(token.resourceVersion())) {
                    throw FakeKubeException.expired(ContinueToken.EXPIRED_MESSAGE);
                }
                at = token.resourceVersion();
                after = token.after();
            }
            NavigableMap<String, Map<String, Object>> view = stateAt(type, at, ns, after);
            List<Map<String, Object>> items = new ArrayList<>();
            String last = "";
            long remaining = 0;
            for (Map.Entry<String, Map<String, Object>> e : view.entrySet()) {
                Map<String, Object> o = e.getValue();
                if (!labels.matchesObject(o) || !fields.matches(o)) {
                    continue;
                }
                if (options.limit() > 0 && items.size() >= options.limit()) {
                    remaining++;
                    continue;
                }
                items.add(at == version ? new PresentedObject(o, type.apiVersion(), rendered) : present(type, o));
                last = e.getKey();
            }
            String next = remaining > 0 ? ContinueToken.encode(at, last) : "";
            long count = remaining > 0 && labels.isEmpty() && fields.isEmpty() ? remaining : -1;
            return new ListResult(type.apiVersion(), type.listKind(), items, String.valueOf(at), next, count,
                    !ObjectRules.isBuiltin(type));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The objects of a type in a namespace ("" = all) after key {@code after}, as they were at version {@code at}. */
    private NavigableMap<String, Map<String, Object>> stateAt(ResourceType type, long at, String ns, String after) {
        Bucket bucket = bucket(type);
        NavigableMap<String, Map<String, Object>> current = ns.isEmpty() ? bucket.objects
                : bucket.objects.subMap(ns + '\0', true, ns + '\u0001', false);
        if (!after.isEmpty()) {
            current = current.tailMap(after, false);
        }
        if (at == version) {
            return current;
        }
        TreeMap<String, Map<String, Object>> past = new TreeMap<>(current);
        Map<String, Map<String, Object>> before = new HashMap<>();
        for (Change c : history.since(at, ObjectRules.storage(type), version)) {
            if (!before.containsKey(c.key())) {
                before.put(c.key(), c.previous());
            }
        }
        for (Map.Entry<String, Map<String, Object>> e : before.entrySet()) {
            String k = e.getKey();
            boolean inRange = (ns.isEmpty() || k.startsWith(ns + '\0')) && (after.isEmpty() || k.compareTo(after) > 0);
            if (!inRange) {
                continue;
            }
            if (e.getValue() == null) {
                past.remove(k);
            } else {
                past.put(k, e.getValue());
            }
        }
        return past;
    }

    public Watch watch(ResourceType type, String namespace, WatchOptions options) {
        String ns = namespaceFor(type, namespace, false);
        LabelSelector labels = LabelSelector.parse(options.labelSelector());
        FieldSelector fields = FieldSelector.parse(options.fieldSelector(), type);
        long from = -1;
        if (!options.resourceVersion().isEmpty() && !options.resourceVersion().equals("0")) {
            from = parseVersion(options.resourceVersion());
        }
        long start = from;
        return write(() -> {
            Bucket bucket = bucket(type);
            WatchQueue q = new WatchQueue(type, ns, labels, fields, options.allowBookmarks(), bookmarkInterval,
                    options.timeoutSeconds(), () -> version, bucket.watchers::remove);
            if (start < 0) {
                bucket.objects.values().forEach(q::offerInitial);
            } else {
                for (Change c : history.since(start, ObjectRules.storage(type), version)) {
                    q.offer(c);
                }
            }
            bucket.watchers.add(q);
            return q;
        });
    }

    // ------------------------------------------------------------------------------------------------ writes

    public WriteResult create(ResourceType type, String namespace, Map<String, Object> body, WriteOptions options) {
        return writes.create(type, namespace, body, options);
    }

    public WriteResult update(ResourceType type, String namespace, String name, String subresource,
                              Map<String, Object> body, WriteOptions options) {
        return writes.update(type, namespace, name, subresource, body, options);
    }

    public WriteResult patch(ResourceType type, String namespace, String name, String subresource,
                             PatchType patchType, String patch, WriteOptions options) {
        return writes.patch(type, namespace, name, subresource, patchType, patch, options);
    }

    public DeleteResult delete(ResourceType type, String namespace, String name, DeleteOptions options) {
        return deletes.delete(type, namespace, name, options);
    }

    public ListResult deleteCollection(ResourceType type, String namespace, ListOptions selection,
                                       DeleteOptions options) {
        return deletes.deleteCollection(type, namespace, selection, options);
    }

    public void compact() {
        write(() -> {
            history.compact(version);
            return null;
        });
    }

    public void addObserver(WriteObserver observer) {
        observers.add(observer);
    }

    public void removeObserver(WriteObserver observer) {
        observers.remove(observer);
    }

    // ------------------------------------------------------------------------------------------------ internals

    /** Runs {@code action} under the write lock; deferred actions run after the outermost unlock. */
    <T> T write(Supplier<T> action) {
        lock.writeLock().lock();
        List<Runnable> deferred = List.of();
        try {
            return action.get();
        } finally {
            if (lock.writeLock().getHoldCount() == 1 && !afterUnlock.isEmpty()) {
                deferred = new ArrayList<>(afterUnlock);
                afterUnlock.clear();
            }
            lock.writeLock().unlock();
            deferred.forEach(Runnable::run);
        }
    }

    /** Defers an action until the outermost write releases the lock. Call under the write lock. */
    void afterUnlock(Runnable action) {
        afterUnlock.add(action);
    }

    FieldOwnership ownership() {
        return ownership;
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    String timestamp() {
        return now().toString();
    }

    /** The bucket of a served type. @throws FakeKubeException 404 when the type is not served (any more). */
    Bucket bucket(ResourceType type) {
        Bucket b = buckets.get(ObjectRules.storage(type));
        if (b == null) {
            throw FakeKubeException.noSuchResource();
        }
        return b;
    }

    /** All buckets (under the lock). */
    Iterable<Bucket> buckets() {
        return new ArrayList<>(buckets.values());
    }

    Bucket addBucket(ResourceType type) {
        return buckets.computeIfAbsent(ObjectRules.storage(type), k -> new Bucket(type));
    }

    void removeBucket(ResourceType type) {
        Bucket b = buckets.remove(ObjectRules.storage(type));
        if (b != null) {
            b.objects.values().forEach(rendered::forget);
            b.watchers.forEach(WatchQueue::close);
        }
    }

    long nextVersion() {
        return ++version;
    }

    /** Stores {@code object} (already carrying its new resourceVersion) and tells watchers and observers. */
    void commitPut(ResourceType type, String key, Map<String, Object> previous, Map<String, Object> object) {
        Bucket bucket = bucket(type);
        long rv = Long.parseLong(Trees.metaString(object, "resourceVersion"));
        rendered.forget(bucket.objects.put(key, object));
        Ref ref = new Ref(ObjectRules.storage(type), key);
        if (previous != null) {
            unindex(ref, previous);
        }
        index(ref, object);
        WatchEvent.Type kind = previous == null ? WatchEvent.Type.ADDED : WatchEvent.Type.MODIFIED;
        publish(bucket, new Change(rv, ObjectRules.storage(type), key, kind, previous, object));
        refreshQuotas(object);
    }

    /** Removes the object at {@code key}; {@code last} is its final state with the deletion's resourceVersion. */
    void commitRemove(ResourceType type, String key, Map<String, Object> last) {
        Bucket bucket = bucket(type);
        long rv = Long.parseLong(Trees.metaString(last, "resourceVersion"));
        Map<String, Object> previous = bucket.objects.remove(key);
        rendered.forget(previous);
        if (previous != null) {
            unindex(new Ref(ObjectRules.storage(type), key), previous);
        }
        publish(bucket, new Change(rv, ObjectRules.storage(type), key, WatchEvent.Type.DELETED, previous, last));
        refreshQuotas(last);
    }

    /**
     * After a committed change in a namespace, the status of its ResourceQuotas follows, as their controller
     * would make it (the quotas' own status writes do not start another round).
     */
    private void refreshQuotas(Map<String, Object> changed) {
        String ns = Trees.metaString(changed, "namespace");
        if (refreshingQuotas || ns.isEmpty()) {
            return;
        }
        refreshingQuotas = true;
        try {
            QuotaAdmission.refresh(this, ns);
        } finally {
            refreshingQuotas = false;
        }
    }

    private void index(Ref ref, Map<String, Object> object) {
        byUid.put(Trees.metaString(object, "uid"), ref);
        for (String owner : ownerUids(object)) {
            dependents.computeIfAbsent(owner, k -> new java.util.LinkedHashSet<>()).add(ref);
        }
    }

    private void unindex(Ref ref, Map<String, Object> object) {
        byUid.remove(Trees.metaString(object, "uid"), ref);
        for (String owner : ownerUids(object)) {
            java.util.Set<Ref> refs = dependents.get(owner);
            if (refs != null) {
                refs.remove(ref);
                if (refs.isEmpty()) {
                    dependents.remove(owner);
                }
            }
        }
    }

    static List<String> ownerUids(Map<String, Object> object) {
        List<Object> refs = Trees.list(Trees.map(object, "metadata"), "ownerReferences");
        List<String> out = new ArrayList<>();
        if (refs != null) {
            for (Object r : refs) {
                if (r instanceof Map<?, ?> m && m.get("uid") != null) {
                    out.add(String.valueOf(m.get("uid")));
                }
            }
        }
        return out;
    }

    /** Whether an object with this uid is stored (under the lock). */
    boolean exists(String uid) {
        return byUid.containsKey(uid);
    }

    /** Where the objects owned by {@code uid} are stored (a copy; under the lock). */
    List<Ref> dependentsOf(String uid) {
        java.util.Set<Ref> refs = dependents.get(uid);
        return refs == null ? List.of() : new ArrayList<>(refs);
    }

    /** The bucket of a storage key, or null. */
    Bucket bucket(String storage) {
        return buckets.get(storage);
    }

    Deletes deletes() {
        return deletes;
    }

    private void publish(Bucket bucket, Change change) {
        history.add(change);
        for (WatchQueue w : bucket.watchers) {
            w.offer(change);
        }
        if (!observers.isEmpty()) {
            WatchEvent event = new WatchEvent(change.type(), change.current());
            ResourceType type = bucket.type;
            afterUnlock(() -> {
                for (WriteObserver o : observers) {
                    o.written(type, new WatchEvent(event.type(), Trees.copy(event.object())));
                }
            });
        }
    }

    /**
     * A stored object as the given type (version) shows it to a reader, its JSON memoised while it stays stored;
     * under the lock. Objects not (or no longer) stored are shown as by {@link #present}.
     */
    Map<String, Object> shown(ResourceType type, Map<String, Object> object) {
        Bucket bucket = buckets.get(ObjectRules.storage(type));
        Map<String, Object> meta = Trees.map(object, "metadata");
        boolean stored = bucket != null && meta != null && bucket.objects.get(
                key(String.valueOf(meta.getOrDefault("namespace", "")), String.valueOf(meta.get("name")))) == object;
        return stored ? new PresentedObject(object, type.apiVersion(), rendered) : present(type, object);
    }

    /** A copy of a stored object as the given type (version) shows it. */
    static Map<String, Object> present(ResourceType type, Map<String, Object> object) {
        Map<String, Object> copy = Trees.copy(object);
        if (copy.containsKey("apiVersion")) {
            copy.put("apiVersion", type.apiVersion());
        }
        return copy;
    }

    static String key(String namespace, String name) {
        return namespace + '\0' + name;
    }

    /**
     * The namespace a call addresses: "" for cluster-scoped types.
     *
     * @param required for calls on one object of a namespaced type
     */
    static String namespaceFor(ResourceType type, String namespace, boolean required) {
        String ns = namespace == null ? "" : namespace;
        if (!type.namespaced()) {
            if (!ns.isEmpty()) {
                throw FakeKubeException.noSuchResource();
            }
            return "";
        }
        if (required && ns.isEmpty()) {
            throw FakeKubeException.noSuchResource();
        }
        return ns;
    }

    static void checkSubresource(ResourceType type, String subresource) {
        if (!subresource.isEmpty() && !type.subresources().contains(subresource)) {
            throw FakeKubeException.noSuchResource();
        }
    }

    static long parseVersion(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw FakeKubeException.badRequest("invalid resource version: " + text);
        }
    }

    /** The stored CRD objects (under the lock). */
    List<Map<String, Object>> crds() {
        Bucket b = buckets.get("apiextensions.k8s.io/customresourcedefinitions");
        return b == null ? List.of() : new ArrayList<>(b.objects.values());
    }
}
