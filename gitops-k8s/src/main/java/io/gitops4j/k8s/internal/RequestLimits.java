package io.gitops4j.k8s.internal;

import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.target.TargetException.Reason;
import io.gitops4j.api.target.WriteFailure;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The size limits the API server enforces, checked before a request is sent (DA-09): a request body over
 * {@value #MAX_REQUEST_BYTES} bytes (3 MiB) and annotations over {@value #MAX_ANNOTATION_BYTES} bytes in total
 * (keys and values, UTF-8) are refused without a request. Stateless.
 */
public final class RequestLimits {
    /** The largest request body an API server accepts. */
    public static final int MAX_REQUEST_BYTES = 3 * 1024 * 1024;
    /** The largest total size of an object's annotations. */
    public static final int MAX_ANNOTATION_BYTES = 256 * 1024;

    private RequestLimits() {}

    /** @return why the object cannot be sent with a body of {@code bodyBytes} bytes; empty when it can */
    public static Optional<WriteFailure> check(Manifest desired, int bodyBytes) {
        String name = desired.key().displayName();
        if (bodyBytes > MAX_REQUEST_BYTES) {
            return Optional.of(new WriteFailure(Reason.TOO_LARGE, name + ": too large: the request would be "
                    + bodyBytes + " bytes, the API server accepts at most " + MAX_REQUEST_BYTES, List.of()));
        }
        long annotations = 0;
        for (Map.Entry<String, String> e : desired.annotations().entrySet()) {
            annotations += e.getKey().getBytes(StandardCharsets.UTF_8).length
                    + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (annotations > MAX_ANNOTATION_BYTES) {
            return Optional.of(new WriteFailure(Reason.TOO_LARGE, name + ": too large: metadata.annotations hold "
                    + annotations + " bytes, the API server accepts at most " + MAX_ANNOTATION_BYTES,
                    List.of("metadata.annotations")));
        }
        return Optional.empty();
    }
}
