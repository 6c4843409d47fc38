package io.gitops4j.core.target;

import io.gitops4j.api.target.Inventory;
import io.gitops4j.api.target.InventoryStore;
import io.gitops4j.api.target.InventoryUnreadableException;
import io.gitops4j.api.target.StoredInventory;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Inventories kept in memory, for targets that keep them beside the cluster (the in-memory target, the testkit's
 * fakes). Each has a version (a counter) that every write must name, as an API server checks a resourceVersion: a
 * write at another version fails with the 409 a server sends (STALE through {@link ApiStatus}) and stores nothing. A
 * write equal to what is stored keeps its version and is no write. {@link #damage} makes one unreadable, as a
 * truncated or corrupt stored inventory would be (PR-10), until a write replaces it. Thread-safe.
 */
public final class MemoryInventoryStore implements InventoryStore {
    private final Map<String, StoredInventory> stored = new HashMap<>();
    private final Set<String> damaged = new HashSet<>();
    private final Runnable onWrite;
    private long version;

    /** @param onWrite told after each write that stored something (e.g. to count writes) */
    public MemoryInventoryStore(Runnable onWrite) {
        this.onWrite = java.util.Objects.requireNonNull(onWrite, "onWrite");
    }

    @Override
    public synchronized Optional<StoredInventory> read(String application) {
        StoredInventory s = stored.get(application);
        if (s != null && damaged.contains(application)) {
            throw new InventoryUnreadableException(application, s.version(), "its entries cannot be parsed");
        }
        return Optional.ofNullable(s);
    }

    @Override
    public StoredInventory write(Inventory inventory, String expectedVersion) {
        StoredInventory next;
        synchronized (this) {
            StoredInventory current = stored.get(inventory.application());
            if (!(current == null ? "" : current.version()).equals(expectedVersion)) {
                throw new ApiStatus(409, "Conflict", "Operation cannot be fulfilled on inventories \""
                        + inventory.application() + "\": the object has been modified; please apply your changes to "
                        + "the latest version and try again", true, List.of())
                        .exception(null, "writing the inventory of " + inventory.application());
            }
            if (current != null && current.inventory().equals(inventory)
                    && !damaged.contains(inventory.application())) {
                return current;
            }
            next = new StoredInventory(inventory, Long.toString(++version));
            stored.put(inventory.application(), next);
            damaged.remove(inventory.application());
        }
        onWrite.run();
        return next;
    }

    /**
     * Makes the stored inventory of {@code application} unreadable until a write replaces it.
     *
     * @throws IllegalStateException when none is stored
     */
    public synchronized void damage(String application) {
        if (!stored.containsKey(application)) {
            throw new IllegalStateException("no inventory of " + application + " is stored");
        }
        damaged.add(application);
    }
}
