package io.gitops4j.testkit.kube.internal;

import io.gitops4j.testkit.kube.ResourceType;
import java.time.Instant;
import java.util.Map;

/**
 * The structured-merge side of writes: server-side apply, managedFields for non-apply writes, and strategic merge
 * patch. Implementations are thread-safe and never mutate their inputs.
 */
public interface FieldOwnership {

    /**
     * Merges an apply configuration into the live object.
     *
     * @param live        the stored object, or null when the apply creates it
     * @param config      the applied configuration (already limited to the fields the subresource may change)
     * @param subresource "" or {@code status}
     * @return the merged object with {@code metadata.managedFields} rewritten
     * @throws io.gitops4j.testkit.kube.FakeKubeException 409 Conflict with {@code FieldManagerConflict} causes
     */
    Map<String, Object> apply(ResourceType type, Map<String, Object> live, Map<String, Object> config,
                              String manager, boolean force, String subresource, Instant now);

    /**
     * Records an Update operation by {@code manager}: {@code updated} with {@code metadata.managedFields} rewritten
     * (taken from {@code updated} when it sets them, reset by {@code [{}]}, otherwise from {@code live}).
     *
     * @param live    the stored object, or null for a create (never modified)
     * @param updated handed over: may be modified and become part of the result; the caller must not use it after
     */
    Map<String, Object> update(ResourceType type, Map<String, Object> live, Map<String, Object> updated,
                               String manager, String subresource, Instant now);

    /**
     * Applies a strategic merge patch to a built-in kind.
     *
     * @throws io.gitops4j.testkit.kube.FakeKubeException 400/422 for a malformed patch
     */
    Map<String, Object> strategicMerge(ResourceType type, Map<String, Object> live, Map<String, Object> patch);

    /**
     * The fields of {@code object} its schema does not declare (paths like {@code spec.foo},
     * {@code spec.containers[0].bar}); removed from {@code object} when {@code drop}. Empty without a schema.
     */
    default java.util.List<String> unknownFields(ResourceType type, Map<String, Object> object, boolean drop) {
        return java.util.List.of();
    }

    /** Called when the served types change (a CRD brought or took a schema). */
    default void typesChanged(java.util.List<Map<String, Object>> crds) {
    }
}
