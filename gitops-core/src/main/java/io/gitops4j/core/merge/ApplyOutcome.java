package io.gitops4j.core.merge;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of an apply or update.
 *
 * @param object        the resulting object (a fresh tree the caller may keep), with
 *                      {@code metadata.managedFields} rewritten (absent when no manager owns anything)
 * @param changed       false when the result equals the live object (managedFields included): the caller must
 *                      then not write, not bump resourceVersion and not emit an event
 * @param managedFields the managedFields entries of {@code object}, decoded
 */
public record ApplyOutcome(Map<String, Object> object, boolean changed, List<ManagedFieldsEntry> managedFields) {

    public ApplyOutcome {
        Objects.requireNonNull(object, "object");
        managedFields = List.copyOf(managedFields);
    }
}
