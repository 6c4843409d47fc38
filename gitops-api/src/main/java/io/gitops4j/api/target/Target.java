package io.gitops4j.api.target;

import io.gitops4j.api.health.Health;
import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ResourceKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A cluster (or a fake of one) the engine reads from and writes to.
 *
 * <p>Implementations are thread-safe. Methods block on I/O. Failures are {@link TargetException}s with a {@link
 * TargetException.Reason}; "not found" on a read is an empty result, not an exception.
 */
public interface Target extends AutoCloseable {
    /** @return the object with this identity (any served version), or empty */
    Optional<LiveObject> get(ResourceKey key);

    /**
     * Lists objects of one kind.
     *
     * @param kind the kind
     * @param namespace the namespace, {@code ""} for all namespaces (or a cluster-scoped kind)
     * @param labelSelector labels every object must carry (equality only); empty for all
     * @return the objects, sorted by namespace and name
     */
    List<LiveObject> list(GroupKind kind, String namespace, Map<String, String> labelSelector);

    /**
     * @return objects whose {@code metadata.ownerReferences} name this UID, across the given kinds
     */
    List<LiveObject> listOwnedBy(String ownerUid, List<GroupKind> kinds);

    /**
     * Server-side applies one object.
     *
     * @return the object as stored (or as it would be, on a dry run)
     * @throws TargetException {@code CONFLICT} listing managers and field paths, {@code INVALID}, {@code UNKNOWN_KIND}, …
     */
    LiveObject apply(Manifest desired, ApplyOptions options);

    /**
     * Deletes one object.
     *
     * @return true when it was deleted (or its deletion started: finalizers), false when it did not exist
     * @throws TargetException {@code STALE} when a UID or resourceVersion precondition fails
     */
    boolean delete(ResourceKey key, DeleteOptions options);

    /**
     * Subscribes to changes of the given kinds. Events for one object arrive in order. The listener must not block.
     *
     * @return a handle; closing it stops the events
     */
    AutoCloseable watch(List<GroupKind> kinds, Consumer<ChangeEvent> listener);

    /** @return the health of an object as this target's rules judge it ({@code MISSING} when absent) */
    Health health(ResourceKey key);

    /** @return the stored inventory of an Application, or empty when none was ever written */
    Optional<Inventory> readInventory(String application);

    /**
     * Stores an Application's inventory, replacing the previous one.
     *
     * @throws TargetException when it cannot be stored; the previous inventory is then unchanged
     */
    void writeInventory(Inventory inventory);

    /** Stops watches and releases connections. Idempotent. */
    @Override
    default void close() {}
}
