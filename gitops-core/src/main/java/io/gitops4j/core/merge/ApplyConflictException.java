package io.gitops4j.core.merge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An apply without force would change fields other managers own. Maps to HTTP 409, reason {@code Conflict},
 * with one cause of type {@code FieldManagerConflict} per {@link #conflicts() conflict}.
 *
 * <p>The message has the API server's shape: {@code Apply failed with 1 conflict: conflict with "mgr" using v1:
 * .data.b}, or for several {@code Apply failed with 2 conflicts: conflicts with "mgr":} followed by one
 * {@code - .path} line per field, grouped by manager (sorted).
 */
public class ApplyConflictException extends MergeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Conflict> conflicts;

    public ApplyConflictException(List<Conflict> conflicts) {
        super(message(conflicts));
        this.conflicts = List.copyOf(conflicts);
    }

    /** The conflicts, by manager then field. */
    public List<Conflict> conflicts() {
        return conflicts;
    }

    static String message(List<Conflict> conflicts) {
        if (conflicts.isEmpty()) {
            throw new IllegalArgumentException("no conflicts");
        }
        if (conflicts.size() == 1) {
            Conflict c = conflicts.get(0);
            return "Apply failed with 1 conflict: conflict with " + c.manager().describe() + ": " + c.path();
        }
        Map<String, List<FieldPath>> byManager = new TreeMap<>();
        Map<String, String> described = new LinkedHashMap<>();
        for (Conflict c : conflicts) {
            String key = managerKey(c.manager());
            byManager.computeIfAbsent(key, k -> new ArrayList<>()).add(c.path());
            described.put(key, c.manager().describe());
        }
        List<String> lines = new ArrayList<>();
        byManager.forEach((key, paths) -> {
            lines.add("conflicts with " + described.get(key) + ":");
            paths.forEach(p -> lines.add("- " + p));
        });
        return "Apply failed with " + conflicts.size() + " conflicts: " + String.join("\n", lines);
    }

    /** Sorts like the API server, which sorts the JSON-encoded manager identifiers. */
    private static String managerKey(ManagedFieldsEntry e) {
        StringBuilder b = new StringBuilder("{\"manager\":").append(JsonText.write(e.manager()))
                .append(",\"operation\":").append(JsonText.write(e.operation().wireName()));
        if (e.operation() == ManagedFieldsEntry.Operation.UPDATE) {
            b.append(",\"apiVersion\":").append(JsonText.write(e.apiVersion()));
        }
        if (!e.subresource().isEmpty()) {
            b.append(",\"subresource\":").append(JsonText.write(e.subresource()));
        }
        return b.append('}').toString();
    }
}
