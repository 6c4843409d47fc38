package io.gitops4j.api.target;

import io.gitops4j.api.Checks;

/**
 * A change the target observed on one object.
 *
 * @param type what happened
 * @param object the object after the change (for {@link Type#DELETED}: its last state)
 */
public record ChangeEvent(Type type, LiveObject object) {
    /** Event types. */
    public enum Type { ADDED, MODIFIED, DELETED }

    /** Validates that no argument is null. */
    public ChangeEvent {
        Checks.notNull(type, "type");
        Checks.notNull(object, "object");
    }
}
