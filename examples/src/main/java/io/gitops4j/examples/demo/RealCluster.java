package io.gitops4j.examples.demo;

import io.kubernetes.client.openapi.ApiClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A real cluster named by a kubeconfig (and context). The caller builds the clients: gitops4j's with a counter of
 * the requests it sends installed (a real API server's audit log is not ours to read), and a second one for the
 * demo's own requests. Pods really start here, so the health wait is longer. Thread-safe as its clients are.
 *
 * @param description the cluster as the demo names it (the kubeconfig's file name and context, no path)
 * @param gitops4jClient the target's client, its requests counted by {@code counts}
 * @param otherClient a client for the demo's own requests
 * @param counts the requests counted on {@code gitops4jClient} so far, by verb
 */
public record RealCluster(String description, ApiClient gitops4jClient, ApiClient otherClient,
        Supplier<Map<String, Long>> counts) implements DemoCluster {
    /** Validates that nothing is null. */
    public RealCluster {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(gitops4jClient, "gitops4jClient");
        Objects.requireNonNull(otherClient, "otherClient");
        Objects.requireNonNull(counts, "counts");
    }

    @Override
    public boolean isFake() {
        return false;
    }

    @Override
    public Map<String, Long> requests() {
        return counts.get();
    }

    @Override
    public Optional<Path> kubeconfig() {
        return Optional.empty();
    }

    @Override
    public Duration healthTimeout() {
        return Duration.ofMinutes(3);
    }

    @Override
    public void close() {
        // the clients hold nothing that needs closing; the demo removes its namespaces before this
    }
}
