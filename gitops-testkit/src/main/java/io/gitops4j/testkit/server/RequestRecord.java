package io.gitops4j.testkit.server;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One request the fake API server answered.
 *
 * @param time     when the request arrived (server clock)
 * @param verb     the Kubernetes verb: get, list, watch, create, update, patch, delete, deletecollection, or the
 *                 lower-case HTTP method for non-resource paths (discovery, openapi, version)
 * @param method   the HTTP method
 * @param path     the request path without the query
 * @param query    the raw query string, empty when there is none
 * @param resource the resource (plural, with {@code /subresource} when there is one), empty for non-resource paths
 * @param status   the HTTP status code sent
 * @param duration time from arrival to the complete response (for watches: until the stream was open)
 * @param userAgent the request's {@code User-Agent} header, empty when it had none (as an API server's audit log
 *                  records it, so a test can tell clients apart)
 * @param user     the user the request was authenticated as (the CN of its client certificate on a server with
 *                 {@code tls}), empty when the server did not authenticate it (plain HTTP, or no certificate)
 */
public record RequestRecord(Instant time, String verb, String method, String path, String query, String resource,
                            int status, Duration duration, String userAgent, String user) {
    public RequestRecord {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(verb, "verb");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = query == null ? "" : query;
        resource = resource == null ? "" : resource;
        Objects.requireNonNull(duration, "duration");
        userAgent = userAgent == null ? "" : userAgent;
        user = user == null ? "" : user;
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status out of range: " + status);
        }
    }

    /** A record without an authenticated user. */
    public RequestRecord(Instant time, String verb, String method, String path, String query, String resource,
                         int status, Duration duration, String userAgent) {
        this(time, verb, method, path, query, resource, status, duration, userAgent, "");
    }

    /** A record without a {@code User-Agent} or an authenticated user. */
    public RequestRecord(Instant time, String verb, String method, String path, String query, String resource,
                         int status, Duration duration) {
        this(time, verb, method, path, query, resource, status, duration, "", "");
    }
}
