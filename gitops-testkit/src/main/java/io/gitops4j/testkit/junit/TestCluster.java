package io.gitops4j.testkit.junit;

import io.gitops4j.api.target.Target;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.engine.ReconcilerBuilder;
import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.fault.Faults;
import io.gitops4j.testkit.kube.FakeKubeTarget;
import io.gitops4j.testkit.git.GitFixtures;
import io.gitops4j.testkit.server.RequestLog;
import io.gitops4j.testkit.simulate.SimulatorSettings;
import io.gitops4j.testkit.simulate.StatusSimulators;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The fake cluster of one {@link GitOpsTest} scope: a {@link FakeKube} with its simulators and fault rules, and —
 * started on first use — a {@link FakeApiServer}, an official-client {@link ApiClient} pointed at it, and
 * {@link GitFixtures}. Usable on its own too: {@code try (var cluster = TestCluster.start(settings)) { … }}.
 *
 * <p>Thread-safe. {@link #close()} releases everything it started, in reverse order, and is idempotent.
 */
public final class TestCluster implements AutoCloseable {
    private final FakeKube kube;
    private final int kubernetesMinor;
    private final StatusSimulators simulators;
    private final Faults faults;
    private final boolean backgroundScheduling;
    private FakeApiServer server;
    private ApiClient apiClient;
    private GitFixtures git;
    private Target target;
    private final RequestLog targetRequests = new RequestLog(100_000);
    private boolean closed;

    private TestCluster(SimulatorSettings simulation, boolean simulate, long faultSeed, int kubernetesMinor,
                        boolean namespaceDefaults, boolean backgroundScheduling) {
        this.kube = FakeKube.builder().namespaceDefaults(namespaceDefaults).build();
        this.kubernetesMinor = kubernetesMinor;
        this.backgroundScheduling = backgroundScheduling;
        this.simulators = StatusSimulators.start(kube, simulate ? simulation : simulation.withNone());
        this.faults = Faults.of(kube).reseed(faultSeed);
    }

    /** A cluster with the settings of {@code annotation}. */
    public static TestCluster start(GitOpsTest annotation) {
        SimulatorSettings settings = SimulatorSettings.defaults()
                .withDelay(Duration.ofMillis(annotation.simulatorDelayMillis()));
        for (var off : annotation.disabledSimulations()) {
            settings = settings.without(off);
        }
        return new TestCluster(settings, annotation.simulators(), annotation.faultSeed(),
                annotation.kubernetesMinor(), annotation.namespaceDefaults(), annotation.backgroundScheduling());
    }

    /**
     * A cluster with these simulator settings, fault seed 0, announcing Kubernetes 1.33, whose {@link #reconciler()}
     * builders leave background scheduling off.
     */
    public static TestCluster start(SimulatorSettings settings) {
        return new TestCluster(Objects.requireNonNull(settings, "settings"), true, 0, 33, false, false);
    }

    /** The in-memory cluster. */
    public FakeKube kube() {
        return kube;
    }

    /** The status simulators running on {@link #kube()}. */
    public StatusSimulators simulators() {
        return simulators;
    }

    /** The fault rules of {@link #kube()} (HTTP requests; wrap targets with {@link Faults#target}). */
    public Faults faults() {
        return faults;
    }

    /** The HTTP server for {@link #kube()}, started on first call. */
    public synchronized FakeApiServer server() {
        checkOpen();
        if (server == null) {
            server = FakeApiServer.builder().kube(kube).kubernetesMinor(kubernetesMinor).start();
        }
        return server;
    }

    /** The request log of {@link #server()} (starts the server). */
    public RequestLog requests() {
        return server().requests();
    }

    /** The official Kubernetes client pointed at {@link #server()}, created on first call. */
    public synchronized ApiClient apiClient() {
        if (apiClient == null) {
            apiClient = Config.fromUrl(server().url(), false);
        }
        return apiClient;
    }

    /**
     * The engine's target for this cluster, created on first call: a {@link FakeKubeTarget} (announcing the
     * cluster's Kubernetes minor version) behind the fault rules, every call recorded in {@link #targetRequests()}.
     * Closed with the cluster.
     */
    public synchronized Target target() {
        checkOpen();
        if (target == null) {
            target = faults.target(new FakeKubeTarget(kube, FakeKubeTarget.Options.defaults()
                    .withKubernetesMinor(kubernetesMinor)), targetRequests);
        }
        return target;
    }

    /**
     * A new reconciler builder aimed at this cluster: {@code GitOps.reconciler().target(target())} with background
     * scheduling as the {@link GitOpsTest#backgroundScheduling()} setting says (off by default, so only {@code
     * reconcileNow} and {@code onPush} reconcile). Add renderers (and a source, if the built-in Git source does not
     * do) and build it; the reconciler is the caller's to close, as any other.
     */
    public ReconcilerBuilder reconciler() {
        return GitOps.reconciler().target(target()).backgroundScheduling(backgroundScheduling);
    }

    /** The calls made through {@link #target()}, as the requests a Kubernetes target would send. */
    public RequestLog targetRequests() {
        return targetRequests;
    }

    /** Git repositories and loopback servers in a private temporary directory, created on first call. */
    public synchronized GitFixtures git() {
        checkOpen();
        if (git == null) {
            git = GitFixtures.create();
        }
        return git;
    }

    /** Stops the simulators, the client's connections, the server and the Git servers; deletes temp dirs. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<RuntimeException> failures = new ArrayList<>();
        run(failures, simulators::close);
        if (target != null) {
            run(failures, target::close);
        }
        faults.clear();
        if (apiClient != null) {
            run(failures, () -> {
                apiClient.getHttpClient().dispatcher().executorService().shutdown();
                apiClient.getHttpClient().connectionPool().evictAll();
            });
        }
        if (server != null) {
            run(failures, server::close);
        }
        if (git != null) {
            run(failures, git::close);
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this test cluster is closed (its scope has ended)");
        }
    }

    private static void run(List<RuntimeException> failures, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }
}
