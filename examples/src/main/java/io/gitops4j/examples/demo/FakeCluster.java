package io.gitops4j.examples.demo;

import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.server.RequestRecord;
import io.gitops4j.testkit.simulate.SimulatorSettings;
import io.gitops4j.testkit.simulate.StatusSimulators;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The testkit's fake API server, started in this process on 127.0.0.1, with its status simulators standing in for
 * the controllers (a Deployment becomes available {@link #ROLLOUT} after each new generation). Requests are counted
 * at the server, from its request log: those whose {@code User-Agent} is gitops4j's. Thread-safe.
 */
public final class FakeCluster implements DemoCluster {
    /** How long a simulated rollout takes, so the demo shows progress while waiting for health. */
    static final Duration ROLLOUT = Duration.ofMillis(700);
    private static final String GITOPS4J_AGENT = "gitops4j/";

    private final FakeApiServer server;
    private final StatusSimulators simulators;
    private final ApiClient gitops4j;
    private final ApiClient other;

    private FakeCluster(FakeApiServer server) {
        this.server = server;
        this.simulators = StatusSimulators.start(server.kube(), SimulatorSettings.defaults().withDelay(ROLLOUT));
        this.gitops4j = Config.fromUrl(server.url(), false);
        this.other = Config.fromUrl(server.url(), false);
        other.setUserAgent("demo-user");
    }

    /** Starts a fake API server on a free port (announcing Kubernetes 1.33) with a kubeconfig for kubectl. */
    public static FakeCluster start() {
        return new FakeCluster(FakeApiServer.builder().requestLogCapacity(100_000).start());
    }

    /** @return the server (for tests: its objects and request log) */
    public FakeApiServer server() {
        return server;
    }

    @Override
    public String description() {
        return "a fake Kubernetes API server in this process at " + server.url() + " (status simulated)";
    }

    @Override
    public boolean isFake() {
        return true;
    }

    @Override
    public ApiClient gitops4jClient() {
        return gitops4j;
    }

    @Override
    public ApiClient otherClient() {
        return other;
    }

    @Override
    public Map<String, Long> requests() {
        return server.requests().records(FakeCluster::byGitops4j).stream()
                .collect(Collectors.groupingBy(RequestRecord::verb, TreeMap::new, Collectors.counting()));
    }

    @Override
    public Optional<Path> kubeconfig() {
        return Optional.of(server.kubeconfig());
    }

    @Override
    public Duration healthTimeout() {
        return Duration.ofSeconds(30);
    }

    @Override
    public void close() {
        simulators.close();
        server.close();
    }

    private static boolean byGitops4j(RequestRecord r) {
        return r.userAgent().startsWith(GITOPS4J_AGENT);
    }
}
