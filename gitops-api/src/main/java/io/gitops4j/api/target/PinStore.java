package io.gitops4j.api.target;

import io.gitops4j.api.deploy.Pin;
import java.util.Optional;

/**
 * Where a target keeps each Application's pin ({@code Reconciler.pin}), so that a rollback outlives the process that
 * set it: a host that restarts, or another replica that takes the Application over, reads the pin back before its
 * first pass of the Application and keeps it held. It sits with the target because the pin, like the inventory
 * ({@link InventoryStore}), is durable state about what the engine does to one destination: the Kubernetes target
 * keeps it in the cluster beside the inventory, an in-memory target beside its objects.
 *
 * <p>Optimistic concurrency: every write and delete names the version it replaces, so two writers (two replicas, two
 * operators) can never silently overwrite each other; a stale one fails with {@code STALE} and changes nothing.
 *
 * <p>Thread-safe. Methods block on I/O. {@link #none()} keeps nothing, for targets that have no place for pins.
 */
public interface PinStore {
    /**
     * @return the stored pin of {@code application} and its version, or empty when none is stored
     * @throws PinUnreadableException when a pin is stored but cannot be read (corrupt, unknown format, a revision
     *     that is not one): the caller must not read that as "not pinned"; it carries the stored version so that an
     *     operator's unpin (or a new pin) can replace it
     * @throws TargetException other reasons when the store cannot be read (forbidden, unreachable; the message names
     *     the read, the HTTP status and its reason)
     */
    Optional<StoredPin> read(String application);

    /**
     * Stores {@code pin} as the pin of {@code application} in place of the one at {@code expectedVersion}.
     *
     * @param expectedVersion the version read, or {@code ""} when none was stored (the write then creates it)
     * @return the stored pin with its new version
     * @throws TargetException {@code STALE} when the stored version is not {@code expectedVersion} (nothing is
     *     written); other reasons when it cannot be stored (the stored one is then unchanged)
     */
    StoredPin write(String application, Pin pin, String expectedVersion);

    /**
     * Removes the pin of {@code application} stored at {@code expectedVersion}. Removing a pin that is no longer
     * stored is no error (someone else released it).
     *
     * @param expectedVersion the version read (also that of an unreadable pin, {@link PinUnreadableException#version()})
     * @throws TargetException {@code STALE} when another version is stored (nothing is removed); other reasons when it
     *     cannot be removed
     */
    void delete(String application, String expectedVersion);

    /**
     * @return a store that keeps nothing: reads find no pin, writes and deletes succeed and store nothing; a pin then
     *     lasts only as long as the reconciler that set it (the default of {@link Target#pins()})
     */
    static PinStore none() {
        return NoPins.INSTANCE;
    }
}
