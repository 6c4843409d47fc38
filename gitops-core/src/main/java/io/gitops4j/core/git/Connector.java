package io.gitops4j.core.git;

import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * Opens a JGit {@link Transport} for one operation with the credential the host supplies for that URL: basic auth
 * through a credentials provider, a bearer token as a header of this transport only, an SSH key through a private
 * session factory with strict known_hosts checking and no access to {@code ~/.ssh}. Redirects are off in the mirror
 * configuration, so credentials only ever go to the configured host (GS-06). Every transport counts the bytes it
 * receives against the operation's byte budget while it receives them ({@link BudgetMonitor#received}); {@code git://}
 * also bounds every read by the deadline ({@link DaemonTransport}).
 */
final class Connector {
    private final GitCredentials credentials;
    private final Path sshHome;
    private final boolean allowCredentialsOverPlainHttp;

    Connector(GitCredentials credentials, Path sshHome, boolean allowCredentialsOverPlainHttp) {
        this.credentials = credentials;
        this.sshHome = sshHome;
        this.allowCredentialsOverPlainHttp = allowCredentialsOverPlainHttp;
    }

    /** An open transport with its credential's secrets (for scrubbing); close after the operation. */
    static final class Connection implements AutoCloseable {
        final Transport transport;
        final String[] secrets;
        private final SshdSessionFactory ssh;

        private final BudgetMonitor monitor;

        Connection(Transport transport, String[] secrets, SshdSessionFactory ssh, BudgetMonitor monitor) {
            this.transport = transport;
            this.secrets = secrets;
            this.ssh = ssh;
            this.monitor = monitor;
        }

        @Override
        public void close() {
            monitor.close();
            transport.close();
            if (ssh != null) {
                ssh.close();
            }
        }
    }

    /** @return the secrets of the credential currently supplied for this URL (for scrubbing messages) */
    String[] secretsFor(GitUrl url) {
        try {
            return credentials.forUrl(url).map(GitCredential::secrets).orElse(new String[0]);
        } catch (RuntimeException e) {
            return new String[0];
        }
    }

    /** Opens a transport whose network reads are bounded by {@code monitor}'s deadline and byte budget. */
    Connection open(Repository repo, GitUrl url, BudgetMonitor monitor) {
        FetchBudget budget = monitor.budget();
        Optional<GitCredential> credential;
        try {
            credential = credentials.forUrl(url);
        } catch (RuntimeException e) {
            throw new SourceException(Reason.UNAUTHORIZED, url + ": the credentials provider failed ("
                    + e.getClass().getSimpleName() + ")");
        }
        String[] secrets = credential.map(GitCredential::secrets).orElse(new String[0]);
        Transport transport;
        try {
            URIish uri = new URIish(url.toJGitUrl());
            transport = url.scheme().equals("git") ? new DaemonTransport(repo, uri, monitor)
                    : Transport.open(repo, uri);
        } catch (Exception e) {
            throw new SourceException(Reason.POLICY, url + ": no transport for this URL");
        }
        if (transport instanceof TransportHttp http) {
            http.setHttpConnectionFactory(new BoundedHttp(monitor, url));
        }
        if (!(transport instanceof DaemonTransport)) {
            transport.setTimeout((int) Math.max(1, budget.timeout().toSeconds()));
        }
        transport.setTagOpt(TagOpt.NO_TAGS);
        transport.setCheckFetchedObjects(false);
        SshdSessionFactory ssh = null;
        try {
            if (credential.isPresent()) {
                GitCredential c = credential.get();
                if (transport instanceof TransportHttp http) {
                    if (url.scheme().equals("http") && !allowCredentialsOverPlainHttp) {
                        throw new SourceException(Reason.POLICY, url
                                + ": refusing to send credentials over unencrypted http");
                    }
                    if (c instanceof GitCredential.UsernamePassword up) {
                        http.setCredentialsProvider(new UsernamePasswordCredentialsProvider(up.username(),
                                up.password()));
                    } else if (c instanceof GitCredential.BearerToken bt) {
                        http.setAdditionalHeaders(Map.of("Authorization", "Bearer " + bt.token()));
                    }
                }
            }
            if (transport instanceof SshTransport sshTransport) {
                GitCredential.SshKey key = credential.filter(GitCredential.SshKey.class::isInstance)
                        .map(GitCredential.SshKey.class::cast).orElse(null);
                ssh = sshFactory(key);
                sshTransport.setSshSessionFactory(new CountedSsh(ssh, monitor));
            }
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
        return new Connection(transport, secrets, ssh, monitor);
    }

    private SshdSessionFactory sshFactory(GitCredential.SshKey key) {
        try {
            Path sshDir = sshHome.resolve(".ssh");
            Files.createDirectories(sshDir);
            String knownHosts = key == null ? "" : key.knownHosts();
            Path knownHostsFile = sshDir.resolve("known_hosts-" + sha256(knownHosts));
            if (!Files.exists(knownHostsFile)) {
                Path tmp = Files.createTempFile(sshDir, "kh", ".tmp");
                Files.writeString(tmp, knownHosts.endsWith("\n") ? knownHosts : knownHosts + "\n");
                Files.move(tmp, knownHostsFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Path config = sshDir.resolve("config");
            String wanted = "Host *\n  StrictHostKeyChecking yes\n";
            if (!Files.exists(config) || !Files.readString(config).equals(wanted)) {
                Files.writeString(config, wanted);
            }
            List<KeyPair> keys = key == null ? List.of() : loadKeys(key);
            return new SshdSessionFactoryBuilder()
                    .setHomeDirectory(sshHome.toFile())
                    .setSshDirectory(sshDir.toFile())
                    .setConfigFile(dir -> config.toFile())
                    .setDefaultKnownHostsFiles(dir -> List.of(knownHostsFile))
                    .setDefaultIdentities(dir -> List.of())
                    .setDefaultKeysProvider(dir -> keys)
                    .setPreferredAuthentications("publickey")
                    .build(null);
        } catch (IOException e) {
            throw new SourceException(Reason.IO, "cannot prepare the SSH client directory");
        }
    }

    private static List<KeyPair> loadKeys(GitCredential.SshKey key) {
        try {
            String pass = new String(key.passphrase());
            Iterable<KeyPair> loaded = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName("key"),
                    new ByteArrayInputStream(key.privateKey()),
                    pass.isEmpty() ? FilePasswordProvider.EMPTY : FilePasswordProvider.of(pass));
            List<KeyPair> keys = new ArrayList<>();
            if (loaded != null) {
                loaded.forEach(keys::add);
            }
            if (keys.isEmpty()) {
                throw new SourceException(Reason.UNAUTHORIZED, "the SSH private key could not be read");
            }
            return keys;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (e instanceof SourceException se) {
                throw se;
            }
            throw new SourceException(Reason.UNAUTHORIZED, "the SSH private key could not be read ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)), 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
