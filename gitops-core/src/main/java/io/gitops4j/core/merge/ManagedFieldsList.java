package io.gitops4j.core.merge;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/** The mutable working copy of an object's managedFields during one operation. */
final class ManagedFieldsList {

    /** The API server's order: operation, time, manager, apiVersion, subresource. */
    static final Comparator<ManagedFieldsEntry> ORDER = Comparator
            .comparing((ManagedFieldsEntry e) -> e.operation().wireName())
            .thenComparing(e -> epochSeconds(e.time()))
            .thenComparing(ManagedFieldsEntry::manager)
            .thenComparing(ManagedFieldsEntry::apiVersion)
            .thenComparing(ManagedFieldsEntry::subresource);

    private final List<ManagedFieldsEntry> entries;

    ManagedFieldsList(List<ManagedFieldsEntry> entries) {
        this.entries = new ArrayList<>(entries);
    }

    /** The entries of {@code object}'s {@code metadata.managedFields}. */
    static ManagedFieldsList of(Map<String, Object> object) {
        Map<String, Object> meta = object == null ? null : Values.asMap(object.get("metadata"));
        return new ManagedFieldsList(ManagedFieldsEntry.readAll(meta == null ? null : meta.get("managedFields")));
    }

    List<ManagedFieldsEntry> entries() {
        return entries;
    }

    ManagedFieldsEntry find(ManagedFieldsEntry identity) {
        for (ManagedFieldsEntry e : entries) {
            if (e.sameIdentity(identity)) {
                return e;
            }
        }
        return null;
    }

    void put(ManagedFieldsEntry entry) {
        entries.removeIf(e -> e.sameIdentity(entry));
        entries.add(entry);
    }

    void dropEmpty() {
        entries.removeIf(e -> e.fields().isEmpty());
    }

    List<ManagedFieldsEntry> sorted() {
        List<ManagedFieldsEntry> out = new ArrayList<>(entries);
        out.sort(ORDER);
        return out;
    }

    /** True when both lists hold the same entries, in any order. */
    static boolean sameEntries(List<ManagedFieldsEntry> a, List<ManagedFieldsEntry> b) {
        return a.size() == b.size() && new HashSet<>(a).equals(new HashSet<>(b));
    }

    /** Writes the entries into {@code object}'s metadata (removing the field when there are none). */
    static void write(Map<String, Object> object, List<ManagedFieldsEntry> sorted) {
        Map<String, Object> meta = Values.asMap(object.get("metadata"));
        if (sorted.isEmpty()) {
            if (meta != null) {
                meta.remove("managedFields");
            }
            return;
        }
        if (meta == null) {
            meta = new java.util.LinkedHashMap<>();
            object.put("metadata", meta);
        }
        List<Object> out = new ArrayList<>(sorted.size());
        sorted.forEach(e -> out.add(e.toMap()));
        meta.put("managedFields", out);
    }

    /**
     * {@code object} without {@code metadata.managedFields} for reading only: a new top-level map and metadata map,
     * every other subtree shared with {@code object} (an empty map for null). Never mutate below the top level.
     */
    static Map<String, Object> readOnlyWithoutManagedFields(Map<String, Object> object) {
        if (object == null) {
            return new java.util.LinkedHashMap<>();
        }
        Map<String, Object> view = new java.util.LinkedHashMap<>(object);
        Map<String, Object> meta = Values.asMap(view.get("metadata"));
        if (meta != null && meta.containsKey("managedFields")) {
            Map<String, Object> m = new java.util.LinkedHashMap<>(meta);
            m.remove("managedFields");
            view.put("metadata", m);
        }
        return view;
    }

    /** Removes {@code metadata.managedFields} from {@code object} itself (a tree the caller owns). */
    static Map<String, Object> stripManagedFields(Map<String, Object> object) {
        Map<String, Object> meta = Values.asMap(object.get("metadata"));
        if (meta != null) {
            meta.remove("managedFields");
        }
        return object;
    }

    static String format(Instant now) {
        return DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
    }

    private static long epochSeconds(String time) {
        if (time.isEmpty()) {
            return 0;
        }
        try {
            return Instant.parse(time).getEpochSecond();
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
