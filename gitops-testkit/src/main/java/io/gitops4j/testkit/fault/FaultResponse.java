package io.gitops4j.testkit.fault;

import java.util.Map;
import java.util.Objects;

/**
 * What the server sends instead of serving a request: a {@code kind: Status} with headers, or nothing at all
 * ({@link #reset()}: the connection is closed without a response).
 *
 * @param code    the HTTP status code (ignored for a reset)
 * @param headers extra response headers, such as {@code Retry-After}
 * @param body    the {@code kind: Status} object (empty for a reset)
 * @param reset   true to close the connection without answering
 */
public record FaultResponse(int code, Map<String, String> headers, Map<String, Object> body, boolean reset) {

    public FaultResponse {
        headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
        body = Objects.requireNonNull(body, "body");
    }
}
