package io.gitops4j.testkit.server;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpHandler;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;

/**
 * A small HTTP/1.1 server on 127.0.0.1: one thread per connection from a bounded pool, keep-alive, request bodies
 * with Content-Length or chunked transfer coding ({@code Expect: 100-continue} honoured), and the same
 * {@link HttpHandler} contract as the JDK server. A request is read, handled and answered on its connection's thread,
 * with no hand-off between threads, which keeps a test's sequential client fast.
 *
 * <p>Limits: request line and headers at most 64 KiB; a connection idle for {@link #IDLE_TIMEOUT_MS} is closed; at
 * most {@code maxConnections} connections are served at once (more are closed right away). Malformed requests get a
 * 400 and the connection is closed.
 *
 * <p>With a {@link ServerTls} it speaks HTTPS: each connection's handshake runs on its own thread (at most
 * {@link #HANDSHAKE_TIMEOUT_MS}; a failed one closes the connection), and every exchange of the connection carries
 * the client certificate's subject as the attribute {@link #CLIENT_SUBJECT} (absent without a valid certificate).
 */
final class SocketHttpServer implements AutoCloseable {
    /** How long a kept-alive connection may wait for its next request. */
    static final int IDLE_TIMEOUT_MS = 120_000;
    /** How long a TLS handshake may take. */
    static final int HANDSHAKE_TIMEOUT_MS = 10_000;
    /** The exchange attribute holding the {@link CertificateAuthority.Subject} of a valid client certificate. */
    static final String CLIENT_SUBJECT = "io.gitops4j.testkit.clientSubject";
    private static final int MAX_HEAD_BYTES = 64 * 1024;

    private final ServerSocket socket;
    private final ServerTls tls;
    private volatile HttpHandler handler;
    private final ThreadPoolExecutor connections;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    /** Binds 127.0.0.1:{@code port} (0: a free port) for plain HTTP; {@link #start} begins serving. */
    SocketHttpServer(int port, int maxConnections) throws IOException {
        this(port, maxConnections, null);
    }

    /** As {@link #SocketHttpServer(int, int)}, speaking HTTPS when {@code tls} is not null. */
    SocketHttpServer(int port, int maxConnections, ServerTls tls) throws IOException {
        this.tls = tls;
        this.socket = tls == null ? new ServerSocket() : tls.newServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        AtomicInteger n = new AtomicInteger();
        this.connections = new ThreadPoolExecutor(0, maxConnections, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> {
                    Thread t = new Thread(r, "fake-apiserver-conn-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.acceptor = new Thread(this::acceptLoop, "fake-apiserver-accept-" + socket.getLocalPort());
        acceptor.setDaemon(true);
    }

    /** Starts accepting connections, answering each request with {@code handler}. */
    void start(HttpHandler value) {
        this.handler = value;
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = socket.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            try {
                s.setTcpNoDelay(true);
                open.add(s);
                connections.execute(() -> serve(s));
            } catch (RejectedExecutionException | SocketException e) {
                open.remove(s);
                closeQuietly(s);
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            Object subject = null;
            if (s instanceof SSLSocket ssl) {
                ssl.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
                ssl.startHandshake();
                subject = tls.identify(ssl.getSession()).orElse(null);
            }
            s.setSoTimeout(IDLE_TIMEOUT_MS);
            InputStream in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
            OutputStream out = new BufferedOutputStream(s.getOutputStream(), 16 * 1024);
            InetSocketAddress local = (InetSocketAddress) s.getLocalSocketAddress();
            InetSocketAddress remote = (InetSocketAddress) s.getRemoteSocketAddress();
            while (!closed) {
                SocketExchange ex = readRequest(in, out, local, remote);
                if (ex == null) {
                    return;
                }
                if (subject != null) {
                    ex.setAttribute(CLIENT_SUBJECT, subject);
                }
                try {
                    handler.handle(ex);
                } catch (RuntimeException | IOException e) {
                    ex.closeConnectionAfter();
                    ex.close();
                }
                ex.awaitClose();
                if (ex.closesConnection()) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // connection gone, idle too long, or server closing
        } finally {
            open.remove(s);
        }
    }

    /** Reads one request head; null at a clean end of the connection; answers 400 and returns null when malformed. */
    private SocketExchange readRequest(InputStream in, OutputStream out, InetSocketAddress local,
                                       InetSocketAddress remote) throws IOException {
        int[] budget = {MAX_HEAD_BYTES};
        String line = readLine(in, budget);
        while (line != null && line.isEmpty()) {
            line = readLine(in, budget); // tolerate stray CRLF between requests
        }
        if (line == null) {
            return null;
        }
        String[] parts = line.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.") || parts[0].isEmpty()
                || !parts[0].chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
            badRequest(out);
            return null;
        }
        Headers headers = new Headers();
        while (true) {
            String h = readLine(in, budget);
            if (h == null) {
                badRequest(out);
                return null;
            }
            if (h.isEmpty()) {
                break;
            }
            int colon = h.indexOf(':');
            if (colon <= 0) {
                badRequest(out);
                return null;
            }
            headers.add(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
        }
        URI uri;
        try {
            uri = new URI(parts[1]);
        } catch (URISyntaxException e) {
            badRequest(out);
            return null;
        }
        InputStream body;
        String transfer = headers.getFirst("Transfer-Encoding");
        String length = headers.getFirst("Content-Length");
        if (transfer != null) {
            if (!transfer.toLowerCase(Locale.ROOT).contains("chunked")) {
                badRequest(out);
                return null;
            }
            body = new ChunkedInput(in);
        } else if (length != null) {
            long n;
            try {
                n = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 0) {
                badRequest(out);
                return null;
            }
            body = new FixedLengthInput(in, n);
        } else {
            body = new FixedLengthInput(in, 0);
        }
        if ("100-continue".equalsIgnoreCase(headers.getFirst("Expect")) && (transfer != null || length != null)) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        SocketExchange ex = new SocketExchange(parts[0], uri, parts[2], headers, body, out, local, remote);
        String connection = headers.getFirst("Connection");
        if ((connection != null && connection.equalsIgnoreCase("close")) || parts[2].equals("HTTP/1.0")) {
            ex.closeConnectionAfter();
        }
        return ex;
    }

    private static void badRequest(OutputStream out) throws IOException {
        byte[] body = ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"malformed HTTP request\",\"reason\":\"BadRequest\",\"code\":400}")
                .getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    /** One CRLF- (or LF-) terminated line in ISO-8859-1; null at end of stream; IOException past the budget. */
    static String readLine(InputStream in, int[] budget) throws IOException {
        StringBuilder b = new StringBuilder(64);
        while (true) {
            int c = in.read();
            if (c < 0) {
                return b.length() == 0 ? null : b.toString();
            }
            if (--budget[0] < 0) {
                throw new IOException("request head too large");
            }
            if (c == '\n') {
                int len = b.length();
                if (len > 0 && b.charAt(len - 1) == '\r') {
                    b.setLength(len - 1);
                }
                return b.toString();
            }
            b.append((char) c);
        }
    }

    /** Stops accepting, closes every connection (ending watch streams) and the pool. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(socket);
        for (Socket s : open) {
            closeQuietly(s);
        }
        connections.shutdownNow();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing anyway
        }
    }

    /** A request body that knows whether it was read to its end (else the connection cannot be reused). */
    interface Body {
        boolean finished();
    }

    /** Drains at most 16 MiB of what is left of a body. */
    private static void drainBounded(InputStream body) throws IOException {
        if (body.read() < 0) {
            return; // the common case: the handler read it all (no buffer for nothing)
        }
        byte[] skip = new byte[8192];
        long budget = 16L * 1024 * 1024;
        int n;
        while (budget > 0 && (n = body.read(skip, 0, skip.length)) > 0) {
            budget -= n;
        }
    }

    /** A request body of a declared length. */
    private static final class FixedLengthInput extends InputStream implements Body {
        private final InputStream in;
        private long remaining;

        FixedLengthInput(InputStream in, long length) {
            this.in = in;
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int c = in.read();
            if (c < 0) {
                throw new IOException("body shorter than its Content-Length");
            }
            remaining--;
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new IOException("body shorter than its Content-Length");
            }
            remaining -= n;
            return n;
        }

        @Override
        public void close() throws IOException {
            if (remaining > 0) {
                drainBounded(this);
            }
        }

        @Override
        public boolean finished() {
            return remaining <= 0;
        }
    }

    /** A chunked request body (chunk extensions and trailers ignored). */
    private static final class ChunkedInput extends InputStream implements Body {
        private final InputStream in;
        private long chunkLeft;
        private boolean eof;

        ChunkedInput(InputStream in) {
            this.in = in;
        }

        private boolean nextChunk() throws IOException {
            if (eof) {
                return false;
            }
            if (chunkLeft == 0) {
                int[] budget = {4096};
                String size = readLine(in, budget);
                if (size == null) {
                    throw new IOException("chunked body ended early");
                }
                int semi = size.indexOf(';');
                try {
                    chunkLeft = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("bad chunk size");
                }
                if (chunkLeft < 0) {
                    throw new IOException("bad chunk size");
                }
                if (chunkLeft == 0) {
                    String trailer;
                    do {
                        trailer = readLine(in, budget);
                    } while (trailer != null && !trailer.isEmpty());
                    eof = true;
                    return false;
                }
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!nextChunk()) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) {
                throw new IOException("chunked body ended early");
            }
            chunkLeft -= n;
            if (chunkLeft == 0) {
                int[] budget = {2};
                readLine(in, budget); // the CRLF after the chunk data
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            drainBounded(this);
        }

        @Override
        public boolean finished() {
            return eof;
        }
    }
}
