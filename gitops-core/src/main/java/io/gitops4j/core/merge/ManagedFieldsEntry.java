package io.gitops4j.core.merge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of {@code metadata.managedFields}: the fields a manager owns through one kind of operation.
 *
 * <p>Entries are identified by manager, operation and subresource, plus the API version for {@code Update}
 * entries (an applier keeps one entry whatever version it applies with).
 *
 * @param manager     the field manager name (may be "" only in entries read from an object)
 * @param operation   {@code Apply} or {@code Update}
 * @param apiVersion  the API version the fields are expressed in, e.g. {@code apps/v1}
 * @param time        RFC 3339 time of the last change made by this manager, "" when unknown
 * @param subresource "" for the main resource, else e.g. {@code status}
 * @param fields      the owned fields
 */
public record ManagedFieldsEntry(String manager, Operation operation, String apiVersion, String time,
                                 String subresource, FieldSet fields) {

    /** The two kinds of operations recorded in managedFields. */
    public enum Operation {
        APPLY("Apply"), UPDATE("Update");

        private final String wire;

        Operation(String wire) {
            this.wire = wire;
        }

        /** The wire name, {@code Apply} or {@code Update}. */
        public String wireName() {
            return wire;
        }

        static Operation parse(Object text) {
            for (Operation o : values()) {
                if (o.wire.equals(text)) {
                    return o;
                }
            }
            throw new MergeException("invalid managedFields operation " + JsonText.write(text));
        }
    }

    public ManagedFieldsEntry {
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(operation, "operation");
        apiVersion = apiVersion == null ? "" : apiVersion;
        time = time == null ? "" : time;
        subresource = subresource == null ? "" : subresource;
        Objects.requireNonNull(fields, "fields");
    }

    /** True when both entries belong to the same manager identity (see class javadoc). */
    public boolean sameIdentity(ManagedFieldsEntry o) {
        return manager.equals(o.manager) && operation == o.operation && subresource.equals(o.subresource)
                && (operation == Operation.APPLY || apiVersion.equals(o.apiVersion));
    }

    /** This entry with other fields. */
    public ManagedFieldsEntry withFields(FieldSet newFields) {
        return new ManagedFieldsEntry(manager, operation, apiVersion, time, subresource, newFields);
    }

    /** This entry with another time. */
    public ManagedFieldsEntry withTime(String newTime) {
        return new ManagedFieldsEntry(manager, operation, apiVersion, newTime, subresource, fields);
    }

    /**
     * How the API server names this manager in conflict messages: {@code "kubectl"} for appliers,
     * {@code "kube-controller-manager" using apps/v1} for updaters, with {@code with subresource "status"} when
     * the entry belongs to a subresource.
     */
    public String describe() {
        String s = JsonText.write(manager);
        if (!subresource.isEmpty()) {
            s += " with subresource " + JsonText.write(subresource);
        }
        return operation == Operation.UPDATE ? s + " using " + apiVersion : s;
    }

    /** The entry as it appears in {@code metadata.managedFields} (a fresh mutable map). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("manager", manager);
        m.put("operation", operation.wireName());
        if (!apiVersion.isEmpty()) {
            m.put("apiVersion", apiVersion);
        }
        if (!time.isEmpty()) {
            m.put("time", time);
        }
        m.put("fieldsType", "FieldsV1");
        m.put("fieldsV1", fields.toFieldsV1());
        if (!subresource.isEmpty()) {
            m.put("subresource", subresource);
        }
        return m;
    }

    /**
     * Reads one {@code managedFields} entry.
     *
     * @throws MergeException when the entry is malformed (unknown operation, fieldsType other than FieldsV1,
     *                        invalid FieldsV1)
     */
    public static ManagedFieldsEntry fromMap(Map<String, ?> m) {
        Object type = m.get("fieldsType");
        if (type != null && !"FieldsV1".equals(type)) {
            throw new MergeException("unsupported managedFields fieldsType " + JsonText.write(type));
        }
        Object f = m.get("fieldsV1");
        @SuppressWarnings("unchecked")
        FieldSet set = f instanceof Map ? FieldSet.fromFieldsV1((Map<String, ?>) f) : FieldSet.empty();
        return new ManagedFieldsEntry(text(m.get("manager")), Operation.parse(m.get("operation")),
                text(m.get("apiVersion")), text(m.get("time")), text(m.get("subresource")), set);
    }

    /** Reads a whole {@code metadata.managedFields} list (null or absent → empty). */
    public static List<ManagedFieldsEntry> readAll(Object managedFields) {
        List<ManagedFieldsEntry> out = new ArrayList<>();
        if (managedFields == null) {
            return out;
        }
        if (!(managedFields instanceof List<?> list)) {
            throw new MergeException("metadata.managedFields must be a list");
        }
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m)) {
                throw new MergeException("metadata.managedFields entries must be objects");
            }
            @SuppressWarnings("unchecked")
            Map<String, ?> entry = (Map<String, ?>) m;
            out.add(fromMap(entry));
        }
        return out;
    }

    private static String text(Object o) {
        return o == null ? "" : String.valueOf(o);
    }
}
