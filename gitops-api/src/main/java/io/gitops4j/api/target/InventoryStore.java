package io.gitops4j.api.target;

import java.util.Optional;

/**
 * Where a target keeps each Application's inventory (the objects it owns), with optimistic concurrency: a write
 * names the version it replaces, so two writers can never silently overwrite each other (DA-02).
 *
 * <p>Thread-safe. Methods block on I/O.
 */
public interface InventoryStore {
    /**
     * @return the stored inventory and its version, or empty when none was ever written
     * @throws InventoryUnreadableException when an inventory is stored but cannot be read (truncated, corrupt): the
     *     caller must not read that as "owns nothing" nor as "prune everything" (PR-10); it carries the stored
     *     version so that a rebuilt inventory can replace it
     * @throws TargetException other reasons when the store cannot be read (the message names the read, the HTTP
     *     status and its reason)
     */
    Optional<StoredInventory> read(String application);

    /**
     * Stores an inventory in place of the one at {@code expectedVersion}.
     *
     * @param expectedVersion the version read, or {@code ""} when none was stored (the write then creates it)
     * @return the stored inventory with its new version
     * @throws TargetException {@code STALE} when the stored version is not {@code expectedVersion} (nothing is
     *     written); other reasons when it cannot be stored (the stored one is then unchanged)
     */
    StoredInventory write(Inventory inventory, String expectedVersion);
}
