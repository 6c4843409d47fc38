package io.gitops4j.k8s.internal;

import io.gitops4j.api.resource.Manifest;
import io.gitops4j.core.merge.FieldSet;
import io.gitops4j.core.merge.ManagedFieldsEntry;
import io.gitops4j.core.merge.MergeException;
import io.gitops4j.core.target.FieldOwnership;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The move of field ownership from a manager we take over (client-side {@code kubectl apply}, Helm) to our applier
 * (DA-15). Such tools record their fields with operation {@code Update}; after our first apply they still share the
 * fields we apply, so a field later removed from Git would stay, owned by them. The migration merges their field
 * sets into our {@code Apply} entry and drops their entries, in one JSON patch of {@code metadata.managedFields}
 * guarded by a {@code test} of the resourceVersion (the API server takes managedFields a request sets as given).
 * Applying again afterwards removes what we own but no longer declare. Stateless.
 */
public final class FieldMigration {
    private FieldMigration() {}

    /**
     * @param stored the object as stored after our apply
     * @param manager our field manager
     * @return the JSON patch to send, when a manager to take over owns fields of the main resource
     */
    public static Optional<List<Map<String, Object>>> patch(Manifest stored, String manager, FieldOwnership policy) {
        List<ManagedFieldsEntry> entries;
        try {
            entries = ManagedFieldsEntry.readAll(stored.metadata().get("managedFields"));
        } catch (MergeException e) {
            return Optional.empty();
        }
        ManagedFieldsEntry ours = null;
        List<ManagedFieldsEntry> old = new ArrayList<>();
        for (ManagedFieldsEntry e : entries) {
            if (e.manager().equals(manager) && e.operation() == ManagedFieldsEntry.Operation.APPLY
                    && e.subresource().isEmpty()) {
                ours = e;
            } else if (e.subresource().isEmpty() && policy.isTakenOver(e.manager())) {
                old.add(e);
            }
        }
        String rv = String.valueOf(stored.metadata().getOrDefault("resourceVersion", ""));
        if (ours == null || old.isEmpty() || rv.isEmpty()) {
            return Optional.empty();
        }
        FieldSet merged = ours.fields();
        for (ManagedFieldsEntry e : old) {
            merged = merged.union(e.fields());
        }
        List<Object> rewritten = new ArrayList<>();
        for (ManagedFieldsEntry e : entries) {
            if (e == ours) {
                rewritten.add(e.withFields(merged).toMap());
            } else if (!old.contains(e)) {
                rewritten.add(e.toMap());
            }
        }
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("op", "test");
        test.put("path", "/metadata/resourceVersion");
        test.put("value", rv);
        Map<String, Object> replace = new LinkedHashMap<>();
        replace.put("op", "replace");
        replace.put("path", "/metadata/managedFields");
        replace.put("value", rewritten);
        return Optional.of(List.of(test, replace));
    }
}
