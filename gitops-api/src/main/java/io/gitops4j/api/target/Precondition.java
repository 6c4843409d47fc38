package io.gitops4j.api.target;

import io.gitops4j.api.Checks;

/**
 * What a write expects of the object it writes: that it still has a UID (it was not deleted and re-created), or
 * still is at a resourceVersion (nobody changed it since it was read). A write whose precondition fails is not made
 * and fails with {@link TargetException.Reason#STALE}.
 *
 * @param uid the UID the object must have, {@code ""} for any
 * @param resourceVersion the resourceVersion the object must have, {@code ""} for any
 */
public record Precondition(String uid, String resourceVersion) {
    private static final Precondition NONE = new Precondition("", "");

    /** Validates that no argument is null. */
    public Precondition {
        Checks.notNull(uid, "uid");
        Checks.notNull(resourceVersion, "resourceVersion");
    }

    /** @return no precondition */
    public static Precondition none() {
        return NONE;
    }

    /** @return the object must still have this UID */
    public static Precondition uid(String uid) {
        return new Precondition(Checks.notBlank(uid, "uid"), "");
    }

    /** @return the object must still have this UID and be at this resourceVersion */
    public static Precondition of(LiveObject object) {
        return new Precondition(object.uid(), object.resourceVersion());
    }

    /** @return true when nothing is expected */
    public boolean isNone() {
        return uid.isEmpty() && resourceVersion.isEmpty();
    }
}
