package io.gitops4j.examples.demo;

import io.kubernetes.client.openapi.ApiClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where the demo runs: the in-process fake API server ({@link FakeCluster}) or a real cluster named by a kubeconfig
 * ({@link RealCluster}). Gives two clients — the one gitops4j's target sends through, and one for "someone else"
 * (creating and removing the demo's namespaces, the live edit) — and counts the requests gitops4j sent. Implementations
 * are thread-safe; {@link #close()} releases what the cluster holds (never the real cluster's objects: the demo
 * removes its namespaces itself).
 */
public interface DemoCluster extends AutoCloseable {
    /** @return what the cluster is, for the first line of the demo, e.g. {@code a fake API server at http://…} */
    String description();

    /** @return true for the in-process fake (Deployments become available through its status simulators) */
    boolean isFake();

    /** @return the client the demo's {@code KubernetesTarget} sends every request through */
    ApiClient gitops4jClient();

    /** @return a client that acts as someone other than gitops4j (its requests are not counted) */
    ApiClient otherClient();

    /** @return the requests gitops4j sent to the cluster so far, by Kubernetes verb, sorted by verb */
    Map<String, Long> requests();

    /** @return a kubeconfig for kubectl when the demo created one (the fake's), else empty */
    Optional<Path> kubeconfig();

    /** @return how long the demo waits for the objects of a pass to become healthy */
    Duration healthTimeout();

    @Override
    void close();
}
