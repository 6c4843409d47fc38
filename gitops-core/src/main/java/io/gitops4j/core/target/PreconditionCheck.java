package io.gitops4j.core.target;

import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.Precondition;
import io.gitops4j.api.target.WriteFailure;
import java.util.List;
import java.util.Optional;

/**
 * A write's {@link Precondition} checked against the stored object, answered as the API server answers a failed
 * precondition (409 Conflict, classified STALE by {@link ApiStatus}), for targets that check it themselves.
 * Stateless.
 */
public final class PreconditionCheck {
    private PreconditionCheck() {}

    /**
     * @param stored the object as stored now, empty when there is none
     * @return the failure when the precondition does not hold; empty when it does (or there is none)
     */
    public static Optional<WriteFailure> check(ResourceKey key, Precondition expected, Optional<LiveObject> stored) {
        if (expected.isNone()) {
            return Optional.empty();
        }
        if (stored.isEmpty()) {
            return Optional.of(conflict(key, "Precondition failed: the object no longer exists"));
        }
        LiveObject live = stored.get();
        if (!expected.uid().isEmpty() && !expected.uid().equals(live.uid())) {
            return Optional.of(conflict(key, "Precondition failed: UID in precondition: " + expected.uid()
                    + ", UID in object meta: " + live.uid()));
        }
        if (!expected.resourceVersion().isEmpty() && !expected.resourceVersion().equals(live.resourceVersion())) {
            return Optional.of(conflict(key, "Precondition failed: ResourceVersion in precondition: "
                    + expected.resourceVersion() + ", ResourceVersion in object meta: " + live.resourceVersion()));
        }
        return Optional.empty();
    }

    private static WriteFailure conflict(ResourceKey key, String message) {
        return new ApiStatus(409, "Conflict", message, true, List.of()).failure(key);
    }
}
