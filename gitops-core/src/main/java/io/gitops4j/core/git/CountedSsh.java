package io.gitops4j.core.git;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.FtpChannel;
import org.eclipse.jgit.transport.RemoteSession;
import org.eclipse.jgit.transport.RemoteSession2;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.util.FS;

/**
 * The SSH sessions of one operation, with the remote command's output counted against the operation's byte budget,
 * so one huge object is stopped while it is received (GS-05). Everything else is the wrapped factory's.
 */
final class CountedSsh extends SshSessionFactory {
    private final SshSessionFactory delegate;
    private final BudgetMonitor monitor;

    CountedSsh(SshSessionFactory delegate, BudgetMonitor monitor) {
        this.delegate = delegate;
        this.monitor = monitor;
    }

    @Override
    public RemoteSession getSession(URIish uri, CredentialsProvider credentials, FS fs, int timeout)
            throws TransportException {
        return new Session(delegate.getSession(uri, credentials, fs, timeout));
    }

    @Override
    public String getType() {
        return delegate.getType();
    }

    @Override
    public void releaseSession(RemoteSession session) {
        delegate.releaseSession(session instanceof Session s ? s.inner : session);
    }

    private final class Session implements RemoteSession2 {
        private final RemoteSession inner;

        Session(RemoteSession inner) {
            this.inner = inner;
        }

        @Override
        public Process exec(String command, int timeout) throws IOException {
            return new Counted(inner.exec(command, timeout));
        }

        @Override
        public Process exec(String command, Map<String, String> environment, int timeout) throws IOException {
            return new Counted(inner instanceof RemoteSession2 r ? r.exec(command, environment, timeout)
                    : inner.exec(command, timeout));
        }

        @Override
        public FtpChannel getFtpChannel() {
            return inner.getFtpChannel();
        }

        @Override
        public void disconnect() {
            inner.disconnect();
        }
    }

    private final class Counted extends Process {
        private final Process p;
        private final InputStream in;

        Counted(Process p) {
            this.p = p;
            this.in = new BudgetedInputStream(p.getInputStream(), monitor);
        }

        @Override
        public OutputStream getOutputStream() {
            return p.getOutputStream();
        }

        @Override
        public InputStream getInputStream() {
            return in;
        }

        @Override
        public InputStream getErrorStream() {
            return p.getErrorStream();
        }

        @Override
        public int waitFor() throws InterruptedException {
            return p.waitFor();
        }

        @Override
        public int exitValue() {
            return p.exitValue();
        }

        @Override
        public void destroy() {
            p.destroy();
        }
    }
}
