package io.gitops4j.api.target;

import io.gitops4j.api.Checks;
import io.gitops4j.api.resource.GroupKind;
import java.util.Optional;

/**
 * A change a target observed, delivered by {@link ClusterView#watch}.
 *
 * @param type what happened
 * @param kind the kind the event is about
 * @param object the object after the change (for {@link Type#DELETED}: its last state); empty only for
 *     {@link Type#RESYNCED}
 * @param ownWrite true when the change is the result of a write made through this target (the engine's own apply or
 *     delete), so a listener can tell drift made by someone else from the echo of its own writes
 */
public record ChangeEvent(Type type, GroupKind kind, Optional<LiveObject> object, boolean ownWrite) {
    /** Event types. */
    public enum Type {
        /** An object appeared. */
        ADDED,
        /** An object changed. */
        MODIFIED,
        /** An object is gone. */
        DELETED,
        /**
         * The target re-read every object of {@link #kind()} (its watch expired or broke): events may have been
         * missed, so a listener re-checks everything of the kind it cares about. No object.
         */
        RESYNCED
    }

    /** @throws IllegalArgumentException when an object is missing or present against the type */
    public ChangeEvent {
        Checks.notNull(type, "type");
        Checks.notNull(kind, "kind");
        Checks.notNull(object, "object");
        if (object.isPresent() == (type == Type.RESYNCED)) {
            throw new IllegalArgumentException(type == Type.RESYNCED ? "a RESYNCED event carries no object"
                    : "a " + type + " event carries its object");
        }
    }

    /** An event about one object, not caused by a write through this target. */
    public ChangeEvent(Type type, LiveObject object) {
        this(type, Checks.notNull(object, "object").key().groupKind(), Optional.of(object), false);
    }

    /** @return an event about one object */
    public static ChangeEvent of(Type type, LiveObject object, boolean ownWrite) {
        return new ChangeEvent(type, object.key().groupKind(), Optional.of(object), ownWrite);
    }

    /** @return the event that says every object of {@code kind} was re-read */
    public static ChangeEvent resynced(GroupKind kind) {
        return new ChangeEvent(Type.RESYNCED, kind, Optional.empty(), false);
    }
}
