package io.gitops4j.core.render;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Credentials for chart repositories and OCI registries (RD-15), chosen for every request by two keys:
 *
 * <ul>
 *   <li>the request's <b>origin</b>: scheme, host and port ({@code https://charts.example.com} means port 443), so
 *       a redirect or a chart URL on another host, another port or over plain HTTP never receives them;
 *   <li>the render's <b>scope</b> ({@link io.gitops4j.api.render.HelmOptions#credentialsScope()}): the host sets it
 *       per Application or per tenant, so one tenant's Application cannot fetch with another tenant's credentials
 *       by naming the same repository. Credentials made for {@link #ANY_SCOPE} serve every render, which suits a
 *       host with a single tenant only.
 * </ul>
 *
 * <p>Implementations are thread-safe; values are read when a request is made and never logged or put into an
 * exception message.
 */
@FunctionalInterface
public interface ChartCredentials {
    /** The scope of credentials that serve every render, whatever its {@code credentialsScope}. */
    String ANY_SCOPE = "*";

    /**
     * @param request who asks and where the request goes
     * @return the {@code Authorization} header value for that request, or empty for none
     */
    Optional<String> authorization(Request request);

    /**
     * One request of a chart fetch.
     *
     * @param scope the render's credentials scope ({@code ""} when the Application has none)
     * @param origin where the request goes
     */
    record Request(String scope, Origin origin) {
        /** Rejects nulls. */
        public Request {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(origin, "origin");
        }
    }

    /**
     * Scheme, host and port of a URL, the port explicit (443 for {@code https}, 80 for {@code http} when absent).
     *
     * @param scheme {@code http} or {@code https}, lower case
     * @param host the host name, lower case
     * @param port the port
     */
    record Origin(String scheme, String host, int port) {
        /** Lower-cases scheme and host; checks the scheme and port. */
        public Origin {
            scheme = Objects.requireNonNull(scheme, "scheme").toLowerCase(Locale.ROOT);
            host = Objects.requireNonNull(host, "host").toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("an origin is http or https");
            }
            if (host.isEmpty() || port < 1 || port > 65535) {
                throw new IllegalArgumentException("an origin needs a host and a port from 1 to 65535");
            }
        }

        /**
         * @param url an {@code http(s)://host[:port][/…]} URL
         * @return its origin
         * @throws IllegalArgumentException for another scheme or no host
         */
        public static Origin of(String url) {
            return of(URI.create(url));
        }

        /** @return the origin of this URI (see {@link #of(String)}) */
        public static Origin of(URI uri) {
            String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
            int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            return new Origin(scheme, String.valueOf(uri.getHost()), port);
        }
    }

    /** @return no credentials for any request */
    static ChartCredentials none() {
        return request -> Optional.empty();
    }

    /**
     * @param scope the credentials scope that may use them, or {@link #ANY_SCOPE}
     * @param origin {@code https://host[:port]}; requests elsewhere never get them
     * @return HTTP basic credentials, the password read on each use
     */
    static ChartCredentials basic(String scope, String origin, String user, Supplier<String> password) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        return scoped(scope, Origin.of(origin), () -> "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password.get()).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * @param scope the credentials scope that may use them, or {@link #ANY_SCOPE}
     * @param origin {@code https://host[:port]}; requests elsewhere never get them
     * @return bearer-token credentials, the token read on each use
     */
    static ChartCredentials bearer(String scope, String origin, Supplier<String> token) {
        Objects.requireNonNull(token, "token");
        return scoped(scope, Origin.of(origin), () -> "Bearer " + token.get());
    }

    private static ChartCredentials scoped(String scope, Origin origin, Supplier<String> header) {
        if (Objects.requireNonNull(scope, "scope").isEmpty()) {
            throw new IllegalArgumentException("credentials need a scope (an Application or tenant), or ANY_SCOPE");
        }
        return request -> origin.equals(request.origin())
                && (scope.equals(ANY_SCOPE) || scope.equals(request.scope()))
                ? Optional.of(header.get()) : Optional.empty();
    }

    /** @return these credentials, then {@code other} for requests these have none for */
    default ChartCredentials or(ChartCredentials other) {
        return request -> {
            Optional<String> mine = authorization(request);
            return mine.isPresent() ? mine : other.authorization(request);
        };
    }
}
