package io.gitops4j.core.render;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Credentials for chart repositories, chosen per host (RD-15): a request carries the {@code Authorization} header for
 * its own host only, so a redirect or a chart URL on another host never receives them. Implementations are
 * thread-safe; values are read when a request is made and never logged or put into an exception message.
 */
@FunctionalInterface
public interface ChartCredentials {
    /**
     * @param host the host name of the request, lower case, without port
     * @return the {@code Authorization} header value for that host, or empty for none
     */
    Optional<String> authorization(String host);

    /** @return no credentials for any host */
    static ChartCredentials none() {
        return host -> Optional.empty();
    }

    /** @return HTTP basic credentials for exactly one host, the password read on each use */
    static ChartCredentials basic(String host, String user, Supplier<String> password) {
        String expected = host.toLowerCase(Locale.ROOT);
        return h -> expected.equals(h) ? Optional.of("Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password.get()).getBytes(StandardCharsets.UTF_8))) : Optional.empty();
    }

    /** @return bearer-token credentials for exactly one host, the token read on each use */
    static ChartCredentials bearer(String host, Supplier<String> token) {
        String expected = host.toLowerCase(Locale.ROOT);
        return h -> expected.equals(h) ? Optional.of("Bearer " + token.get()) : Optional.empty();
    }

    /** @return these credentials, then {@code other} for hosts these have none for */
    default ChartCredentials or(ChartCredentials other) {
        return h -> {
            Optional<String> mine = authorization(h);
            return mine.isPresent() ? mine : other.authorization(h);
        };
    }
}
