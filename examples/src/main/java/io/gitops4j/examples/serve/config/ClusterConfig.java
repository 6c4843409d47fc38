package io.gitops4j.examples.serve.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A destination cluster named in {@code apps.yaml}: a kubeconfig file (credentials stay in that file) and
 * optionally one of its contexts.
 *
 * @param name the name Applications use in {@code cluster:}
 * @param kubeconfig the kubeconfig file, resolved against the directory of {@code apps.yaml}
 * @param context the context to use, {@code ""} for the file's current context
 */
public record ClusterConfig(String name, Path kubeconfig, String context) {
    /** The name of the cluster {@code --kubeconfig} gives, used by Applications that name none. */
    public static final String DEFAULT = "default";

    /** Validates that nothing is null. */
    public ClusterConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kubeconfig, "kubeconfig");
        Objects.requireNonNull(context, "context");
    }
}
