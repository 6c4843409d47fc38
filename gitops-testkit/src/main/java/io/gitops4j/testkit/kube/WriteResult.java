package io.gitops4j.testkit.kube;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The answer to a create, update or patch.
 *
 * @param object   the object as stored (or as it would be stored, for a dry run); the caller owns this copy
 * @param created  true when the call created the object (HTTP 201), false when it changed or kept one (HTTP 200)
 * @param warnings {@code Warning} header texts; usually empty
 */
public record WriteResult(Map<String, Object> object, boolean created, List<String> warnings) {

    public WriteResult {
        Objects.requireNonNull(object, "object");
        warnings = List.copyOf(warnings == null ? List.of() : warnings);
    }

    /** The HTTP status code a real server answers with: 201 when created, 200 otherwise. */
    public int httpStatus() {
        return created ? 201 : 200;
    }
}
