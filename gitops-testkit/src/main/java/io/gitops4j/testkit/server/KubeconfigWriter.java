package io.gitops4j.testkit.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes a kubeconfig that points kubectl (or any client) at a fake API server: one cluster with the server URL,
 * one user without credentials, one context {@code gitops4j-fake} selected as current-context.
 */
public final class KubeconfigWriter {
    /** The name used for the cluster, user and context entries. */
    public static final String NAME = "gitops4j-fake";

    private KubeconfigWriter() {
    }

    /** The kubeconfig text for {@code serverUrl}. */
    public static String render(String serverUrl) {
        Objects.requireNonNull(serverUrl, "serverUrl");
        return "apiVersion: v1\n"
                + "kind: Config\n"
                + "clusters:\n"
                + "- name: " + NAME + "\n"
                + "  cluster:\n"
                + "    server: " + serverUrl + "\n"
                + "users:\n"
                + "- name: " + NAME + "\n"
                + "  user: {}\n"
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
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, render(serverUrl), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write kubeconfig " + file, e);
        }
    }
}
