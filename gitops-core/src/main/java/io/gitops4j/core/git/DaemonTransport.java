package io.gitops4j.core.git;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Collection;
import java.util.List;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.BasePackFetchConnection;
import org.eclipse.jgit.transport.BasePackPushConnection;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.GitProtocolConstants;
import org.eclipse.jgit.transport.PackTransport;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.PushConnection;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TcpTransport;
import org.eclipse.jgit.transport.URIish;

/**
 * The {@code git://} transport with hard limits, used instead of JGit's own (which sets no socket read timeout and
 * relies on thread interruption, which a blocked socket read ignores, so a silent server would block forever —
 * GS-05).
 *
 * <p>Every read on the socket waits at most until the operation's deadline ({@link Socket#setSoTimeout} is set to
 * the time left before each read), so a silent server or a slow drip fails with a timeout when the budget runs
 * out; every byte received is counted against the byte budget, so one huge object is stopped mid-way, not after it
 * was indexed. No thread is started. Speaks protocol v2 (and v0 when the server answers with it).
 */
final class DaemonTransport extends TcpTransport implements PackTransport {
    private static final int GIT_PORT = 9418;
    private final BudgetMonitor budget;

    DaemonTransport(Repository local, URIish uri, BudgetMonitor budget) {
        super(local, uri);
        this.budget = budget;
    }

    @Override
    public FetchConnection openFetch() throws TransportException {
        return openFetch(List.of());
    }

    @Override
    public FetchConnection openFetch(Collection<RefSpec> refSpecs, String... additionalPatterns)
            throws TransportException {
        return new Fetch(refSpecs, additionalPatterns);
    }

    @Override
    public PushConnection openPush() throws TransportException {
        return new Push();
    }

    @Override
    public void close() {
        // connections own their sockets
    }

    private Socket connect() throws TransportException {
        Socket s = new Socket();
        try {
            InetAddress host = InetAddress.getByName(uri.getHost());
            int port = uri.getPort() > 0 ? uri.getPort() : GIT_PORT;
            s.connect(new InetSocketAddress(host, port), budget.millisLeft());
            s.setTcpNoDelay(true);
            return s;
        } catch (IOException e) {
            closeQuietly(s);
            throw new TransportException(uri, "cannot connect (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private void request(PacketLineOut out, String service, boolean v2) throws IOException {
        StringBuilder cmd = new StringBuilder(service).append(' ').append(uri.getPath()).append('\0')
                .append("host=").append(uri.getHost());
        if (uri.getPort() > 0 && uri.getPort() != GIT_PORT) {
            cmd.append(':').append(uri.getPort());
        }
        cmd.append('\0');
        if (v2) {
            cmd.append('\0').append(GitProtocolConstants.VERSION_2_REQUEST).append('\0');
        }
        out.writeString(cmd.toString());
        out.flush();
    }

    /** Reads that never wait past the deadline, counted against the byte budget. */
    private static final class BoundedInput extends InputStream {
        private final Socket socket;
        private final InputStream in;
        private final BudgetMonitor budget;

        BoundedInput(Socket socket, BudgetMonitor budget) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.budget = budget;
        }

        private void arm() throws IOException {
            int left = budget.millisLeft();
            if (left <= 0) {
                budget.timedOut();
                throw new SocketTimeoutException("deadline passed");
            }
            socket.setSoTimeout(left);
        }

        @Override
        public int read() throws IOException {
            arm();
            try {
                int b = in.read();
                if (b >= 0) {
                    budget.received(1);
                }
                return b;
            } catch (SocketTimeoutException e) {
                budget.timedOut();
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            arm();
            try {
                int n = in.read(b, off, len);
                if (n > 0) {
                    budget.received(n);
                }
                return n;
            } catch (SocketTimeoutException e) {
                budget.timedOut();
                throw e;
            }
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }

    private final class Fetch extends BasePackFetchConnection {
        private final Socket sock;

        Fetch(Collection<RefSpec> refSpecs, String... additionalPatterns) throws TransportException {
            super(DaemonTransport.this);
            sock = connect();
            try {
                InputStream in = new BufferedInputStream(new BoundedInput(sock, budget));
                OutputStream out = new BufferedOutputStream(sock.getOutputStream());
                init(in, out);
                request(pckOut, "git-upload-pack", true);
            } catch (IOException e) {
                close();
                throw new TransportException(uri, "the server hung up", e);
            }
            if (!readAdvertisedRefs()) {
                lsRefs(refSpecs, additionalPatterns);
            }
        }

        @Override
        public void close() {
            super.close();
            closeQuietly(sock);
        }
    }

    private final class Push extends BasePackPushConnection {
        private final Socket sock;

        Push() throws TransportException {
            super(DaemonTransport.this);
            sock = connect();
            try {
                InputStream in = new BufferedInputStream(new BoundedInput(sock, budget));
                OutputStream out = new BufferedOutputStream(sock.getOutputStream());
                init(in, out);
                request(pckOut, "git-receive-pack", false);
            } catch (IOException e) {
                close();
                throw new TransportException(uri, "the server hung up", e);
            }
            readAdvertisedRefs();
        }

        @Override
        public void close() {
            super.close();
            closeQuietly(sock);
        }
    }
}
