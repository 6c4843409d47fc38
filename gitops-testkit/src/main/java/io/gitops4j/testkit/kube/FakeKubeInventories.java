package io.gitops4j.testkit.kube;

import io.gitops4j.api.target.Inventory;
import io.gitops4j.api.target.InventoryStore;
import io.gitops4j.api.target.InventoryUnreadableException;
import io.gitops4j.api.target.StoredInventory;
import io.gitops4j.core.target.ApiStatus;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The inventories of a {@link FakeKubeTarget}, kept in memory beside the fake (not as cluster objects, so they never
 * show up in the fake's lists, watches or resourceVersion), each with a version that every write must name: a write
 * at another version fails with the 409 a real API server sends for a stale resourceVersion (STALE), and stores
 * nothing. {@link #damage} makes one unreadable, as a truncated or corrupt stored inventory would be (PR-10).
 * Thread-safe.
 */
final class FakeKubeInventories implements InventoryStore {
    private final Map<String, StoredInventory> stored = new HashMap<>();
    private final Set<String> damaged = new HashSet<>();
    private long version;

    @Override
    public synchronized Optional<StoredInventory> read(String application) {
        StoredInventory s = stored.get(application);
        if (s != null && damaged.contains(application)) {
            throw new InventoryUnreadableException(application, s.version(), "its entries cannot be parsed");
        }
        return Optional.ofNullable(s);
    }

    @Override
    public synchronized StoredInventory write(Inventory inventory, String expectedVersion) {
        StoredInventory current = stored.get(inventory.application());
        if (!(current == null ? "" : current.version()).equals(expectedVersion)) {
            throw new ApiStatus(409, "Conflict", "Operation cannot be fulfilled on inventories \""
                    + inventory.application() + "\": the object has been modified; please apply your changes to the "
                    + "latest version and try again", true, List.of())
                    .exception(null, "writing the inventory of " + inventory.application());
        }
        if (current != null && current.inventory().equals(inventory) && !damaged.contains(inventory.application())) {
            return current;
        }
        StoredInventory next = new StoredInventory(inventory, Long.toString(++version));
        stored.put(inventory.application(), next);
        damaged.remove(inventory.application());
        return next;
    }

    synchronized void damage(String application) {
        if (!stored.containsKey(application)) {
            throw new IllegalStateException("no inventory of " + application + " is stored");
        }
        damaged.add(application);
    }
}
