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
 * A cluster (or a fake of one) the engine reads from and writes to: a read side ({@link #view()}), batch writes
 * per stage ({@link #applyAll}, {@link #deleteAll}) that report a typed result per object instead of throwing per
 * object, and a store for inventories ({@link #inventories()}). Health is not the target's business: the engine
 * judges it from the objects the view returns.
 *
 * <p>Implementations are thread-safe. Methods block on I/O. Failures that concern one object are results;
 * failures of the whole call (the cluster unreachable once the retry budget is spent) are {@link
 * TargetException}s.
 *
 * <p><b>Migration.</b> The single-object methods below the batch ones are the previous shape of this SPI and are
 * being removed; the batch methods default to them so existing implementations keep working meanwhile. New
 * implementations implement {@link #view()}, {@link #applyAll}, {@link #deleteAll} and {@link #inventories()}.
 */
public interface Target extends AutoCloseable {
    /** @return the read side: objects (cached where the target has a cache), kinds, server version, change feed */
    default ClusterView view() {
        return new TargetBridge.View(this);
    }

    /**
     * Server-side applies objects, in parallel where the target can, never forcing ownership unless {@code
     * options} says so. Each object's result is independent: a conflict, a refusal or a failed precondition fails
     * that object only.
     *
     * @return one result per request, in request order
     * @throws TargetException when the cluster cannot be reached at all (after the context's retry budget)
     */
    default List<ObjectResult> applyAll(List<ApplyRequest> requests, ApplyOptions options, WriteContext context) {
        return TargetBridge.applyAll(this, requests, options);
    }

    /**
     * Deletes objects with their preconditions. An object already gone is {@link ObjectOutcome#SKIPPED}; one
     * whose precondition fails is FAILED with reason {@code STALE}.
     *
     * @return one result per request, in request order
     * @throws TargetException when the cluster cannot be reached at all (after the context's retry budget)
     */
    default List<ObjectResult> deleteAll(List<DeleteRequest> requests, DeleteOptions options, WriteContext context) {
        return TargetBridge.deleteAll(this, requests, options);
    }

    /** @return where this target keeps inventories */
    default InventoryStore inventories() {
        return new TargetBridge.Inventories(this);
    }

    /** @deprecated use {@code view().get(key)} */
    @Deprecated(forRemoval = true)
    default Optional<LiveObject> get(ResourceKey key) {
        throw TargetBridge.moved("get", "view().get");
    }

    /** @deprecated use {@code view().list(..)} */
    @Deprecated(forRemoval = true)
    default List<LiveObject> list(GroupKind kind, String namespace, Map<String, String> labelSelector) {
        throw TargetBridge.moved("list", "view().list");
    }

    /** @deprecated list through the view and filter by owner reference */
    @Deprecated(forRemoval = true)
    default List<LiveObject> listOwnedBy(String ownerUid, List<GroupKind> kinds) {
        throw TargetBridge.moved("listOwnedBy", "view().list");
    }

    /** @deprecated use {@link #applyAll} */
    @Deprecated(forRemoval = true)
    default LiveObject apply(Manifest desired, ApplyOptions options) {
        throw TargetBridge.moved("apply", "applyAll");
    }

    /** @deprecated use {@link #deleteAll} */
    @Deprecated(forRemoval = true)
    default boolean delete(ResourceKey key, DeleteOptions options) {
        throw TargetBridge.moved("delete", "deleteAll");
    }

    /** @deprecated use {@code view().watch(..)} */
    @Deprecated(forRemoval = true)
    default AutoCloseable watch(List<GroupKind> kinds, Consumer<ChangeEvent> listener) {
        throw TargetBridge.moved("watch", "view().watch");
    }

    /** @deprecated health is judged by the engine from the object */
    @Deprecated(forRemoval = true)
    default Health health(ResourceKey key) {
        throw TargetBridge.moved("health", "the engine's health rules");
    }

    /** @deprecated use {@code inventories().read(..)} */
    @Deprecated(forRemoval = true)
    default Optional<Inventory> readInventory(String application) {
        throw TargetBridge.moved("readInventory", "inventories().read");
    }

    /** @deprecated use {@code inventories().write(..)} */
    @Deprecated(forRemoval = true)
    default void writeInventory(Inventory inventory) {
        throw TargetBridge.moved("writeInventory", "inventories().write");
    }

    /** Stops watches and releases connections. Idempotent. */
    @Override
    default void close() {}
}
