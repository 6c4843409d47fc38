package io.gitops4j.api.target;

import io.gitops4j.api.Checks;
import io.gitops4j.api.resource.ResourceKey;
import java.util.Optional;

/**
 * What a batch write did to one object.
 *
 * @param key the object
 * @param outcome what happened
 * @param object the object as stored after the write (or as it would be, on a dry run); empty for
 *     {@link ObjectOutcome#DELETED}, {@link ObjectOutcome#SKIPPED} and {@link ObjectOutcome#FAILED}
 * @param failure why it failed; present exactly when the outcome is {@link ObjectOutcome#FAILED}
 * @param message a short human note ({@code "kind no longer served"}); {@code ""} when there is nothing to say
 */
public record ObjectResult(ResourceKey key, ObjectOutcome outcome, Optional<LiveObject> object,
        Optional<WriteFailure> failure, String message) {
    /** @throws IllegalArgumentException when the failure does not match the outcome */
    public ObjectResult {
        Checks.notNull(key, "key");
        Checks.notNull(outcome, "outcome");
        Checks.notNull(object, "object");
        Checks.notNull(failure, "failure");
        Checks.notNull(message, "message");
        if (failure.isPresent() != (outcome == ObjectOutcome.FAILED)) {
            throw new IllegalArgumentException("a failure goes with outcome FAILED and only with it");
        }
    }

    /** @return the result of a write that stored {@code object} with {@code outcome} */
    public static ObjectResult written(ObjectOutcome outcome, LiveObject object) {
        return new ObjectResult(object.key(), outcome, Optional.of(object), Optional.empty(), "");
    }

    /** @return the result of a delete */
    public static ObjectResult deleted(ResourceKey key) {
        return new ObjectResult(key, ObjectOutcome.DELETED, Optional.empty(), Optional.empty(), "");
    }

    /** @return the result of a write not attempted, and why */
    public static ObjectResult skipped(ResourceKey key, String why) {
        return new ObjectResult(key, ObjectOutcome.SKIPPED, Optional.empty(), Optional.empty(), why);
    }

    /** @return the result of a failed write */
    public static ObjectResult failed(ResourceKey key, WriteFailure failure) {
        return new ObjectResult(key, ObjectOutcome.FAILED, Optional.empty(), Optional.of(failure), "");
    }

    /** @return true when the outcome is FAILED */
    public boolean isFailed() {
        return outcome == ObjectOutcome.FAILED;
    }
}
