package io.gitops4j.api;

import java.time.Instant;
import java.util.Optional;

/**
 * A field manager as a live object's {@code metadata.managedFields} records it: who wrote, how, and when it last
 * changed the fields it owns.
 *
 * @param name the manager's name, such as {@code kubectl-edit} or {@code kube-controller-manager}
 * @param operation {@code Apply} (server-side apply) or {@code Update} (create, update, patch)
 * @param time when the manager last changed its fields; empty when the entry carries no time
 */
public record FieldManager(String name, String operation, Optional<Instant> time) {
    /** Validates that no argument is null. */
    public FieldManager {
        Checks.notNull(name, "name");
        Checks.notBlank(operation, "operation");
        Checks.notNull(time, "time");
    }

    @Override
    public String toString() {
        return "\"" + name + "\" (" + operation + time.map(t -> " at " + t).orElse("") + ")";
    }
}
