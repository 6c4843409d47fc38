package io.gitops4j.k8s.internal;

import io.gitops4j.api.target.ChangeEvent;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.StoredInventory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The inventories a store last read or wrote, kept only while a watch of the inventory ConfigMaps shows that nobody
 * changed them since: every event about an Application's inventory ConfigMaps (header or chunk) newer than the
 * remembered version forgets it, and so does a re-list after the watch expired. An inventory is remembered only once
 * the watch's first list is in, and only when no newer change of it was seen; resourceVersions that are not numbers
 * are never remembered. So a read served from here returns what a GET would, and a write still carries the version
 * to the server, which refuses a stale one.
 *
 * <p>Thread-safe.
 */
final class InventoryCache implements KindWatch.Sink {
    private final Map<String, StoredInventory> entries = new HashMap<>();
    private final Map<String, Long> lastChange = new HashMap<>();
    private boolean live;

    synchronized Optional<StoredInventory> get(String application) {
        return Optional.ofNullable(entries.get(application));
    }

    /** Remembers {@code stored} unless the watch is not live or saw a newer change of it. */
    synchronized void put(StoredInventory stored) {
        String app = stored.inventory().application();
        long version = number(stored.version());
        Long seen = lastChange.get(app);
        if (!live || version < 0 || (seen != null && seen > version)) {
            entries.remove(app);
            return;
        }
        entries.put(app, stored);
    }

    synchronized void forget(String application) {
        entries.remove(application);
    }

    @Override
    public void served(ServedKind kind) {
        // ConfigMaps are always served
    }

    @Override
    public synchronized void listed(List<LiveObject> items) {
        items.forEach(this::note);
        live = true;
    }

    @Override
    public synchronized void observed(ChangeEvent.Type type, LiveObject object) {
        note(object);
    }

    @Override
    public synchronized void relisted(List<LiveObject> items) {
        entries.clear();
        items.forEach(this::note);
    }

    @Override
    public synchronized void stopped() {
        live = false;
        entries.clear();
    }

    private void note(LiveObject object) {
        String app = object.manifest().labels().get(ConfigMapInventoryStore.LABEL);
        if (app == null) {
            return;
        }
        long rv = number(object.resourceVersion());
        lastChange.merge(app, rv < 0 ? Long.MAX_VALUE : rv, Math::max);
        StoredInventory known = entries.get(app);
        if (known != null && (rv < 0 || rv > number(known.version()))) {
            entries.remove(app);
        }
    }

    private static long number(String version) {
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
