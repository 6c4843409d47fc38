package io.gitops4j.testkit.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Objects;

/**
 * Writes a kubeconfig that points kubectl (or any client) at a fake API server: one cluster with the server URL,
 * one user, one context {@code gitops4j-fake} selected as current-context. Over plain HTTP the user has no
 * credentials; over HTTPS the cluster carries {@code certificate-authority-data} (the server's CA) and, when a client
 * certificate is given, the user carries {@code client-certificate-data} and {@code client-key-data}.
 */
public final class KubeconfigWriter {
    /** The name used for the cluster, user and context entries. */
    public static final String NAME = "gitops4j-fake";

    private KubeconfigWriter() {
    }

    /** The kubeconfig text for {@code serverUrl} (plain HTTP, a user without credentials). */
    public static String render(String serverUrl) {
        return render(serverUrl, null, null);
    }

    /**
     * The kubeconfig text for {@code serverUrl}.
     *
     * @param caPem  the CA certificate the client verifies the server with (PEM); null for none
     * @param client the user's client certificate and key; null for a user without credentials
     */
    public static String render(String serverUrl, String caPem, CertificateAuthority.Issued client) {
        Objects.requireNonNull(serverUrl, "serverUrl");
        String user = client == null ? "  user: {}\n"
                : "  user:\n"
                + "    client-certificate-data: " + base64(client.certificatePem()) + "\n"
                + "    client-key-data: " + base64(client.keyPem()) + "\n";
        return "apiVersion: v1\n"
                + "kind: Config\n"
                + "clusters:\n"
                + "- name: " + NAME + "\n"
                + "  cluster:\n"
                + "    server: " + serverUrl + "\n"
                + (caPem == null ? "" : "    certificate-authority-data: " + base64(caPem) + "\n")
                + "users:\n"
                + "- name: " + NAME + "\n"
                + user
                + "contexts:\n"
                + "- name: " + NAME + "\n"
                + "  context:\n"
                + "    cluster: " + NAME + "\n"
                + "    user: " + NAME + "\n"
                + "    namespace: default\n"
                + "current-context: " + NAME + "\n"
                + "preferences: {}\n";
    }

    /** Writes the kubeconfig to {@code file} (creating parent directories) and returns {@code file}. */
    public static Path write(Path file, String serverUrl) {
        return write(file, serverUrl, null, null);
    }

    /**
     * Writes {@link #render(String, String, CertificateAuthority.Issued)} to {@code file} (creating parent
     * directories); a file holding a client key is made readable by its owner only where the file system has POSIX
     * permissions.
     *
     * @return {@code file}
     */
    public static Path write(Path file, String serverUrl, String caPem, CertificateAuthority.Issued client) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            String text = render(serverUrl, caPem, client);
            if (client != null && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                if (!Files.exists(file)) {
                    Files.createFile(file);
                }
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write kubeconfig " + file.getFileName(), e);
        }
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }
}
