package io.gitops4j.examples.testing;

import static io.gitops4j.testkit.assertions.GitOpsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Application;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.PruneGuard;
import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.health.HealthStatus;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.Target;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.git.GitSource;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.fault.Fault;
import io.gitops4j.testkit.fault.FaultRule;
import io.gitops4j.testkit.fault.Faults;
import io.gitops4j.testkit.fault.Verb;
import io.gitops4j.testkit.git.GitFixtures;
import io.gitops4j.testkit.git.TestRepo;
import io.gitops4j.testkit.junit.GitOpsTest;
import io.gitops4j.testkit.kube.WriteOptions;
import io.gitops4j.testkit.server.RequestLog;
import io.gitops4j.testkit.simulate.StatusSimulators;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A small delivery scenario tested end to end with the testkit, the way a team embedding gitops4j would test its
 * own wiring: manifests in a Git repository served over {@code git://} → the engine with {@link GitSource} → the fake
 * cluster, with status simulators, fault injection, a request log and the testkit's assertions.
 */
@GitOpsTest
class ShopDeliveryTest {
    private static final ResourceKey WEB = ResourceKey.of("apps/v1", "Deployment", "shop", "web");
    private static final ResourceKey SETTINGS = ResourceKey.of("v1", "ConfigMap", "shop", "settings");
    private static final ResourceKey FLAGS = ResourceKey.of("v1", "ConfigMap", "shop", "flags");

    // injected by @GitOpsTest: a fresh cluster and fresh Git fixtures for every test
    private FakeKube kube;
    private GitFixtures git;
    private StatusSimulators simulators;
    private Faults faults;

    private final RequestLog calls = new RequestLog(10_000);
    private TestRepo repo;
    private Target target;
    private Reconciler reconciler;

    @BeforeEach
    void wire() {
        kube.create(kube.type("", "v1", "namespaces"), "", Map.of("metadata", Map.of("name", "shop")),
                WriteOptions.defaults());
        repo = git.repo("shop-deploy");
        repo.commit("shop v1")
                .add("apps/shop/web.yaml", deployment("nginx:1.27"))
                .add("apps/shop/settings.yaml", configMap("settings", "greeting", "hello"))
                .add("apps/shop/flags.yaml", configMap("flags", "checkout", "off"))
                .create();
        // the engine's calls pass the fault rules and are recorded as the requests a Kubernetes target would send
        target = faults.target(kube.asTarget(), calls);
        reconciler = GitOps.reconciler()
                .source(GitSource.builder().cacheDirectory(git.newDirectory("mirrors")).build())
                .renderers(Renderers.plainYaml())
                .target(target)
                .build();
        reconciler.register(Application.builder("shop")
                .source(SourceSpec.git(git.daemon().url("shop-deploy"), "main", "apps/shop"))
                .targetNamespace("shop")
                .syncPolicy(SyncPolicy.manual().withInterval(Duration.ofHours(1))
                        // three objects: pruning one is a third of the app, above the default blast-radius guard
                        .withPruneGuard(PruneGuard.unlimited()))
                .build());
    }

    @AfterEach
    void close() {
        reconciler.close();
        target.close();
    }

    private ReconcileResult reconcile() throws Exception {
        return reconciler.reconcileNow("shop").get(60, TimeUnit.SECONDS);
    }

    @Test
    void commitsReachTheClusterRolloutsGoHealthyAndRemovedFilesArePruned() throws Exception {
        ReconcileResult first = reconcile();

        assertThat(first).hasOutcome(Outcome.SYNCED).created(WEB, SETTINGS, FLAGS);
        assertThat(kube).contains(WEB).contains(FLAGS).hasLabel(WEB, "gitops4j.io/application", "shop")
                .hasField(SETTINGS, "hello", "data", "greeting");
        assertThat(calls).countOf(Verb.PATCH, "deployments").isEqualTo(1);

        simulators.awaitIdle(Duration.ofSeconds(10)); // the simulated deployment controller finishes the rollout
        assertThat(kube).isHealthy(WEB).hasField(WEB, 2L, "status", "availableReplicas");

        calls.clear();
        ReconcileResult again = reconcile();
        assertThat(again).hasOutcome(Outcome.SYNCED).hasNoWrites().unchanged(WEB, SETTINGS, FLAGS)
                .hasHealth(HealthStatus.HEALTHY);
        assertThat(calls).hasNoWrites();

        repo.commit("greet in French").add("apps/shop/settings.yaml", configMap("settings", "greeting", "bonjour"))
                .create();
        calls.clear();
        assertThat(reconcile()).hasOutcome(Outcome.SYNCED).updated(SETTINGS).unchanged(WEB, FLAGS);
        assertThat(kube).hasField(SETTINGS, "bonjour", "data", "greeting");
        assertThat(calls).countOf(Verb.PATCH, "configmaps").isEqualTo(1);
        assertThat(calls).countOf(Verb.PATCH, "deployments").isZero();

        repo.commit("drop the flags").remove("apps/shop/flags.yaml").create();
        calls.clear();
        assertThat(reconcile()).hasOutcome(Outcome.SYNCED).pruned(FLAGS);
        assertThat(kube).doesNotContain(FLAGS).contains(SETTINGS).contains(WEB);
        assertThat(calls).countOf(Verb.DELETE).isEqualTo(1);
    }

    @Test
    void aConsoleReadingThroughTheOfficialClientSeesTheRolloutAndWritesNothing(ApiClient client,
                                                                               RequestLog serverRequests)
            throws Exception {
        reconcile();
        simulators.awaitIdle(Duration.ofSeconds(10));

        var status = new AppsV1Api(client).readNamespacedDeployment("web", "shop").execute().getStatus();

        assertThat(status.getAvailableReplicas()).isEqualTo(2);
        assertThat(status.getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Progressing");
            assertThat(c.getReason()).isEqualTo("NewReplicaSetAvailable");
        });
        assertThat(serverRequests).hasNoWrites().hasNoServerErrors();
    }

    @Test
    void aRolloutThatMissesItsDeadlineIsReportedDegraded() throws Exception {
        simulators.fail("Deployment", "shop", "web");

        reconcile();
        simulators.awaitIdle(Duration.ofSeconds(10));

        assertThat(kube).hasHealth(WEB, HealthStatus.DEGRADED);
        assertThat(reconcile()).hasHealth(HealthStatus.DEGRADED).hasNoWrites();
    }

    @Test
    void aHungRolloutStaysProgressing() throws Exception {
        simulators.hang("Deployment", "shop", "web");

        reconcile();
        simulators.awaitIdle(Duration.ofSeconds(10));

        assertThat(reconcile()).hasOutcome(Outcome.SYNCED).hasHealth(HealthStatus.PROGRESSING);
    }

    @Test
    @DisplayName("DA-04 one transient 503 is retried within the pass; one that outlasts the pass's retry budget fails "
            + "the pass naming the object, and the next pass converges")
    void aTransientApiFailureIsRetriedAndOneThatPersistsFailsOnlyUntilItClears() throws Exception {
        faults.on(Verb.PATCH).resource("deployments").next(1).inject(Fault.serviceUnavailable());

        ReconcileResult retried = reconcile();

        assertThat(faults.injected()).hasSize(1);
        assertThat(retried).hasOutcome(Outcome.SYNCED).created(WEB);
        assertThat(calls.records(r -> r.status() == 503)).hasSize(1);
        assertThat(calls.records(r -> r.method().equals("PATCH") && r.resource().equals("deployments")))
                .extracting(r -> r.status()).containsExactly(503, 201);

        repo.commit("new image").add("apps/shop/web.yaml", deployment("nginx:1.28")).create();
        FaultRule down = faults.on(Verb.PATCH).resource("deployments").untilCleared()
                .inject(Fault.serviceUnavailable());
        ReconcileResult failed = reconcile();

        assertThat(failed).hasOutcome(Outcome.FAILED).failed(WEB).unchanged(SETTINGS, FLAGS)
                .hasFailure(ReconcileFailure.Phase.APPLY, TargetException.Reason.UNAVAILABLE);
        assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e).startsWith("1 object(s) failed: "
                + "Deployment.apps shop/web: ").contains("the server is currently unable to handle the request"));
        assertThat(down.fired()).as("the first attempt and at most three retries").isBetween(2L, 4L);

        down.clear();
        assertThat(reconcile()).hasOutcome(Outcome.SYNCED).updated(WEB);
        assertThat(kube).contains(WEB);
    }

    private static String deployment(String image) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  replicas: 2
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                        - name: web
                          image: %s
                """.formatted(image);
    }

    private static String configMap(String name, String key, String value) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\ndata:\n  " + key + ": " + value
                + "\n";
    }
}
