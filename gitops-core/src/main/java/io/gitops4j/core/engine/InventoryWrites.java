package io.gitops4j.core.engine;

import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.api.target.Inventory;
import io.gitops4j.api.target.InventoryStore;
import io.gitops4j.api.target.InventoryUnreadableException;
import io.gitops4j.api.target.KindInfo;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.StoredInventory;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.core.plan.Tracking;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes one Application's inventory through the target's {@link InventoryStore}, with optimistic
 * concurrency. A read that finds the stored inventory unreadable rebuilds it from the objects that carry the
 * Application's tracking label (hooks' objects apart), listed kind by kind through the view — never "owns nothing", never "prune
 * everything" (PR-10). A write applies a {@link Delta} to the inventory it last read; when the store says STALE
 * (someone else wrote meanwhile), it re-reads, applies the same delta to what is stored now, and writes again, at
 * most {@value #STALE_RETRIES} times (DA-02): entries written by the other writer are kept. Transient failures are
 * retried by {@link PassRetry}; {@code view} is expected to retry its own reads ({@link RetryingView}). Not
 * thread-safe: one per pass.
 */
final class InventoryWrites {
    private static final Logger LOG = LoggerFactory.getLogger(InventoryWrites.class);
    static final int STALE_RETRIES = 3;

    /**
     * An inventory as read, the store's version of it ({@code ""}: none stored), and whether it was rebuilt (so it
     * must be written even when nothing else changes).
     */
    record Loaded(Inventory inventory, String version, boolean rebuilt) {}

    /**
     * What a pass changes in the inventory: entries to add or update ({@code ""}: intent, which never replaces a
     * known UID) and entries to remove.
     */
    record Delta(Map<ObjectId, String> put, Set<ObjectId> remove) {
        Delta {
            put = Map.copyOf(put);
            remove = Set.copyOf(remove);
        }

        Inventory applyTo(Inventory base) {
            TreeMap<ObjectId, String> entries = new TreeMap<>(base.entries());
            put.forEach((id, uid) -> {
                if (uid.isEmpty()) {
                    entries.putIfAbsent(id, uid);
                } else {
                    entries.put(id, uid);
                }
            });
            entries.keySet().removeAll(remove);
            return new Inventory(base.application(), entries);
        }
    }

    private final String application;
    private final InventoryStore store;
    private final ClusterView view;
    private final PassRetry retry;

    InventoryWrites(String application, InventoryStore store, ClusterView view, PassRetry retry) {
        this.application = application;
        this.store = store;
        this.view = view;
        this.retry = retry;
    }

    /**
     * @return the stored inventory, an empty one when none was ever written, or one rebuilt from the tracking label
     *     when the stored one is unreadable
     * @throws PassFailedException (phase INVENTORY) when the store cannot be read; a failed read of the view
     *     while rebuilding is the target's {@link TargetException}
     */
    Loaded read() {
        try {
            Optional<StoredInventory> stored = retry.call(() -> store.read(application));
            return stored.map(s -> new Loaded(s.inventory(), s.version(), false))
                    .orElseGet(() -> new Loaded(Inventory.empty(application), "", false));
        } catch (InventoryUnreadableException e) {
            Inventory rebuilt = rebuild();
            LOG.warn("inventory of {} is unreadable; rebuilt from the label {} ({} objects)", application,
                    Tracking.APPLICATION_LABEL, rebuilt.size());
            return new Loaded(rebuilt, e.version(), true);
        } catch (TargetException e) {
            throw new PassFailedException(PassFailures.ofTarget(ReconcileFailure.Phase.INVENTORY, e), e);
        }
    }

    /**
     * Writes {@code delta} over {@code base} when that changes anything (or {@code base} was rebuilt).
     *
     * @return what is stored now
     * @throws PassFailedException (phase INVENTORY) when the write fails for another reason than STALE, or stays
     *     STALE after the retries
     */
    Loaded write(Loaded base, Delta delta) {
        Loaded current = base;
        for (int attempt = 0; ; attempt++) {
            Inventory next = delta.applyTo(current.inventory());
            if (next.equals(current.inventory()) && !current.rebuilt()) {
                return current;
            }
            Loaded from = current;
            try {
                StoredInventory stored = retry.call(() -> store.write(next, from.version()));
                return new Loaded(stored.inventory(), stored.version(), false);
            } catch (TargetException e) {
                if (e.reason() != TargetException.Reason.STALE || attempt == STALE_RETRIES) {
                    throw new PassFailedException(PassFailures.ofTarget(ReconcileFailure.Phase.INVENTORY, e), e);
                }
                current = read();
            }
        }
    }

    /** The objects that carry this Application's tracking label, in every kind that can be listed. */
    private Inventory rebuild() {
        TreeMap<ObjectId, String> entries = new TreeMap<>();
        Map<String, String> selector = Map.of(Tracking.APPLICATION_LABEL, application);
        Set<String> listed = new TreeSet<>();
        for (KindInfo kind : view.kinds()) {
            if (!kind.allows("list") || !listed.add(kind.kind().toString())) {
                continue;
            }
            for (LiveObject o : view.list(kind.kind(), "", selector)) {
                if (!HookRunner.isHookObject(o, application)) {   // a hook's object is never owned
                    entries.put(o.key().id(), o.uid());
                }
            }
        }
        return new Inventory(application, entries);
    }
}
