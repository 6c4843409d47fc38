package io.gitops4j.k8s.internal;

import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.TargetException.Reason;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds an {@link ApiClient} the way the Kubernetes client reads a configuration: from a kubeconfig file (a
 * context, bearer tokens, client certificates, exec credential plugins, paths relative to the file) or from the
 * in-cluster ServiceAccount. Errors name the file by its name only, never its absolute path.
 */
public final class Connection {
    private Connection() {}

    /**
     * @param context the context to use; {@code null} for the file's current context
     * @throws TargetException {@code INVALID} when the file cannot be read or has no such context
     */
    public static ApiClient fromKubeconfig(Path file, String context) {
        String name = String.valueOf(file.getFileName());
        KubeConfig config;
        try (Reader reader = Files.newBufferedReader(file)) {
            config = KubeConfig.loadKubeConfig(reader);
        } catch (IOException | RuntimeException e) {
            throw new TargetException(null, Reason.INVALID, "kubeconfig " + name + ": cannot be read ("
                    + e.getClass().getSimpleName() + ")", List.of(), null);
        }
        config.setFile(file.toAbsolutePath().toFile());
        if (context != null && !config.setContext(context)) {
            throw new TargetException(null, Reason.INVALID, "kubeconfig " + name + ": has no context named '"
                    + context + "'");
        }
        try {
            return ClientBuilder.kubeconfig(config).build();
        } catch (IOException | RuntimeException e) {
            throw new TargetException(null, Reason.INVALID, "kubeconfig " + name + ": cannot be used ("
                    + e.getClass().getSimpleName() + ")", List.of(), null);
        }
    }

    /** @throws TargetException {@code INVALID} when not running in a cluster (no ServiceAccount mounted) */
    public static ApiClient inCluster() {
        try {
            return ClientBuilder.cluster().build();
        } catch (IOException | RuntimeException e) {
            throw new TargetException(null, Reason.INVALID, "in-cluster configuration: not available ("
                    + e.getClass().getSimpleName() + ")", List.of(), null);
        }
    }
}
