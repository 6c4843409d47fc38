package io.gitops4j.testkit.kube;

import java.util.Map;
import java.util.Objects;

/**
 * The answer to a delete.
 *
 * @param body    the response body a real server sends: the object (with {@code deletionTimestamp}) while finalizers
 *                or foreground deletion keep it, otherwise a {@code kind: Status} with {@code status: Success} and
 *                details (or the final object for kinds the real server returns it for: pods, namespaces)
 * @param removed true when the object is gone from the store after this call
 */
public record DeleteResult(Map<String, Object> body, boolean removed) {

    public DeleteResult {
        Objects.requireNonNull(body, "body");
    }
}
