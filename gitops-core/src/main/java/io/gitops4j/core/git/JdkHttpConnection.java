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
 * JGit's {@link HttpConnection} over the JDK's {@link HttpURLConnection}, with a hard deadline: at the operation's
 * deadline the connection is disconnected, which makes a read blocked on a server that drips its answer (even its
 * headers) fail at once (GS-05). Redirects are never followed.
 */
final class JdkHttpConnection implements HttpConnection {
    private final HttpURLConnection c;
    private final ScheduledFuture<?> watchdog;

    JdkHttpConnection(URL url, Proxy proxy, BudgetMonitor monitor) throws IOException {
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
        return c.getResponseCode();
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
        c.setConnectTimeout(timeout);
    }

    @Override
    public void setReadTimeout(int timeout) {
        c.setReadTimeout(timeout);
    }

    @Override
    public String getContentType() {
        return c.getContentType();
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return c.getInputStream();
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
