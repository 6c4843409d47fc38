package io.gitops4j.core.git;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Proxy;
import java.net.ProtocolException;
import java.net.URI;
import java.net.URL;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;

/**
 * The HTTP connections of one operation ({@link JdkHttpConnection}, disconnected at the deadline), with every response body counted against the operation's byte
 * budget (so one huge object stops mid-way, GS-05), connect and read timeouts capped by the time left and no read
 * started past the deadline (a slow drip is cut off), redirects never followed, and each redirect answer classified
 * (GS-06) so the error says whether it was a downgrade ({@code https} to {@code http}), another host, or another
 * port or path. No redirect is ever followed, so credentials only go to the configured scheme, host and port.
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
        return new Counted(new JdkHttpConnection(url, null, monitor));
    }

    @Override
    public HttpConnection create(URL url, Proxy proxy) throws IOException {
        return new Counted(new JdkHttpConnection(url, proxy, monitor));
    }

    private final class Counted implements HttpConnection {
        private final HttpConnection c;

        Counted(HttpConnection c) {
            this.c = c;
            c.setInstanceFollowRedirects(false);
        }

        @Override
        public int getResponseCode() throws IOException {
            int code = c.getResponseCode();
            if (code >= 300 && code < 400 && code != 304) {
                monitor.redirected(classify(origin, c.getHeaderField("Location")));
            }
            return code;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return new FilterInputStream(c.getInputStream()) {
                @Override
                public int read() throws IOException {
                    monitor.checkDeadline();
                    int b = super.read();
                    if (b >= 0) {
                        monitor.received(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    monitor.checkDeadline();
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        monitor.received(n);
                    }
                    return n;
                }
            };
        }

        @Override
        public void setInstanceFollowRedirects(boolean followRedirects) {
            c.setInstanceFollowRedirects(false);
        }

        @Override
        public URL getURL() {
            return c.getURL();
        }

        @Override
        public String getResponseMessage() throws IOException {
            return c.getResponseMessage();
        }

        @Override
        public Map<String, List<String>> getHeaderFields() {
            return c.getHeaderFields();
        }

        @Override
        public void setRequestProperty(String key, String value) {
            c.setRequestProperty(key, value);
        }

        @Override
        public void setRequestMethod(String method) throws ProtocolException {
            c.setRequestMethod(method);
        }

        @Override
        public void setUseCaches(boolean usecaches) {
            c.setUseCaches(usecaches);
        }

        @Override
        public void setConnectTimeout(int timeout) {
            int left = Math.max(1, monitor.millisLeft());
            c.setConnectTimeout(timeout <= 0 ? left : Math.min(timeout, left));
        }

        @Override
        public void setReadTimeout(int timeout) {
            int left = Math.max(1, monitor.millisLeft());
            c.setReadTimeout(timeout <= 0 ? left : Math.min(timeout, left));
        }

        @Override
        public String getContentType() {
            return c.getContentType();
        }

        @Override
        public String getHeaderField(String name) {
            return c.getHeaderField(name);
        }

        @Override
        public List<String> getHeaderFields(String name) {
            return c.getHeaderFields(name);
        }

        @Override
        public int getContentLength() {
            return c.getContentLength();
        }

        @Override
        public void setDoOutput(boolean dooutput) {
            c.setDoOutput(dooutput);
        }

        @Override
        public void setFixedLengthStreamingMode(int contentLength) {
            c.setFixedLengthStreamingMode(contentLength);
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            return c.getOutputStream();
        }

        @Override
        public void setChunkedStreamingMode(int chunklen) {
            c.setChunkedStreamingMode(chunklen);
        }

        @Override
        public String getRequestMethod() {
            return c.getRequestMethod();
        }

        @Override
        public boolean usingProxy() {
            return c.usingProxy();
        }

        @Override
        public void connect() throws IOException {
            c.connect();
        }

        @Override
        public void configure(KeyManager[] km, TrustManager[] tm, SecureRandom random)
                throws NoSuchAlgorithmException, KeyManagementException {
            c.configure(km, tm, random);
        }

        @Override
        public void setHostnameVerifier(HostnameVerifier hostnameverifier)
                throws NoSuchAlgorithmException, KeyManagementException {
            c.setHostnameVerifier(hostnameverifier);
        }
    }
}
