package io.gitops4j.k8s.internal;

import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.TargetException.Reason;
import io.gitops4j.api.target.WriteFailure;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a write of one object checks before it sends anything, the same for an apply ({@link Applier}) and a create
 * ({@link Creator}): the object's kind is served in its version (discovery is read again once on a miss, DA-08), an
 * object of a namespaced kind names its namespace, and the request body is within the API server's size limits
 * ({@link RequestLimits}, DA-09). A write that fails a check sends no request.
 *
 * <p>Thread-safe; blocks while discovery is read again.
 */
public final class WriteChecks {
    private final Discovery discovery;

    /** @param discovery what the server serves */
    public WriteChecks(Discovery discovery) {
        this.discovery = Objects.requireNonNull(discovery, "discovery");
    }

    /** The outcome of the checks: what to send ({@link Ready}), or why nothing is sent ({@link Refused}). */
    public sealed interface Checked permits Ready, Refused {
        /** @return why the write is not sent; empty when it may be */
        Optional<WriteFailure> refusal();
    }

    /**
     * The write may be sent.
     *
     * @param kind the object's kind as the server serves it
     * @param body the request body, as JSON
     */
    public record Ready(ServedKind kind, byte[] body) implements Checked {
        /** Validates that nothing is null. */
        public Ready {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(body, "body");
        }

        @Override
        public Optional<WriteFailure> refusal() {
            return Optional.empty();
        }
    }

    /** @param failure why the write is not sent: {@code UNKNOWN_KIND}, {@code INVALID} or {@code TOO_LARGE} */
    public record Refused(WriteFailure failure) implements Checked {
        /** Validates that nothing is null. */
        public Refused {
            Objects.requireNonNull(failure, "failure");
        }

        @Override
        public Optional<WriteFailure> refusal() {
            return Optional.of(failure);
        }
    }

    /**
     * @param object the object to write (its key, and its annotations for the size limits)
     * @param body what the request's body holds: the object, or a copy of it with more (preconditions)
     * @return {@link Ready} with the kind and the body's bytes, or {@link Refused} naming the object
     */
    public Checked check(Manifest object, Map<String, Object> body) {
        ResourceKey key = object.key();
        Optional<ServedKind> kind = discovery.find(key.groupKind(), key.version());
        if (kind.isEmpty()) {
            return new Refused(WriteFailure.of(ApiFailures.unknownKind(key)));
        }
        if (kind.get().namespaced() && key.namespace().isEmpty()) {
            return new Refused(new WriteFailure(Reason.INVALID, key.displayName() + ": " + key.kind()
                    + " is namespaced, and the object names no namespace", List.of("metadata.namespace")));
        }
        byte[] bytes = Json.write(body);
        Optional<WriteFailure> tooLarge = RequestLimits.check(object, bytes.length);
        if (tooLarge.isPresent()) {
            return new Refused(tooLarge.get());
        }
        return new Ready(kind.get(), bytes);
    }
}
