package io.gitops4j.api.target;

import io.gitops4j.api.Checks;
import io.gitops4j.api.resource.ObjectId;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The objects an Application owns, by identity, with the UID each had when it was applied. Prune deletes only
 * inventory entries, each with its UID as a precondition (PR-05). An entry with an empty UID is write-ahead intent:
 * the engine recorded it before the create and has not seen the UID yet. Keyed by {@link ObjectId}, so one object
 * is one entry whatever API version it was applied in.
 *
 * @param application the owning Application's name
 * @param entries identity → UID ({@code ""} for intent), sorted by identity
 */
public record Inventory(String application, Map<ObjectId, String> entries) {
    /** Copies the entries into a sorted, unmodifiable map. */
    public Inventory {
        Checks.notBlank(application, "application");
        Checks.notNull(entries, "entries");
        TreeMap<ObjectId, String> sorted = new TreeMap<>();
        entries.forEach((k, v) -> sorted.put(Checks.notNull(k, "id"), Checks.notNull(v, "uid")));
        entries = Collections.unmodifiableMap(sorted);
    }

    /** @return an empty inventory */
    public static Inventory empty(String application) {
        return new Inventory(application, Map.of());
    }

    /** @return a copy with one entry added or replaced */
    public Inventory with(ObjectId id, String uid) {
        TreeMap<ObjectId, String> copy = new TreeMap<>(entries);
        copy.put(id, uid);
        return new Inventory(application, copy);
    }

    /** @return a copy with these entries added (intent: empty UID) unless present */
    public Inventory withIntent(Collection<ObjectId> ids) {
        TreeMap<ObjectId, String> copy = new TreeMap<>(entries);
        ids.forEach(k -> copy.putIfAbsent(k, ""));
        return new Inventory(application, copy);
    }

    /** @return a copy without one entry */
    public Inventory without(ObjectId id) {
        TreeMap<ObjectId, String> copy = new TreeMap<>(entries);
        copy.remove(id);
        return new Inventory(application, copy);
    }

    /** @return true when the inventory has an entry for {@code id} */
    public boolean contains(ObjectId id) {
        return entries.containsKey(id);
    }

    /** @return the number of entries */
    public int size() {
        return entries.size();
    }

    /** @return true when the inventory owns nothing */
    public boolean isEmpty() {
        return entries.isEmpty();
    }
}
