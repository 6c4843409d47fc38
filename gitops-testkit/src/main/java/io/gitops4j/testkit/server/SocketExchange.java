package io.gitops4j.testkit.server;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * One request/response on a {@link SocketHttpServer} connection, presented as a JDK {@link HttpExchange} so the same
 * handler serves both. Response bodies are fixed-length ({@code sendResponseHeaders(code, n > 0)}), chunked
 * ({@code 0}) or empty ({@code -1}), as the JDK contract says.
 */
final class SocketExchange extends HttpExchange {
    private final String method;
    private final URI uri;
    private final String protocol;
    private final Headers requestHeaders;
    private final Headers responseHeaders = new Headers();
    private final InputStream requestBody;
    private final OutputStream socketOut;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private final Map<String, Object> attributes = new HashMap<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private OutputStream responseBody;
    private OutputStream body;
    private int responseCode = -1;
    private boolean closeConnection;
    private volatile boolean closed;

    SocketExchange(String method, URI uri, String protocol, Headers requestHeaders, InputStream requestBody,
                   OutputStream socketOut, InetSocketAddress local, InetSocketAddress remote) {
        this.method = method;
        this.uri = uri;
        this.protocol = protocol;
        this.requestHeaders = requestHeaders;
        this.requestBody = requestBody;
        this.socketOut = socketOut;
        this.local = local;
        this.remote = remote;
    }

    @Override
    public Headers getRequestHeaders() {
        return requestHeaders;
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return uri;
    }

    @Override
    public String getRequestMethod() {
        return method;
    }

    @Override
    public HttpContext getHttpContext() {
        throw new UnsupportedOperationException("no HttpContext on a socket exchange");
    }

    @Override
    public InputStream getRequestBody() {
        return requestBody;
    }

    @Override
    public OutputStream getResponseBody() {
        if (responseBody == null) {
            throw new IllegalStateException("sendResponseHeaders has not been called");
        }
        return responseBody;
    }

    @Override
    public void sendResponseHeaders(int code, long length) throws IOException {
        if (responseCode >= 0) {
            throw new IOException("headers already sent");
        }
        responseCode = code;
        boolean noBody = length < 0 || code == 304 || code == 204 || code < 200 || method.equals("HEAD");
        StringBuilder head = new StringBuilder(256);
        head.append("HTTP/1.1 ").append(code).append(' ').append(reason(code)).append("\r\n");
        for (Map.Entry<String, List<String>> h : responseHeaders.entrySet()) {
            for (String v : h.getValue()) {
                head.append(h.getKey()).append(": ").append(v).append("\r\n");
            }
        }
        if (noBody) {
            if (code != 304 && code != 204 && code >= 200) {
                head.append("Content-Length: ").append(method.equals("HEAD") && length > 0 ? length : 0)
                        .append("\r\n");
            }
            body = new FixedLengthOutput(socketOut, 0);
        } else if (length > 0) {
            head.append("Content-Length: ").append(length).append("\r\n");
            body = new FixedLengthOutput(socketOut, length);
        } else {
            head.append("Transfer-Encoding: chunked\r\n");
            body = new ChunkedOutput(socketOut);
        }
        responseBody = new FilterOutputStream(body) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() {
                SocketExchange.this.close(); // closing the body ends the exchange, as with the JDK server
            }
        };
        if (closeConnection) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        socketOut.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (noBody || length == 0) {
            socketOut.flush();
        }
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return remote;
    }

    @Override
    public int getResponseCode() {
        return responseCode;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return local;
    }

    @Override
    public String getProtocol() {
        return protocol;
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public void setStreams(InputStream i, OutputStream o) {
        throw new UnsupportedOperationException("streams cannot be replaced");
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return null;
    }

    /**
     * Ends the exchange: finishes the response body and frees the connection for the next request; when no response
     * was sent at all, the connection is dropped instead (what a fault injecting a connection reset relies on).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (responseCode < 0) {
                closeConnection = true; // no response: the connection is dropped, as with the JDK server
                return;
            }
            body.close();
            socketOut.flush();
        } catch (IOException e) {
            closeConnection = true;
        } finally {
            done.countDown();
        }
    }

    /** Drops the connection without any response (fault injection: connection reset). */
    void abort() {
        closed = true;
        closeConnection = true;
        try {
            socketOut.close();
        } catch (IOException e) {
            // already gone
        } finally {
            done.countDown();
        }
    }

    /** Marks the connection to be closed after this exchange. */
    void closeConnectionAfter() {
        closeConnection = true;
    }

    boolean closesConnection() {
        return closeConnection || !(requestBody instanceof SocketHttpServer.Body b && b.finished());
    }

    /** Waits until {@link #close()} (a watch stream may finish on another thread). */
    void awaitClose() throws InterruptedException {
        done.await();
    }

    boolean isClosed() {
        return closed;
    }

    private static String reason(int code) {
        return switch (code) {
            case 100 -> "Continue";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 413 -> "Request Entity Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Entity";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    /** A body of a declared length; closing does not close the socket. */
    private static final class FixedLengthOutput extends FilterOutputStream {
        private long remaining;

        FixedLengthOutput(OutputStream out, long length) {
            super(out);
            this.remaining = length;
        }

        @Override
        public void write(int b) throws IOException {
            if (remaining <= 0) {
                throw new IOException("too many bytes for the declared Content-Length");
            }
            out.write(b);
            remaining--;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > remaining) {
                throw new IOException("too many bytes for the declared Content-Length");
            }
            out.write(b, off, len);
            remaining -= len;
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    /** A chunked body; every flush sends what was written as one chunk; close sends the last chunk. */
    private static final class ChunkedOutput extends OutputStream {
        private final OutputStream out;
        private boolean finished;

        ChunkedOutput(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (finished) {
                throw new IOException("chunked body already finished");
            }
            if (len == 0) {
                return;
            }
            out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(b, off, len);
            out.write(CRLF);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (!finished) {
                finished = true;
                out.write(LAST_CHUNK);
                out.flush();
            }
        }

        private static final byte[] CRLF = {'\r', '\n'};
        private static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};
    }
}
