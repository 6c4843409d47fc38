package io.gitops4j.api.target;

import io.gitops4j.api.Checks;

/**
 * An inventory as stored, with the version it was stored at (for optimistic concurrency).
 *
 * @param inventory the inventory
 * @param version the store's version of it (a resourceVersion, a counter); opaque, compared for equality only
 */
public record StoredInventory(Inventory inventory, String version) {
    /** Validates that no argument is null. */
    public StoredInventory {
        Checks.notNull(inventory, "inventory");
        Checks.notBlank(version, "version");
    }
}
