package io.gitops4j.examples.serve.config;

import io.gitops4j.api.Application;
import java.util.Objects;

/**
 * One Application of {@code apps.yaml} and the cluster it goes to.
 *
 * @param application the Application, validated by its own constructor
 * @param cluster the name of its destination cluster ({@link ClusterConfig#DEFAULT} unless named)
 */
public record DeclaredApp(Application application, String cluster) {
    /** Validates that nothing is null. */
    public DeclaredApp {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(cluster, "cluster");
    }

    /** @return the Application's name */
    public String name() {
        return application.name();
    }
}
