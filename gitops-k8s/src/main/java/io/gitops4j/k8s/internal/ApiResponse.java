package io.gitops4j.k8s.internal;

import io.gitops4j.core.target.ApiStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An answer of the API server, read completely.
 *
 * @param code the HTTP status code
 * @param contentType the {@code Content-Type} header, {@code ""} when absent
 * @param body the body
 * @param retryAfter the {@code Retry-After} delay, when the server sent one in seconds
 */
public record ApiResponse(int code, String contentType, byte[] body, Optional<Duration> retryAfter) {
    /** Validates that nothing is null. */
    public ApiResponse {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** @return true for a 2xx answer */
    public boolean isSuccess() {
        return code >= 200 && code < 300;
    }

    /** @return true for answers worth retrying: 429 and the 5xx a server gives when overloaded or unreachable */
    public boolean isTransient() {
        return code == 429 || code == 500 || code == 502 || code == 503 || code == 504;
    }

    /** @return the body as a JSON object tree; an empty map when it is not one */
    public Map<String, Object> json() {
        return Json.readObject(body);
    }

    /** @return the answer as a Kubernetes {@code Status} (for error answers) */
    public ApiStatus status() {
        return ApiStatus.of(code, json());
    }
}
