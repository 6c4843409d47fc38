package io.gitops4j.api.target;

import io.gitops4j.api.resource.Manifest;
import java.util.List;

/**
 * A cluster (or a fake of one) the engine reads from and writes to: a read side ({@link #view()}), batch writes
 * per stage ({@link #applyAll}, {@link #createAll}, {@link #deleteAll}) that report a typed result per object
 * instead of throwing per object, a store for inventories ({@link #inventories()}) and one for pins ({@link #pins()}).
 * Health is not the target's business: the engine judges it from the objects the view returns.
 *
 * <p>Implementations are thread-safe. Methods block on I/O. Failures that concern one object are results;
 * failures of the whole call (the cluster unreachable once the retry budget is spent) are {@link
 * TargetException}s whose message names what was being done, the HTTP status and its reason.
 */
public interface Target extends AutoCloseable {
    /** @return the read side: objects (cached where the target has a cache), kinds, server version, change feed */
    ClusterView view();

    /**
     * Server-side applies objects, in parallel where the target can, never forcing ownership unless {@code
     * options} says so. Each object's result is independent: a conflict, a refusal or a failed precondition fails
     * that object only. A target may retry transient failures, spending the context's budget.
     *
     * @return one result per request, in request order: CREATED, CONFIGURED, UNCHANGED or FAILED
     * @throws TargetException when the cluster cannot be reached at all (after the context's retry budget)
     */
    List<ObjectResult> applyAll(List<ApplyRequest> requests, ApplyOptions options, WriteContext context);

    /**
     * Creates objects (a {@code POST} each, never an apply): the objects the engine must create rather than apply —
     * hooks, and objects with {@code metadata.generateName} and no name, which the server names. One at a time or in
     * parallel; each object's result is independent. A create whose answer may have been lost (a timeout, a reset, a
     * 5xx) of an object the server names is not sent again, since a second one would create a second object: it is
     * FAILED with reason {@code UNAVAILABLE} saying so. {@code options} gives the field manager and dry run ({@code
     * force} does not apply).
     *
     * @return one result per object, in order: CREATED with the object as stored (its key the name the server gave),
     *     or FAILED — an object that already exists with reason {@code STALE}
     * @throws TargetException when the cluster cannot be reached at all (after the context's retry budget)
     */
    List<ObjectResult> createAll(List<Manifest> objects, ApplyOptions options, WriteContext context);

    /**
     * Deletes objects with their preconditions. An object already gone is {@link ObjectOutcome#SKIPPED}; one
     * whose precondition fails is FAILED with reason {@code STALE}; a kind no longer served is SKIPPED.
     *
     * @return one result per request, in request order
     * @throws TargetException when the cluster cannot be reached at all (after the context's retry budget)
     */
    List<ObjectResult> deleteAll(List<DeleteRequest> requests, DeleteOptions options, WriteContext context);

    /** @return where this target keeps inventories */
    InventoryStore inventories();

    /**
     * Where this target keeps the pins of the Applications it reconciles ({@code Reconciler.pin}), so a rollback
     * outlives the reconciler that set it. The default keeps none ({@link PinStore#none()}): a pin then lasts as long
     * as its reconciler. The built-in targets keep them: the Kubernetes target in the cluster, the in-memory ones in
     * memory beside their objects.
     *
     * @return where this target keeps pins
     */
    default PinStore pins() {
        return PinStore.none();
    }

    /** Stops watches and releases connections. Idempotent. */
    @Override
    default void close() {}
}
