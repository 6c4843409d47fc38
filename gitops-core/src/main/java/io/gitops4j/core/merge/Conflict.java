package io.gitops4j.core.merge;

import java.util.Objects;

/**
 * A field an apply would change that another manager owns.
 *
 * @param manager the other manager's entry (its {@link ManagedFieldsEntry#describe()} is used in messages)
 * @param path    the field
 */
public record Conflict(ManagedFieldsEntry manager, FieldPath path) {

    public Conflict {
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(path, "path");
    }

    /** The cause message of the API server's Status: {@code conflict with "kubectl" using v1}. */
    public String message() {
        return "conflict with " + manager.describe();
    }

    /** The cause field of the API server's Status: kubectl's path form, e.g. {@code .data.b}. */
    public String field() {
        return path.toString();
    }
}
