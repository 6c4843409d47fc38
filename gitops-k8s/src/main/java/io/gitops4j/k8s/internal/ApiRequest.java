package io.gitops4j.k8s.internal;

import io.gitops4j.k8s.Identity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request to the API server, as data: method, path, query parameters in order, the body with its content type,
 * what the answer may be, and the identity to act as.
 *
 * @param method the HTTP method
 * @param path the path below the server URL, starting with {@code /}
 * @param query the query parameters, in order
 * @param contentType the body's media type, {@code ""} without a body
 * @param body the body; empty array without one
 * @param accept the {@code Accept} header
 * @param identity the identity to impersonate, if any
 */
public record ApiRequest(String method, String path, List<Map.Entry<String, String>> query, String contentType,
        byte[] body, String accept, Optional<Identity> identity) {
    /** The JSON media type. */
    public static final String JSON = "application/json";

    /** Validates that nothing is null and copies the query. */
    public ApiRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = List.copyOf(query);
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(accept, "accept");
        Objects.requireNonNull(identity, "identity");
    }

    /** @return a request without body or query, accepting JSON */
    public static ApiRequest of(String method, String path) {
        return new ApiRequest(method, path, List.of(), "", new byte[0], JSON, Optional.empty());
    }

    /** @return a copy with one more query parameter */
    public ApiRequest withQuery(String name, String value) {
        List<Map.Entry<String, String>> q = new ArrayList<>(query);
        q.add(Map.entry(name, value));
        return new ApiRequest(method, path, q, contentType, body, accept, identity);
    }

    /** @return a copy with a body of this media type */
    public ApiRequest withBody(String type, byte[] bytes) {
        return new ApiRequest(method, path, query, type, bytes, accept, identity);
    }

    /** @return a copy with another {@code Accept} header */
    public ApiRequest withAccept(String value) {
        return new ApiRequest(method, path, query, contentType, body, value, identity);
    }

    /** @return a copy acting as {@code who} (no impersonation when empty) */
    public ApiRequest as(Optional<Identity> who) {
        return new ApiRequest(method, path, query, contentType, body, accept, who);
    }

    /** @return the value of a query parameter, if present */
    public Optional<String> queryValue(String name) {
        return query.stream().filter(e -> e.getKey().equals(name)).map(Map.Entry::getValue).findFirst();
    }

    /** @return {@code METHOD path}, for messages (never the body) */
    @Override
    public String toString() {
        return method + " " + path;
    }
}
