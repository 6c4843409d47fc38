package io.gitops4j.api.target;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.resource.ResourceKey;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The read side of a {@link Target}: live objects, what the cluster serves, and a change feed. The planner and
 * the health checks read through this and nothing else.
 *
 * <p><b>Cache.</b> Objects of the kinds someone {@linkplain #watch watches} may be answered from a cache kept
 * current by the change feed, so reading them costs no request; other reads go to the cluster. Either way a read
 * sees every write made through the same target that returned before the read started (read-your-writes): a
 * target with a cache puts the objects its writes return into the cache.
 *
 * <p>Thread-safe. Methods block on I/O. "Not found" is an empty result, never an exception; failures are
 * {@link TargetException}s.
 */
public interface ClusterView {
    /**
     * @return the object with this identity, read in {@code key.version()}; empty when it does not exist
     * @throws TargetException {@code UNKNOWN_KIND} when the kind is not served in that version
     */
    Optional<LiveObject> get(ResourceKey key);

    /**
     * Reads several objects, each as {@link #get(ResourceKey)} reads it: the answer for a key is what {@code get}
     * would answer for it at some moment during this call. A target may read the keys of one kind and namespace that
     * its cache does not hold with one list of that collection instead of one read each; this default reads them one
     * by one.
     *
     * @param keys the identities, each read in its own version (duplicates are read once)
     * @return the objects that exist, by the key they were asked for, in the order of {@code keys}; a key without an
     *     entry does not exist
     * @throws TargetException {@code UNKNOWN_KIND} when a key's kind is not served in its version, as {@code get}
     */
    default Map<ResourceKey, LiveObject> getAll(Collection<ResourceKey> keys) {
        Map<ResourceKey, LiveObject> found = new LinkedHashMap<>();
        for (ResourceKey key : new LinkedHashSet<>(keys)) {
            get(key).ifPresent(o -> found.put(key, o));
        }
        return found;
    }

    /** @return the object with this identity, read in the kind's preferred version; empty when absent or not served */
    Optional<LiveObject> get(ObjectId id);

    /**
     * Lists objects of one kind, in its preferred version.
     *
     * @param namespace the namespace, {@code ""} for all namespaces (and for a cluster-scoped kind)
     * @param labelSelector labels every object must carry (equality only); empty for all
     * @return the objects, sorted by namespace and name; empty when the kind is not served
     */
    List<LiveObject> list(GroupKind kind, String namespace, Map<String, String> labelSelector);

    /**
     * What the cluster serves for a kind. A kind not known yet is looked up again once (a CRD applied moments ago
     * becomes known as soon as the server serves it) before the answer is empty (DA-08).
     *
     * @return the kind's information, or empty when the cluster does not serve it
     */
    Optional<KindInfo> kind(GroupKind kind);

    /** @return every kind the cluster serves, sorted by group and kind */
    List<KindInfo> kinds();

    /** @return the cluster's Kubernetes version, when the target knows one */
    Optional<ServerVersion> serverVersion();

    /**
     * A stamp of this view's cache of one kind, so a caller that read objects of the kind can tell without reading
     * them again that they did not change. When two calls answer the same stamp, then between them the view's cache of
     * the kind was neither changed (no object stored, replaced or removed, no re-list) nor replaced, and every object
     * of the kind that {@link #get(ObjectId)}, {@link #get(ResourceKey)} or {@link #getAll} answered was answered from
     * that cache; so each of them is answered the same at the second call. A cache is only as current as its change
     * feed: a change the feed has not delivered yet is not seen, here as in {@code get}. Different stamps say nothing
     * (the caller reads the objects). Never blocks.
     *
     * @return the stamp; empty when the view cannot tell (no cache of the kind, its first list not in, a change being
     *     made) — what this default always answers
     */
    default OptionalLong cacheStamp(GroupKind kind) {
        return OptionalLong.empty();
    }

    /**
     * Subscribes to changes of the given kinds, in every namespace. Events of one object arrive in order; a
     * {@link ChangeEvent.Type#RESYNCED} event follows a re-read of a kind after which events may have been lost. The
     * listener runs on the target's thread and must not block.
     *
     * @return a handle; closing it stops the events (idempotent)
     */
    AutoCloseable watch(Set<GroupKind> kinds, Consumer<ChangeEvent> listener);
}
