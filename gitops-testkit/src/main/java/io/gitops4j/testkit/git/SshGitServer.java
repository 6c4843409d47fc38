package io.gitops4j.testkit.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * OpenSSH {@code sshd} on 127.0.0.1 with a generated ed25519 host key, public-key login only, for the current
 * user. Provides the client key, a matching known_hosts line and a non-matching one (for "unknown host" tests).
 */
public final class SshGitServer implements GitServer {
    private final Process process;
    private final int port;
    private final Path base;
    private final SshTestKey clientKey;
    private final String knownHosts;
    private final String wrongKnownHosts;
    private final String user;

    SshGitServer(Path base, Path dir) {
        Path sshd = ToolCheck.require("sshd", "openssh-server");
        this.base = base;
        this.port = Ports.free();
        this.user = System.getProperty("user.name");
        try {
            Files.createDirectories(dir);
            SshTestKey host = SshTestKey.generate(Files.createDirectories(dir.resolve("host")), "ed25519");
            SshTestKey other = SshTestKey.generate(Files.createDirectories(dir.resolve("other")), "ed25519");
            clientKey = SshTestKey.generate(Files.createDirectories(dir.resolve("client")), "ed25519");
            Files.writeString(dir.resolve("authorized_keys"), clientKey.publicKey() + "\n");
            knownHosts = "[127.0.0.1]:" + port + " " + keyPart(host.publicKey()) + "\n";
            wrongKnownHosts = "[127.0.0.1]:" + port + " " + keyPart(other.publicKey()) + "\n";
            String config = String.join("\n",
                    "Port " + port,
                    "ListenAddress 127.0.0.1",
                    "HostKey " + host.privateKeyFile(),
                    "PidFile " + dir.resolve("sshd.pid"),
                    "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                    "PubkeyAuthentication yes",
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "UsePAM no",
                    "StrictModes no",
                    "PermitRootLogin prohibit-password", "");
            Path configFile = dir.resolve("sshd_config");
            Files.writeString(configFile, config);
            if ("root".equals(user)) {
                Files.createDirectories(Path.of("/run/sshd"));
            }
            process = new ProcessBuilder(List.of(sshd.toString(), "-D", "-e", "-f", configFile.toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Ports.awaitAccepting(port, process, "sshd");
    }

    private static String keyPart(String publicKeyLine) {
        String[] parts = publicKeyLine.split(" ");
        return parts[0] + " " + parts[1];
    }

    @Override
    public String url(String repoName) {
        return "ssh://" + user + "@127.0.0.1:" + port + base.resolve(repoName + ".git");
    }

    /** @return the client's private key (authorized on this server) */
    public SshTestKey clientKey() {
        return clientKey;
    }

    /** @return a known_hosts line matching this server's host key */
    public String knownHosts() {
        return knownHosts;
    }

    /** @return a known_hosts line with another key for this server */
    public String wrongKnownHosts() {
        return wrongKnownHosts;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void close() {
        Ports.stop(process);
    }
}
