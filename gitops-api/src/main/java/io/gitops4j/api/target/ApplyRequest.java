package io.gitops4j.api.target;

import io.gitops4j.api.Checks;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ResourceKey;

/**
 * One object to server-side apply.
 *
 * @param desired the object as the Application declares it (fields it leaves out are not claimed)
 * @param expected what the live object must still be; {@link Precondition#none()} to apply whatever is there
 */
public record ApplyRequest(Manifest desired, Precondition expected) {
    /** Validates that no argument is null. */
    public ApplyRequest {
        Checks.notNull(desired, "desired");
        Checks.notNull(expected, "expected");
    }

    /** @return a request without precondition */
    public static ApplyRequest of(Manifest desired) {
        return new ApplyRequest(desired, Precondition.none());
    }

    /** @return the key of the desired object */
    public ResourceKey key() {
        return desired.key();
    }
}
