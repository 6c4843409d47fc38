package io.gitops4j.core.merge;

import java.time.Instant;
import java.util.Objects;

/**
 * The parameters of one non-apply write (create, PUT, JSON/merge/strategic PATCH) whose ownership is recorded as
 * an {@code Update} operation.
 *
 * @param manager     the field manager; clients that send none get a name derived from their user agent by the
 *                    caller (e.g. {@code kubectl-edit}); not blank
 * @param apiVersion  the API version of the request, e.g. {@code v1}
 * @param now         the time recorded in the manager's entry when the write changes something
 * @param scope       which top-level fields the request may change (status subresource rules)
 * @param subresource "" for the main resource, else e.g. {@code status}
 */
public record UpdateRequest(String manager, String apiVersion, Instant now, FieldScope scope, String subresource) {

    public UpdateRequest {
        Objects.requireNonNull(manager, "manager");
        if (manager.isBlank()) {
            throw new IllegalArgumentException("manager must not be blank");
        }
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(scope, "scope");
        subresource = subresource == null ? "" : subresource;
    }

    /** An update of the main resource with every top-level field in scope. */
    public static UpdateRequest of(String manager, String apiVersion, Instant now) {
        return new UpdateRequest(manager, apiVersion, now, FieldScope.all(), "");
    }

    public UpdateRequest withScope(FieldScope newScope) {
        return new UpdateRequest(manager, apiVersion, now, newScope, subresource);
    }

    public UpdateRequest withSubresource(String newSubresource) {
        return new UpdateRequest(manager, apiVersion, now, scope, newSubresource);
    }
}
