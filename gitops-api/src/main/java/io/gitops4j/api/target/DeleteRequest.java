package io.gitops4j.api.target;

import io.gitops4j.api.Checks;
import io.gitops4j.api.resource.ResourceKey;

/**
 * One object to delete. Prune always sets a UID precondition (PR-05).
 *
 * @param key the object, in a version the server serves
 * @param expected what the live object must still be
 */
public record DeleteRequest(ResourceKey key, Precondition expected) {
    /** Validates that no argument is null. */
    public DeleteRequest {
        Checks.notNull(key, "key");
        Checks.notNull(expected, "expected");
    }
}
