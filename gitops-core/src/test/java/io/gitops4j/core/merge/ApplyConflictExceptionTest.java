package io.gitops4j.core.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ApplyConflictExceptionTest {

    private static ManagedFieldsEntry entry(String manager, ManagedFieldsEntry.Operation op, String subresource) {
        return new ManagedFieldsEntry(manager, op, "v1", "2024-01-01T00:00:00Z", subresource, FieldSet.empty());
    }

    @Test
    @DisplayName("one conflict: the API server's single-line message")
    void single() {
        ApplyConflictException e = new ApplyConflictException(List.of(new Conflict(
                entry("kubectl-client-side-apply", ManagedFieldsEntry.Operation.UPDATE, ""),
                FieldPath.fields("data", "b"))));
        assertThat(e).hasMessage(
                "Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using v1: .data.b");
        assertThat(e.conflicts().get(0).message()).isEqualTo("conflict with \"kubectl-client-side-apply\" using v1");
        assertThat(e.conflicts().get(0).field()).isEqualTo(".data.b");
    }

    @Test
    @DisplayName("several conflicts: plural, grouped by sorted manager, one '- path' line each")
    void several() {
        ManagedFieldsEntry kubectl = entry("kubectl", ManagedFieldsEntry.Operation.APPLY, "");
        ManagedFieldsEntry hpa = entry("hpa", ManagedFieldsEntry.Operation.UPDATE, "");
        ApplyConflictException e = new ApplyConflictException(List.of(
                new Conflict(kubectl, FieldPath.fields("spec", "a")),
                new Conflict(hpa, FieldPath.fields("spec", "replicas")),
                new Conflict(kubectl, FieldPath.fields("spec", "b"))));
        assertThat(e).hasMessage("Apply failed with 3 conflicts: conflicts with \"hpa\" using v1:\n"
                + "- .spec.replicas\nconflicts with \"kubectl\":\n- .spec.a\n- .spec.b");
    }

    @Test
    @DisplayName("a subresource manager is named with its subresource")
    void subresource() {
        ApplyConflictException e = new ApplyConflictException(List.of(new Conflict(
                entry("ctrl", ManagedFieldsEntry.Operation.APPLY, "status"), FieldPath.fields("status", "x"))));
        assertThat(e).hasMessage("Apply failed with 1 conflict: conflict with \"ctrl\" with subresource \"status\": "
                + ".status.x");
    }
}
