package io.gitops4j.core.git;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.URL;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.eclipse.jgit.transport.http.HttpConnection;

/**
 * JGit's {@link HttpConnection} over the JDK's {@link HttpURLConnection}, bounded by one operation's budget: at the
 * deadline the connection is disconnected, which makes a read blocked on a server that drips its answer (even its
 * headers) fail at once; connect and read timeouts are capped by the time left, no read starts past the deadline,
 * and every response byte counts against the byte budget, so one huge object stops mid-way (GS-05). Redirects are
 * never followed; a redirect answer is classified ({@link BoundedHttp#classify}) and reported to the monitor (GS-06).
 */
final class JdkHttpConnection implements HttpConnection {
    private final HttpURLConnection c;
    private final ScheduledFuture<?> watchdog;
    private final BudgetMonitor monitor;
    private final GitUrl origin;

    JdkHttpConnection(URL url, Proxy proxy, BudgetMonitor monitor, GitUrl origin) throws IOException {
        this.monitor = monitor;
        this.origin = origin;
        this.c = (HttpURLConnection) (proxy == null ? url.openConnection() : url.openConnection(proxy));
        c.setInstanceFollowRedirects(false);
        this.watchdog = Deadlines.schedule(() -> {
            monitor.timedOut();
            c.disconnect();
        }, Math.max(1, monitor.millisLeft()));
        monitor.onClose(() -> watchdog.cancel(false));
    }

    @Override
    public int getResponseCode() throws IOException {
        int code = c.getResponseCode();
        if (code >= 300 && code < 400 && code != 304) {
            monitor.redirected(BoundedHttp.classify(origin, c.getHeaderField("Location")));
        }
        return code;
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
        c.setConnectTimeout(capped(timeout));
    }

    @Override
    public void setReadTimeout(int timeout) {
        c.setReadTimeout(capped(timeout));
    }

    private int capped(int timeout) {
        int left = Math.max(1, monitor.millisLeft());
        return timeout <= 0 ? left : Math.min(timeout, left);
    }

    @Override
    public String getContentType() {
        return c.getContentType();
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return new BudgetedInputStream(c.getInputStream(), monitor);
    }

    @Override
    public String getHeaderField(String name) {
        return c.getHeaderField(name);
    }

    @Override
    public List<String> getHeaderFields(String name) {
        for (Map.Entry<String, List<String>> e : c.getHeaderFields().entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return List.of();
    }

    @Override
    public int getContentLength() {
        return c.getContentLength();
    }

    @Override
    public void setInstanceFollowRedirects(boolean followRedirects) {
        c.setInstanceFollowRedirects(false);
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
        if (c instanceof HttpsURLConnection https) {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(km, tm, random);
            https.setSSLSocketFactory(ctx.getSocketFactory());
        }
    }

    @Override
    public void setHostnameVerifier(HostnameVerifier verifier) {
        if (c instanceof HttpsURLConnection https) {
            https.setHostnameVerifier(verifier);
        }
    }
}
