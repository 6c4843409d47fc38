package io.gitops4j.k8s.internal;

import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.TargetException.Reason;
import io.gitops4j.api.target.WriteFailure;
import java.io.IOException;
import java.util.List;

/**
 * Turns what went wrong with a request into gitops4j's failures: an error answer through the one classification
 * ({@link io.gitops4j.core.target.ApiStatus}), a request that got no answer as {@code UNAVAILABLE}. Messages name
 * the object or the request, never a body.
 */
public final class ApiFailures {
    private ApiFailures() {}

    /** @return the failure of an error answer to a request about {@code key} */
    public static WriteFailure failure(ResourceKey key, ApiResponse response) {
        WriteFailure f = response.status().failure(key);
        if (f.reason() != Reason.UNAVAILABLE) {
            return f;
        }
        return new WriteFailure(f.reason(), f.message() + " (HTTP " + response.code() + ")", f.details());
    }

    /** @return the failure of a request about {@code key} that got no answer */
    public static WriteFailure unreachable(ResourceKey key, IOException e) {
        return new WriteFailure(Reason.UNAVAILABLE, key.displayName() + ": no answer from the API server ("
                + describe(e) + ")", List.of());
    }

    /** @return an error answer to a request not about one object ({@code key} may be null) as an exception */
    public static TargetException exception(ResourceKey key, String doing, ApiResponse response) {
        return response.status().exception(key, doing);
    }

    /** @return a request that got no answer as an exception ({@code key} may be null) */
    public static TargetException unreachable(ResourceKey key, String doing, IOException e) {
        String what = key == null ? "" : key.displayName() + ": ";
        return new TargetException(key, Reason.UNAVAILABLE, what + doing + ": no answer from the API server ("
                + describe(e) + ")", List.of(), e);
    }

    /** @return the error for a key whose kind or version the server does not serve, even after re-reading */
    public static TargetException unknownKind(ResourceKey key) {
        return new TargetException(key, Reason.UNKNOWN_KIND, key.displayName() + ": the API server does not serve "
                + key.apiVersion() + " " + key.kind() + " (discovery was read again)");
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + firstLine(m));
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
