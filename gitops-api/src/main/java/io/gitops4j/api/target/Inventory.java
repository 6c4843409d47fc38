package io.gitops4j.api.target;

import io.gitops4j.api.Checks;
import io.gitops4j.api.resource.ResourceKey;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The objects an Application owns, with the UID each had when it was applied. Prune deletes only inventory
 * entries, each with its UID as a precondition (PR-05). An entry with an empty UID is write-ahead intent: the
 * engine recorded it before the create and has not seen the UID yet.
 *
 * @param application the owning Application's name
 * @param entries key → UID ({@code ""} for intent), sorted by key
 */
public record Inventory(String application, Map<ResourceKey, String> entries) {
    /** Copies the entries into a sorted, unmodifiable map. */
    public Inventory {
        Checks.notBlank(application, "application");
        Checks.notNull(entries, "entries");
        TreeMap<ResourceKey, String> sorted = new TreeMap<>();
        entries.forEach((k, v) -> sorted.put(Checks.notNull(k, "key"), Checks.notNull(v, "uid")));
        entries = Collections.unmodifiableMap(sorted);
    }

    /** @return an empty inventory */
    public static Inventory empty(String application) {
        return new Inventory(application, Map.of());
    }

    /** @return a copy with one entry added or replaced */
    public Inventory with(ResourceKey key, String uid) {
        TreeMap<ResourceKey, String> copy = new TreeMap<>(entries);
        copy.put(key, uid);
        return new Inventory(application, copy);
    }

    /** @return a copy with these entries added (intent: empty UID) unless present */
    public Inventory withIntent(Collection<ResourceKey> keys) {
        TreeMap<ResourceKey, String> copy = new TreeMap<>(entries);
        keys.forEach(k -> copy.putIfAbsent(k, ""));
        return new Inventory(application, copy);
    }

    /** @return a copy without one entry */
    public Inventory without(ResourceKey key) {
        TreeMap<ResourceKey, String> copy = new TreeMap<>(entries);
        copy.remove(key);
        return new Inventory(application, copy);
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
