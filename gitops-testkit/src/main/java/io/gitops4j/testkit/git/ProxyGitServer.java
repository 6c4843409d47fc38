package io.gitops4j.testkit.git;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of a Git server (any protocol) that can turn hostile: {@link Mode#FORWARD} passes
 * bytes through, {@link Mode#SILENT} accepts connections and never answers (reads and discards), {@link Mode#DRIP}
 * passes the server's answer one byte every 200 ms. The mode applies to new connections. Its threads are named
 * {@code gitops4j-test-proxy-*} and all end on {@link #close()}.
 */
public final class ProxyGitServer implements GitServer {
    /** What the proxy does with a new connection. */
    public enum Mode { FORWARD, SILENT, DRIP }

    private final ServerSocket server;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong forwardedDown = new java.util.concurrent.atomic.AtomicLong();
    private volatile Mode mode = Mode.FORWARD;

    ProxyGitServer(int targetPort) {
        this.target = targetPort;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start("accept", this::acceptLoop);
    }

    /** Sets the behaviour for connections accepted from now on. */
    public ProxyGitServer mode(Mode m) {
        this.mode = m;
        return this;
    }

    /** @return bytes passed from the server to clients so far */
    public long bytesToClients() {
        return forwardedDown.get();
    }

    /** @return connections accepted so far */
    public int connections() {
        return connections.get();
    }

    @Override
    public String url(String repoName) {
        return "git://127.0.0.1:" + port() + "/" + repoName + ".git";
    }

    @Override
    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                connections.incrementAndGet();
                Mode m = mode;
                if (m == Mode.SILENT) {
                    start("silent", () -> pump(client, OutputStream.nullOutputStream(), 0, null));
                    continue;
                }
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress("127.0.0.1", target), 5000);
                sockets.add(upstream);
                start("up", () -> pump(client, outputOf(upstream), 0, null));
                start("down", () -> pump(upstream, outputOf(client), m == Mode.DRIP ? 200 : 0, forwardedDown));
            } catch (IOException e) {
                // closed, or the upstream refused: the client sees its socket close
            }
        }
    }

    private static OutputStream outputOf(Socket s) {
        try {
            return s.getOutputStream();
        } catch (IOException e) {
            return OutputStream.nullOutputStream();
        }
    }

    private static void pump(Socket from, OutputStream to, long delayMillis,
            java.util.concurrent.atomic.AtomicLong counter) {
        byte[] buf = new byte[delayMillis > 0 ? 1 : 8192];
        try (InputStream in = from.getInputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
                to.write(buf, 0, n);
                to.flush();
                if (counter != null) {
                    counter.addAndGet(n);
                }
            }
        } catch (IOException | InterruptedException e) {
            // connection closed
        } finally {
            try {
                to.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }

    private void start(String role, Runnable body) {
        Thread t = new Thread(body, "gitops4j-test-proxy-" + role);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // best effort
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // best effort
            }
        }
        for (Thread t : threads) {
            t.interrupt();
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
