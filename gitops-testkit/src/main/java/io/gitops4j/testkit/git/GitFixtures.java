package io.gitops4j.testkit.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Git repositories and loopback Git servers for tests, in a private temporary directory:
 *
 * <pre>{@code
 * try (GitFixtures git = GitFixtures.create()) {
 *     TestRepo repo = git.repo("deploy");
 *     String c1 = repo.commit("first").add("app/cm.yaml", "kind: ConfigMap\n").create();
 *     String url = git.daemon().url("deploy");          // git://127.0.0.1:PORT/deploy.git
 * }
 * }</pre>
 *
 * <p>Servers: {@code file://} ({@link TestRepo#fileUrl()}), {@code git://} in-process ({@link #daemon()}), the real
 * {@code git daemon} ({@link #cliDaemon()}), smart HTTP with basic auth via lighttpd ({@link #http}), SSH via
 * OpenSSH ({@link #ssh()}). {@link #close()} stops every server and deletes the directory. Not thread-safe for
 * setup; servers are.
 */
public final class GitFixtures implements AutoCloseable {
    private final Path root;
    private final Path base;
    private final Map<String, TestRepo> repos = new LinkedHashMap<>();
    private final List<GitServer> servers = new ArrayList<>();
    private JGitDaemonServer daemon;
    private int dirs;

    private GitFixtures(Path root) {
        this.root = root;
        this.base = root.resolve("repos");
    }

    /** @return fixtures in a new private temporary directory */
    public static GitFixtures create() {
        try {
            Path root = Files.createTempDirectory("gitops4j-fixtures-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.createDirectories(root.resolve("repos"));
            return new GitFixtures(root.toRealPath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the repository with this name, created empty (branch {@code main}) on first use */
    public TestRepo repo(String name) {
        return repos.computeIfAbsent(name, n -> new TestRepo(n, base.resolve(n + ".git")));
    }

    /** @return a new empty private directory under the fixture root (cache directories, keys) */
    public Path newDirectory(String prefix) {
        try {
            return Files.createDirectories(root.resolve("work").resolve(prefix + "-" + (++dirs)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the in-process {@code git://} server (started once) */
    public synchronized JGitDaemonServer daemon() {
        if (daemon == null) {
            daemon = register(new JGitDaemonServer(base));
        }
        return daemon;
    }

    /** @return a new TCP proxy in front of the in-process {@code git://} server that can go silent or drip */
    public ProxyGitServer proxy() {
        return register(new ProxyGitServer(daemon().port()));
    }

    /**
     * @return a new TCP proxy in front of any server on 127.0.0.1 (its {@link ProxyGitServer#url} is a
     *     {@code git://} URL; for other protocols build the URL from {@link ProxyGitServer#port()})
     */
    public ProxyGitServer proxy(int targetPort) {
        return register(new ProxyGitServer(targetPort));
    }

    /** @return a new real {@code git daemon} process serving the repositories */
    public CliGitDaemonServer cliDaemon() {
        return register(new CliGitDaemonServer(base));
    }

    /** @return a new lighttpd + git http-backend server requiring these basic-auth credentials */
    public HttpGitServer http(String username, String password) {
        return register(new HttpGitServer(base, newDirectory("http"), username, password));
    }

    /** @return a new sshd serving the repositories to a generated client key */
    public SshGitServer ssh() {
        return register(new SshGitServer(base, newDirectory("ssh")));
    }

    private <T extends GitServer> T register(T server) {
        servers.add(server);
        return server;
    }

    @Override
    public void close() {
        for (GitServer s : servers) {
            s.close();
        }
        servers.clear();
        repos.values().forEach(TestRepo::close);
        repos.clear();
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
