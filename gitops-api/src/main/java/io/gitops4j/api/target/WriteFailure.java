package io.gitops4j.api.target;

import io.gitops4j.api.Checks;
import io.gitops4j.api.resource.ResourceKey;
import java.util.List;

/**
 * Why a write of one object failed, as a value.
 *
 * @param reason the classified reason
 * @param message one line, starting with the object's display name; no Secret data
 * @param details further lines: the conflicting managers and field paths, the invalid or immutable fields, the
 *     verb and namespace that were forbidden
 */
public record WriteFailure(TargetException.Reason reason, String message, List<String> details) {
    /** Copies the details. */
    public WriteFailure {
        Checks.notNull(reason, "reason");
        Checks.notNull(message, "message");
        details = List.copyOf(Checks.notNull(details, "details"));
    }

    /** @return the failure an exception describes */
    public static WriteFailure of(TargetException e) {
        return new WriteFailure(e.reason(), e.getMessage() == null ? "" : e.getMessage(), e.details());
    }

    /** @return true for reasons worth retrying later */
    public boolean isRetryable() {
        return reason == TargetException.Reason.UNAVAILABLE || reason == TargetException.Reason.STALE;
    }

    /** @return this failure as an exception about {@code key} */
    public TargetException toException(ResourceKey key) {
        return new TargetException(key, reason, message, details, null);
    }
}
