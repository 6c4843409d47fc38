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
import java.util.concurrent.atomic.AtomicLong;

/**
 * Inventories kept in memory with a version per Application (a counter), compared on every write as an API
 * server compares resourceVersions: a write at another version than the stored one fails with STALE and stores
 * nothing. A write equal to the stored inventory keeps its version and counts as no write. Thread-safe.
 */
final class InMemoryInventories implements InventoryStore {
    private final Map<String, StoredInventory> stored = new HashMap<>();
    private final Set<String> damaged = new HashSet<>();
    private final AtomicLong writes;
    private long version;

    InMemoryInventories(AtomicLong writes) {
        this.writes = writes;
    }

    @Override
    public synchronized Optional<StoredInventory> read(String application) {
        StoredInventory s = stored.get(application);
        if (s != null && damaged.contains(application)) {
            throw new InventoryUnreadableException(application, s.version(), "the stored entries cannot be parsed");
        }
        return Optional.ofNullable(s);
    }

    @Override
    public synchronized StoredInventory write(Inventory inventory, String expectedVersion) {
        StoredInventory current = stored.get(inventory.application());
        String currentVersion = current == null ? "" : current.version();
        if (!currentVersion.equals(expectedVersion)) {
            throw new ApiStatus(409, "Conflict", "the object has been modified; please apply your changes to the "
                    + "latest version and try again", true, List.of())
                    .exception(null, "writing the inventory of " + inventory.application());
        }
        if (current != null && current.inventory().equals(inventory) && !damaged.contains(inventory.application())) {
            return current;
        }
        StoredInventory next = new StoredInventory(inventory, Long.toString(++version));
        stored.put(inventory.application(), next);
        damaged.remove(inventory.application());
        writes.incrementAndGet();
        return next;
    }

    synchronized void damage(String application) {
        if (!stored.containsKey(application)) {
            throw new IllegalStateException("no inventory of " + application + " is stored");
        }
        damaged.add(application);
    }
}
