package io.gitops4j.testkit.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.eclipse.jgit.transport.Daemon;
import org.eclipse.jgit.transport.DaemonClient;
import org.eclipse.jgit.transport.resolver.FileResolver;

/** A {@code git://} server in this JVM (JGit's {@link Daemon}), upload and receive enabled, on 127.0.0.1. */
public final class JGitDaemonServer implements GitServer {
    private final Daemon daemon;
    private final int port;

    JGitDaemonServer(Path base) {
        daemon = new Daemon(new InetSocketAddress("127.0.0.1", 0));
        daemon.setRepositoryResolver(new FileResolver<DaemonClient>(base.toFile(), true));
        daemon.getService("git-receive-pack").setEnabled(true);
        try {
            daemon.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        port = daemon.getAddress().getPort();
        Ports.awaitAccepting(port, null, "JGit daemon");
    }

    @Override
    public String url(String repoName) {
        return "git://127.0.0.1:" + port + "/" + repoName + ".git";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            daemon.stopAndWait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
