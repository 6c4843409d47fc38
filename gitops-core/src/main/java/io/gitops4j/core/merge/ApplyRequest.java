package io.gitops4j.core.merge;

import java.time.Instant;
import java.util.Objects;

/**
 * The parameters of one server-side apply.
 *
 * @param manager     the field manager ({@code ?fieldManager=}), not blank
 * @param force       take ownership of conflicting fields instead of failing ({@code ?force=true})
 * @param apiVersion  the API version of the applied configuration, e.g. {@code apps/v1}
 * @param now         the time recorded in the applier's managedFields entry when the object changes
 * @param scope       which top-level fields the request may change (status subresource rules)
 * @param subresource "" for the main resource, else e.g. {@code status}
 */
public record ApplyRequest(String manager, boolean force, String apiVersion, Instant now, FieldScope scope,
                           String subresource) {

    public ApplyRequest {
        Objects.requireNonNull(manager, "manager");
        if (manager.isBlank()) {
            throw new IllegalArgumentException("fieldManager is required for apply patch");
        }
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(scope, "scope");
        subresource = subresource == null ? "" : subresource;
    }

    /** An apply to the main resource, every top-level field in scope, not forced. */
    public static ApplyRequest of(String manager, String apiVersion, Instant now) {
        return new ApplyRequest(manager, false, apiVersion, now, FieldScope.all(), "");
    }

    public ApplyRequest withForce(boolean newForce) {
        return new ApplyRequest(manager, newForce, apiVersion, now, scope, subresource);
    }

    public ApplyRequest withScope(FieldScope newScope) {
        return new ApplyRequest(manager, force, apiVersion, now, newScope, subresource);
    }

    public ApplyRequest withSubresource(String newSubresource) {
        return new ApplyRequest(manager, force, apiVersion, now, scope, newSubresource);
    }
}
