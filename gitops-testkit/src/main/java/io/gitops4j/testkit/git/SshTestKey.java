package io.gitops4j.testkit.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An SSH key generated with the real {@code ssh-keygen} (openssh-client): usable as an SSH login key and as a
 * commit signer ({@code ssh-keygen -Y sign -n git}, exactly what Git runs for {@code gpg.format=ssh}).
 */
public final class SshTestKey implements CommitSigner {
    private final Path dir;
    private final Path key;
    private final Path keygen;

    private SshTestKey(Path dir, Path key, Path keygen) {
        this.dir = dir;
        this.key = key;
        this.keygen = keygen;
    }

    /**
     * @param dir a private directory to keep the key in
     * @param type {@code ed25519}, {@code rsa} or {@code ecdsa}
     */
    public static SshTestKey generate(Path dir, String type) {
        Path keygen = ToolCheck.require("ssh-keygen", "openssh-client");
        Path key = dir.resolve("id_" + type);
        run(dir, List.of(keygen.toString(), "-q", "-t", type, "-N", "", "-C", "fixture", "-f", key.toString()));
        return new SshTestKey(dir, key, keygen);
    }

    /** @return the private key file content (OpenSSH format) */
    public byte[] privateKey() {
        try {
            return Files.readAllBytes(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the path of the private key file */
    public Path privateKeyFile() {
        return key;
    }

    /** @return the public key line ({@code ssh-ed25519 AAAA… fixture}) */
    public String publicKey() {
        try {
            return Files.readString(Path.of(key + ".pub")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String sign(byte[] payload) {
        try {
            Path msg = Files.createTempFile(dir, "payload", ".txt");
            Files.write(msg, payload);
            run(dir, List.of(keygen.toString(), "-Y", "sign", "-n", "git", "-f", key.toString(), msg.toString()));
            Path sig = Path.of(msg + ".sig");
            String s = Files.readString(sig, StandardCharsets.US_ASCII);
            Files.delete(sig);
            Files.delete(msg);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void run(Path dir, List<String> command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("ssh-keygen.log").toFile()).start();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " failed: "
                        + Files.readString(dir.resolve("ssh-keygen.log")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
