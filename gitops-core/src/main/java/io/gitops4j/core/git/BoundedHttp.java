package io.gitops4j.core.git;

import java.io.IOException;
import java.net.Proxy;
import java.net.URI;
import java.net.URL;
import java.util.Locale;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;

/**
 * Makes the HTTP connections of one operation: {@link JdkHttpConnection}s bound to the operation's budget (deadline,
 * byte budget, GS-05) that never follow a redirect, so credentials only go to the configured scheme, host and port;
 * {@link #classify} says in the error whether a redirect was a downgrade ({@code https} to {@code http}), another
 * host, or another port or path (GS-06).
 */
final class BoundedHttp implements HttpConnectionFactory {
    private final BudgetMonitor monitor;
    private final GitUrl origin;

    BoundedHttp(BudgetMonitor monitor, GitUrl origin) {
        this.monitor = monitor;
        this.origin = origin;
    }

    /**
     * @param from the configured repository URL
     * @param location the {@code Location} the server answered with (may be relative or absent)
     * @return a short description of the redirect, never naming credentials (user info is dropped)
     */
    static String classify(GitUrl from, String location) {
        URI to;
        try {
            to = location == null ? null : URI.create(from.toString()).resolve(location.trim());
        } catch (IllegalArgumentException e) {
            return "a redirect to an invalid location";
        }
        if (to == null || to.getScheme() == null || to.getHost() == null) {
            return "a redirect without a usable location";
        }
        String scheme = to.getScheme().toLowerCase(Locale.ROOT);
        if (from.scheme().equals("https") && !scheme.equals("https")) {
            return "a downgrade from https to " + (scheme.length() > 10 ? scheme.substring(0, 10) : scheme);
        }
        if (!to.getHost().equalsIgnoreCase(from.host())) {
            return "a redirect to another host";
        }
        if (!scheme.equals(from.scheme()) || to.getPort() != from.port()) {
            return "a redirect to another scheme or port on the same host";
        }
        return "a redirect to another path on the same host";
    }

    @Override
    public HttpConnection create(URL url) throws IOException {
        return new JdkHttpConnection(url, null, monitor, origin);
    }

    @Override
    public HttpConnection create(URL url, Proxy proxy) throws IOException {
        return new JdkHttpConnection(url, proxy, monitor, origin);
    }
}
