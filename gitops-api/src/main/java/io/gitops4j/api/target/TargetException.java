package io.gitops4j.api.target;

import io.gitops4j.api.GitOpsException;
import io.gitops4j.api.resource.ResourceKey;
import java.util.List;
import java.util.Optional;

/**
 * The target refused or failed an operation on one object. The message starts with the object's display name;
 * it never contains Secret data.
 */
public class TargetException extends GitOpsException {
    private static final long serialVersionUID = 1L;

    /** Why the operation failed; stable codes a host and the engine switch on. */
    public enum Reason {
        /** Another field manager owns fields with different values (server-side apply conflict). */
        CONFLICT,
        /** The object changed since it was read (optimistic concurrency) or a precondition failed. */
        STALE,
        /** The object does not exist. */
        NOT_FOUND,
        /** The object is invalid, or admission denied it. */
        INVALID,
        /** The write changes a field the server does not allow to change; the details name the field paths. */
        IMMUTABLE,
        /** Not allowed (403, policy). */
        FORBIDDEN,
        /** The kind is not served (CRD missing, stale discovery). */
        UNKNOWN_KIND,
        /** The object or request is too large. */
        TOO_LARGE,
        /** Throttled, server error, timeout or connection failure: worth retrying. */
        UNAVAILABLE
    }

    private final transient ResourceKey key;
    private final Reason reason;
    private final List<String> details;

    /**
     * @param key the object involved, may be null for requests not about one object
     * @param reason why it failed
     * @param message the message, starting with the object's display name
     * @param details further lines (conflicting managers and field paths, invalid fields); no Secret data
     * @param cause may be null
     */
    public TargetException(ResourceKey key, Reason reason, String message, List<String> details, Throwable cause) {
        super(message, cause);
        this.key = key;
        this.reason = reason;
        this.details = List.copyOf(details);
    }

    /** @see #TargetException(ResourceKey, Reason, String, List, Throwable) */
    public TargetException(ResourceKey key, Reason reason, String message) {
        this(key, reason, message, List.of(), null);
    }

    /** @return the object involved, if any */
    public Optional<ResourceKey> key() {
        return Optional.ofNullable(key);
    }

    /** @return why it failed */
    public Reason reason() {
        return reason;
    }

    /** @return further detail lines, such as {@code conflict with "hpa-controller": .spec.replicas} */
    public List<String> details() {
        return details;
    }

    /** @return true for reasons worth retrying with backoff */
    public boolean isRetryable() {
        return reason == Reason.UNAVAILABLE || reason == Reason.STALE;
    }
}
