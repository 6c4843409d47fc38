package com.example.console;

import static io.gitops4j.testkit.assertions.GitOpsAssertions.assertThat;
import static java.util.concurrent.TimeUnit.MINUTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gitops4j.api.Application;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.health.HealthStatus;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.engine.ReconcilerBuilder;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.fault.Fault;
import io.gitops4j.testkit.fault.FaultRule;
import io.gitops4j.testkit.fault.Faults;
import io.gitops4j.testkit.fault.Verb;
import io.gitops4j.testkit.git.GitFixtures;
import io.gitops4j.testkit.git.TestRepo;
import io.gitops4j.testkit.junit.GitOpsTest;
import io.gitops4j.testkit.junit.TestCluster;
import io.gitops4j.testkit.kube.WriteOptions;
import io.gitops4j.testkit.server.RequestLog;
import io.gitops4j.testkit.simulate.Behaviour;
import io.gitops4j.testkit.simulate.StatusSimulators;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fragments docs/testing.md shows (between the snippet markers), each in a test that runs it. */
@GitOpsTest
class TestkitTourTest {
    private final ResourceKey web = ResourceKey.of("apps/v1", "Deployment", "shop", "web");
    private final ResourceKey migrate = ResourceKey.of("batch/v1", "Job", "shop", "migrate");
    private final ResourceKey settings = ResourceKey.of("v1", "ConfigMap", "shop", "settings");
    private final ResourceKey flags = ResourceKey.of("v1", "ConfigMap", "shop", "flags");
    private final ResourceKey oldConfig = ResourceKey.of("v1", "ConfigMap", "shop", "old-config");

    @BeforeEach
    void namespace(FakeKube kube) {
        kube.create(kube.type("", "v1", "namespaces"), "", Map.of("metadata", Map.of("name", "shop")),
                WriteOptions.defaults());
    }

    @Test
    void simulators(FakeKube kube, StatusSimulators simulators) throws Exception {
        // snippet:simulators
        simulators.hang("Deployment", "shop", "web");                        // stays PROGRESSING
        simulators.fail("Job", "shop", "migrate");                           // Failed, BackoffLimitExceeded
        kube.create(kube.type("apps", "v1", "deployments"), "shop", deployment(), WriteOptions.defaults());
        kube.create(kube.type("batch", "v1", "jobs"), "shop", job(), WriteOptions.defaults());
        simulators.awaitIdle(Duration.ofSeconds(5));                         // wait for queued and delayed steps
        assertThat(kube).hasHealth(web, HealthStatus.PROGRESSING).hasHealth(migrate, HealthStatus.DEGRADED);

        simulators.behave("Deployment", "shop", "web", Behaviour.COMPLETE);  // release a hung rollout now
        simulators.awaitIdle(Duration.ofSeconds(5));
        assertThat(kube).isHealthy(web);
        // end:simulators
    }

    @Test
    void faults(Faults faults, ApiClient client) throws Exception {
        V1ConfigMap flagsMap = new V1ConfigMap().metadata(new V1ObjectMeta().name("flags"));
        // snippet:faults
        FaultRule denied = faults.on(Verb.CREATE).resource("configmaps")
                .inject(Fault.admissionDenied("policy.example.com", "team label required"));
        faults.on(Verb.PATCH).resource("deployments").namespace("shop").name("web")
                .next(2).inject(Fault.serviceUnavailable());                             // the next 2 matching ones
        faults.on(Verb.GET, Verb.LIST).fraction(0.1).inject(Fault.tooManyRequests(1));   // 10 % of them, seeded
        faults.onAny().inject(Fault.latency(Duration.ofMillis(20)));                     // every request, until cleared
        faults.slowCrd("widgets.example.com", Duration.ofSeconds(2));                    // not Established for 2 s

        ApiException refused = catchThrowableOfType(ApiException.class,
                () -> new CoreV1Api(client).createNamespacedConfigMap("shop", flagsMap).execute());
        assertThat(refused.getCode()).isEqualTo(403);
        assertThat(refused.getResponseBody()).contains("policy.example.com", "team label required");

        denied.clear();                                                                  // or faults.clear()
        new CoreV1Api(client).createNamespacedConfigMap("shop", flagsMap).execute();
        // end:faults
        assertThat(faults.injected()).isNotEmpty();
    }

    @Test
    void assertions(ReconcilerBuilder reconcilers, TestCluster cluster, FakeKube kube, GitFixtures git,
                    StatusSimulators simulators, FakeApiServer server) throws Exception {
        TestRepo repo = git.repo("shop-deploy");
        repo.commit("v1").add("shop/settings.yaml", configMap("settings", "hi")).add("shop/flags.yaml",
                configMap("flags", "off")).add("shop/old-config.yaml", configMap("old-config", "x"))
                .add("shop/extra.yaml", configMap("extra", "y")).create();
        try (Reconciler reconciler = reconcilers.renderers(Renderers.plainYaml()).build()) {
            reconciler.register(Application.builder("shop")
                    .source(SourceSpec.git(git.daemon().url("shop-deploy"), "main", "shop"))
                    .targetNamespace("shop").syncPolicy(SyncPolicy.automated()).build());
            reconciler.reconcileNow("shop").get(1, MINUTES);
            simulators.fail("Job", "shop", "migrate");
            repo.commit("v2").add("shop/settings.yaml", configMap("settings", "hello"))
                    .add("shop/web.yaml", yaml(deployment())).add("shop/migrate.yaml", yaml(job()))
                    .remove("shop/old-config.yaml").create();

            ReconcileResult result = reconciler.reconcileNow("shop").get(1, MINUTES);
            simulators.awaitIdle(Duration.ofSeconds(10));
            RequestLog log = cluster.targetRequests();

            // snippet:assertions
            assertThat(kube).contains(web).hasLabel(web, "app", "shop").hasField(settings, "hello", "data", "greeting")
                    .isHealthy(web).hasHealth(migrate, HealthStatus.DEGRADED).doesNotContain(oldConfig);
            assertThat(result).hasOutcome(Outcome.SYNCED).created(web, migrate).updated(settings).pruned(oldConfig)
                    .unchanged(flags);
            assertThat(server.requests()).hasNoWrites().hasNoServerErrors();   // the engine wrote through the target
            assertThat(log).countOf(Verb.DELETE, "configmaps").isEqualTo(1);
            // end:assertions
        }
    }

    private static Map<String, Object> deployment() {
        Map<String, Object> labels = Map.of("app", "shop");
        return Map.of("apiVersion", "apps/v1", "kind", "Deployment", "metadata", Map.of("name", "web",
                "labels", labels), "spec", Map.of("replicas", 1, "selector", Map.of("matchLabels", labels),
                "template", Map.of("metadata", Map.of("labels", labels), "spec", Map.of("containers",
                        List.of(Map.of("name", "web", "image", "nginx:1.27"))))));
    }

    private static Map<String, Object> job() {
        return Map.of("apiVersion", "batch/v1", "kind", "Job", "metadata", Map.of("name", "migrate"),
                "spec", Map.of("template", Map.of("spec", Map.of("restartPolicy", "Never", "containers",
                        List.of(Map.of("name", "migrate", "image", "busybox"))))));
    }

    private static String configMap(String name, String greeting) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\ndata:\n  greeting: " + greeting + "\n";
    }

    /** Objects as JSON, which is YAML too. */
    private static String yaml(Map<String, Object> object) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(object);
    }
}
