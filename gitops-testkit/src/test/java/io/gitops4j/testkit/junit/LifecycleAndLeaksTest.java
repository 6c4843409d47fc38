package io.gitops4j.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.Leaks;
import io.gitops4j.testkit.git.GitFixtures;
import io.gitops4j.testkit.simulate.Simulation;
import io.gitops4j.testkit.simulate.StatusSimulators;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs sample test classes through the JUnit launcher and checks the cluster's lifecycle and that nothing leaks:
 * no thread started by the run is left, its ports are closed, its temporary files and directories are gone.
 */
class LifecycleAndLeaksTest {
    static final List<Object> SEEN = new CopyOnWriteArrayList<>();
    static final List<Integer> PORTS = new CopyOnWriteArrayList<>();

    /** Sample classes run only through {@link #run}, never on their own (a broad test pattern would pick them). */
    static final String SAMPLES = "gitops4j.testkit.samples";

    private static TestExecutionSummary run(Class<?> testClass) {
        SEEN.clear();
        PORTS.clear();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        System.setProperty(SAMPLES, "run");
        try {
            launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(),
                    listener);
        } finally {
            System.clearProperty(SAMPLES);
        }
        return listener.getSummary();
    }

    @EnabledIfSystemProperty(named = SAMPLES, matches = "run")
    @GitOpsTest
    static class PerMethodSample {
        @Test
        void one(FakeKube kube) {
            SEEN.add(kube);
        }

        @Test
        void two(FakeKube kube) {
            SEEN.add(kube);
        }
    }

    @EnabledIfSystemProperty(named = SAMPLES, matches = "run")
    @GitOpsTest(lifecycle = Lifecycle.PER_CLASS)
    static class PerClassSample {
        static FakeKube fromBeforeAll;

        @BeforeAll
        static void before(FakeKube kube) {
            fromBeforeAll = kube;
        }

        @Test
        void one(FakeKube kube) {
            SEEN.add(kube);
        }

        @Test
        void two(FakeKube kube) {
            SEEN.add(kube);
        }
    }

    @EnabledIfSystemProperty(named = SAMPLES, matches = "run")
    @GitOpsTest
    static class BeforeAllWithoutPerClassSample {
        @BeforeAll
        static void before(FakeKube kube) {
            SEEN.add(kube);
        }

        @Test
        void one() {
        }
    }

    @EnabledIfSystemProperty(named = SAMPLES, matches = "run")
    @GitOpsTest(simulators = false)
    static class NoSimulatorsSample {
        @Test
        void one(StatusSimulators simulators) {
            SEEN.add(simulators.simulatedKinds());
        }
    }

    @EnabledIfSystemProperty(named = SAMPLES, matches = "run")
    @GitOpsTest(disabledSimulations = {Simulation.JOBS, Simulation.LOAD_BALANCERS}, kubernetesMinor = 29,
            namespaceDefaults = true)
    static class SettingsSample {
        @Test
        void one(StatusSimulators simulators, ApiClient client) throws Exception {
            SEEN.add(simulators.simulatedKinds());
            SEEN.add(new io.kubernetes.client.openapi.apis.VersionApi(client).getCode().execute().getMinor());
            SEEN.add(new CoreV1Api(client).listNamespacedConfigMap("default").execute().getItems().stream()
                    .map(cm -> cm.getMetadata().getName()).toList());
        }
    }

    /** Uses every part that holds threads, ports or files. */
    @EnabledIfSystemProperty(named = SAMPLES, matches = "run")
    @GitOpsTest
    static class EverythingSample {
        @Test
        void one(FakeApiServer server, ApiClient client, GitFixtures git, FakeKube kube,
                 StatusSimulators simulators, io.gitops4j.api.target.Target target) throws Exception {
            new CoreV1Api(client).listNamespace().execute();
            kube.create(kube.type("batch", "v1", "jobs"), "default", java.util.Map.of("metadata",
                    java.util.Map.of("name", "j"), "spec", java.util.Map.of("template", java.util.Map.of("spec",
                            java.util.Map.of("restartPolicy", "Never", "containers",
                                    List.of(java.util.Map.of("name", "c", "image", "busybox")))))),
                    io.gitops4j.testkit.kube.WriteOptions.defaults());
            simulators.awaitIdle(java.time.Duration.ofSeconds(10));
            AutoCloseable watch = target.view().watch(java.util.Set.of(
                    new io.gitops4j.api.resource.GroupKind("batch", "Job")), e -> { });
            SEEN.add(watch);
            git.repo("r").commit("c").add("a.yaml", "a: 1\n").create();
            PORTS.add(server.port());
            PORTS.add(git.daemon().port());
            SEEN.add(server.kubeconfig());
            SEEN.add(git.newDirectory("probe").getParent().getParent()); // the fixtures' private temp root
        }

        @Test
        void two(FakeApiServer server, ApiClient client) throws Exception {
            new CoreV1Api(client).listNamespace().execute();
            PORTS.add(server.port());
        }
    }

    @Test
    void perMethodGivesEachTestItsOwnCluster() {
        TestExecutionSummary summary = run(PerMethodSample.class);

        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(SEEN).hasSize(2);
        assertThat(SEEN.get(0)).isNotSameAs(SEEN.get(1));
    }

    @Test
    void perClassSharesOneClusterWithBeforeAll() {
        TestExecutionSummary summary = run(PerClassSample.class);

        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(SEEN).hasSize(2);
        assertThat(SEEN.get(0)).isSameAs(SEEN.get(1)).isSameAs(PerClassSample.fromBeforeAll);
    }

    @Test
    void beforeAllWithPerMethodFailsWithAClearMessage() {
        TestExecutionSummary summary = run(BeforeAllWithoutPerClassSample.class);

        assertThat(summary.getFailures()).singleElement().satisfies(f -> assertThat(f.getException())
                .hasMessageContaining("gives each test method its own cluster")
                .hasMessageContaining("use lifecycle = Lifecycle.PER_CLASS"));
        assertThat(SEEN).isEmpty();
    }

    @Test
    void annotationSettingsReachTheCluster() {
        assertThat(run(NoSimulatorsSample.class).getTestsSucceededCount()).isEqualTo(1);
        assertThat(SEEN).containsExactly(List.of());

        assertThat(run(SettingsSample.class).getTestsSucceededCount()).isEqualTo(1);
        assertThat(SEEN.get(0)).asList().contains("apps/Deployment").doesNotContain("batch/Job", "Service");
        assertThat(SEEN.get(1)).isEqualTo("29");
        assertThat(SEEN.get(2)).isEqualTo(List.of("kube-root-ca.crt"));
    }

    @Test
    void nothingLeaksThreadsPortsOrTempFiles() throws Exception {
        run(EverythingSample.class); // warm-up: JVM-wide pools (OkHttp's task runner) start once
        Set<Thread> threadsBefore = Leaks.threads();

        TestExecutionSummary summary = run(EverythingSample.class);

        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(PORTS).hasSize(3);
        for (int port : PORTS) {
            assertThat(Leaks.isListening(port)).as("port %d still open", port).isFalse();
        }
        Path kubeconfig = (Path) SEEN.get(1);
        Path fixtures = (Path) SEEN.get(2);
        assertThat(kubeconfig.getFileName().toString()).startsWith("gitops4j-fake-kubeconfig-");
        assertThat(fixtures.getFileName().toString()).startsWith("gitops4j-fixtures-");
        assertThat(kubeconfig).as("temporary kubeconfig deleted").doesNotExist();
        assertThat(fixtures).as("Git fixtures directory deleted").doesNotExist();
        assertThat(Leaks.threadsStartedSince(threadsBefore, Duration.ofSeconds(5)))
                .as("threads started by the run and still alive").isEmpty();
    }
}
