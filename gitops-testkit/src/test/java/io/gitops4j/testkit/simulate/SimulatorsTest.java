package io.gitops4j.testkit.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops4j.api.health.Health;
import io.gitops4j.api.health.HealthStatus;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.core.health.HealthRules;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.kube.PatchType;
import io.gitops4j.testkit.kube.ResourceType;
import io.gitops4j.testkit.kube.WriteOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each simulator, its hang and fail modes, and the engine's health rules judging what they write. */
class SimulatorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HealthRules HEALTH = HealthRules.builtIn();

    private final FakeKube kube = FakeKube.create();
    private StatusSimulators sim;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private StatusSimulators start(SimulatorSettings settings) {
        sim = StatusSimulators.start(kube, settings);
        return sim;
    }

    static Map<String, Object> json(String text) {
        try {
            return JSON.readValue(text, new TypeReference<>() { });
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private ResourceType type(String group, String plural) {
        return kube.type(group, "v1", plural);
    }

    private Map<String, Object> create(String group, String plural, String body) {
        return kube.create(type(group, plural), "default", json(body), WriteOptions.defaults()).object();
    }

    private Map<String, Object> read(String group, String plural, String name) {
        return kube.get(type(group, plural), "default", name);
    }

    private Health health(String group, String plural, String name) {
        return HEALTH.assess(LiveObject.of(Manifest.of(read(group, plural, name))));
    }

    static String deployment(String name, int replicas, String image) {
        return "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"" + name + "\"},"
                + "\"spec\":{\"replicas\":" + replicas + ",\"selector\":{\"matchLabels\":{\"app\":\"" + name + "\"}},"
                + "\"template\":{\"metadata\":{\"labels\":{\"app\":\"" + name + "\"}},\"spec\":{\"containers\":"
                + "[{\"name\":\"app\",\"image\":\"" + image + "\"}]}}}}";
    }

    private static String workload(String kind, String name, int replicas) {
        return deployment(name, replicas, "nginx:1.27").replace("\"Deployment\"", "\"" + kind + "\"")
                .replace("\"replicas\":" + replicas + ",", kind.equals("DaemonSet") ? ""
                        : "\"replicas\":" + replicas + ",");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(Map<String, Object> object) {
        return (Map<String, Object>) object.getOrDefault("status", Map.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> condition(Map<String, Object> object, String type) {
        for (Object c : (List<Object>) status(object).getOrDefault("conditions", List.of())) {
            if (type.equals(((Map<String, Object>) c).get("type"))) {
                return (Map<String, Object>) c;
            }
        }
        return Map.of();
    }

    private static void eventually(Supplier<Boolean> check) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!check.get()) {
            assertThat(System.nanoTime() < deadline).as("condition not reached within 10 s").isTrue();
            Thread.sleep(10);
        }
    }

    @Test
    void deploymentBecomesAvailableLikeTheRealController() throws Exception {
        start(SimulatorSettings.defaults());
        create("apps", "deployments", deployment("web", 3, "nginx:1.27"));
        assertThat(sim.awaitIdle(Duration.ofSeconds(10))).isTrue();

        Map<String, Object> d = read("apps", "deployments", "web");
        assertThat(status(d)).containsEntry("observedGeneration", 1L).containsEntry("replicas", 3L)
                .containsEntry("updatedReplicas", 3L).containsEntry("readyReplicas", 3L)
                .containsEntry("availableReplicas", 3L).doesNotContainKey("unavailableReplicas");
        assertThat(condition(d, "Available")).containsEntry("status", "True")
                .containsEntry("reason", "MinimumReplicasAvailable")
                .containsEntry("message", "Deployment has minimum availability.")
                .containsKeys("lastUpdateTime", "lastTransitionTime");
        assertThat(condition(d, "Progressing")).containsEntry("status", "True")
                .containsEntry("reason", "NewReplicaSetAvailable");
        assertThat((String) condition(d, "Progressing").get("message"))
                .matches("ReplicaSet \"web-[bcdfghjklmnpqrstvwxz2456789]+\" has successfully progressed\\.");
        assertThat(((Map<?, ?>) d.get("metadata")).get("generation")).isEqualTo(1L);
        assertThat(health("apps", "deployments", "web").status()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void deploymentIsProgressingUntilTheDelayPasses() throws Exception {
        start(SimulatorSettings.defaults().withDelay(Duration.ofHours(1)));
        create("apps", "deployments", deployment("web", 2, "nginx:1.27"));
        eventually(() -> status(read("apps", "deployments", "web")).containsKey("observedGeneration"));

        Map<String, Object> d = read("apps", "deployments", "web");
        assertThat(status(d)).containsEntry("replicas", 2L).containsEntry("updatedReplicas", 2L)
                .containsEntry("unavailableReplicas", 2L).doesNotContainKey("availableReplicas");
        assertThat(condition(d, "Available")).containsEntry("status", "False")
                .containsEntry("reason", "MinimumReplicasUnavailable");
        assertThat(condition(d, "Progressing")).containsEntry("reason", "NewReplicaSetCreated");
        Health h = health("apps", "deployments", "web");
        assertThat(h.status()).isEqualTo(HealthStatus.PROGRESSING);
        assertThat(h.message()).isEqualTo("0 of 2 replicas available");
    }

    @Test
    void hungRolloutStaysProgressingUntilReleased() throws Exception {
        start(SimulatorSettings.defaults());
        sim.hang("Deployment", "default", "web");
        create("apps", "deployments", deployment("web", 1, "nginx:1.27"));
        sim.awaitIdle(Duration.ofSeconds(10));
        assertThat(health("apps", "deployments", "web").status()).isEqualTo(HealthStatus.PROGRESSING);

        sim.behave("Deployment", "default", "web", Behaviour.COMPLETE);
        sim.awaitIdle(Duration.ofSeconds(10));

        assertThat(health("apps", "deployments", "web").status()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void failedRolloutExceedsItsProgressDeadlineAndIsDegraded() throws Exception {
        start(SimulatorSettings.defaults());
        sim.fail("Deployment", "default", "web");
        create("apps", "deployments", deployment("web", 2, "nginx:1.27"));
        sim.awaitIdle(Duration.ofSeconds(10));

        Map<String, Object> d = read("apps", "deployments", "web");
        assertThat(condition(d, "Progressing")).containsEntry("status", "False")
                .containsEntry("reason", "ProgressDeadlineExceeded");
        assertThat((String) condition(d, "Progressing").get("message")).endsWith("has timed out progressing.");
        Health h = health("apps", "deployments", "web");
        assertThat(h.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(h.message()).contains("progress deadline");
    }

    @Test
    void updatedDeploymentRollsOutItsNewGenerationAndCanHangOnIt() throws Exception {
        start(SimulatorSettings.defaults());
        create("apps", "deployments", deployment("web", 3, "nginx:1.27"));
        sim.awaitIdle(Duration.ofSeconds(10));
        sim.hang("Deployment", "default", "web");

        kube.patch(type("apps", "deployments"), "default", "web", PatchType.MERGE,
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"nginx:1.28\"}]}}}}",
                WriteOptions.defaults());
        sim.awaitIdle(Duration.ofSeconds(10));

        Map<String, Object> d = read("apps", "deployments", "web");
        assertThat(status(d)).containsEntry("observedGeneration", 2L).containsEntry("availableReplicas", 3L)
                .doesNotContainKey("updatedReplicas");
        assertThat(condition(d, "Available")).containsEntry("status", "True");
        assertThat(condition(d, "Progressing")).containsEntry("reason", "ReplicaSetUpdated");
        assertThat(health("apps", "deployments", "web"))
                .isEqualTo(Health.progressing("0 of 3 replicas updated"));

        sim.behave("Deployment", "default", "web", Behaviour.COMPLETE);
        sim.awaitIdle(Duration.ofSeconds(10));
        assertThat(health("apps", "deployments", "web").status()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void statefulSetBecomesReadyOrHangs() throws Exception {
        start(SimulatorSettings.defaults());
        sim.hang("StatefulSet", "default", "stuck");
        create("apps", "statefulsets", workload("StatefulSet", "db", 2));
        create("apps", "statefulsets", workload("StatefulSet", "stuck", 2));
        sim.awaitIdle(Duration.ofSeconds(10));

        Map<String, Object> db = read("apps", "statefulsets", "db");
        assertThat(status(db)).containsEntry("replicas", 2L).containsEntry("readyReplicas", 2L)
                .containsEntry("updatedReplicas", 2L).containsEntry("currentReplicas", 2L)
                .containsEntry("availableReplicas", 2L).containsEntry("observedGeneration", 1L);
        assertThat(status(db).get("currentRevision")).isEqualTo(status(db).get("updateRevision"));
        assertThat(health("apps", "statefulsets", "db").status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(status(read("apps", "statefulsets", "stuck"))).containsEntry("replicas", 0L)
                .containsEntry("availableReplicas", 0L);
        assertThat(health("apps", "statefulsets", "stuck").status()).isEqualTo(HealthStatus.PROGRESSING);
    }

    @Test
    void daemonSetIsScheduledOnEveryNode() throws Exception {
        start(SimulatorSettings.defaults().withNodes(3));
        create("apps", "daemonsets", workload("DaemonSet", "agent", 0));
        sim.awaitIdle(Duration.ofSeconds(10));

        assertThat(status(read("apps", "daemonsets", "agent"))).containsEntry("desiredNumberScheduled", 3L)
                .containsEntry("currentNumberScheduled", 3L).containsEntry("numberReady", 3L)
                .containsEntry("numberAvailable", 3L).containsEntry("updatedNumberScheduled", 3L)
                .containsEntry("numberMisscheduled", 0L).doesNotContainKey("numberUnavailable");
        assertThat(health("apps", "daemonsets", "agent").status()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void replicaSetBecomesAvailable() throws Exception {
        start(SimulatorSettings.defaults().withDelay(Duration.ofMillis(50)));
        create("apps", "replicasets", workload("ReplicaSet", "rs", 2));
        eventually(() -> status(read("apps", "replicasets", "rs")).containsKey("replicas"));
        sim.awaitIdle(Duration.ofSeconds(10));

        assertThat(status(read("apps", "replicasets", "rs"))).containsEntry("replicas", 2L)
                .containsEntry("fullyLabeledReplicas", 2L).containsEntry("readyReplicas", 2L)
                .containsEntry("availableReplicas", 2L).containsEntry("observedGeneration", 1L);
        assertThat(health("apps", "replicasets", "rs").status()).isEqualTo(HealthStatus.HEALTHY);
    }

    private static String job(String name) {
        return "{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":"
                + "{\"backoffLimit\":2,\"template\":{\"spec\":{\"restartPolicy\":\"Never\",\"containers\":"
                + "[{\"name\":\"m\",\"image\":\"busybox\"}]}}}}";
    }

    @Test
    void jobsCompleteOrFail() throws Exception {
        start(SimulatorSettings.defaults());
        sim.fail("Job", "default", "broken");
        create("batch", "jobs", job("migrate"));
        create("batch", "jobs", job("broken"));
        sim.awaitIdle(Duration.ofSeconds(10));

        Map<String, Object> ok = read("batch", "jobs", "migrate");
        assertThat(status(ok)).containsEntry("succeeded", 1L).containsKeys("startTime", "completionTime");
        assertThat(condition(ok, "Complete")).containsEntry("status", "True").containsEntry("reason",
                "CompletionsReached");
        assertThat(condition(ok, "SuccessCriteriaMet")).containsEntry("status", "True");
        assertThat(health("batch", "jobs", "migrate").status()).isEqualTo(HealthStatus.HEALTHY);

        Map<String, Object> bad = read("batch", "jobs", "broken");
        assertThat(status(bad)).containsEntry("failed", 3L).doesNotContainKey("completionTime");
        assertThat(condition(bad, "Failed")).containsEntry("reason", "BackoffLimitExceeded")
                .containsEntry("message", "Job has reached the specified backoff limit");
        assertThat(health("batch", "jobs", "broken").status()).isEqualTo(HealthStatus.DEGRADED);
    }

    @Test
    void runningJobIsProgressing() throws Exception {
        start(SimulatorSettings.defaults().withDelay(Duration.ofHours(1)));
        create("batch", "jobs", job("migrate"));
        eventually(() -> status(read("batch", "jobs", "migrate")).containsKey("startTime"));

        assertThat(status(read("batch", "jobs", "migrate"))).containsEntry("active", 1L);
        assertThat(health("batch", "jobs", "migrate").status()).isEqualTo(HealthStatus.PROGRESSING);
    }

    @Test
    void claimIsBoundWithItsRequestedCapacity() throws Exception {
        start(SimulatorSettings.defaults());
        create("", "persistentvolumeclaims", "{\"apiVersion\":\"v1\",\"kind\":\"PersistentVolumeClaim\","
                + "\"metadata\":{\"name\":\"data\"},\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],"
                + "\"resources\":{\"requests\":{\"storage\":\"5Gi\"}}}}");
        sim.awaitIdle(Duration.ofSeconds(10));

        assertThat(status(read("", "persistentvolumeclaims", "data"))).containsEntry("phase", "Bound")
                .containsEntry("capacity", Map.of("storage", "5Gi"))
                .containsEntry("accessModes", List.of("ReadWriteOnce"));
        assertThat(health("", "persistentvolumeclaims", "data").status()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void loadBalancerGetsAnIngressAddressAndOtherServicesAreLeftAlone() throws Exception {
        start(SimulatorSettings.defaults());
        String svc = "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"NAME\"},"
                + "\"spec\":{\"type\":\"TYPE\",\"ports\":[{\"port\":80}]}}";
        create("", "services", svc.replace("NAME", "lb").replace("TYPE", "LoadBalancer"));
        create("", "services", svc.replace("NAME", "plain").replace("TYPE", "ClusterIP"));
        sim.awaitIdle(Duration.ofSeconds(10));

        assertThat(status(read("", "services", "lb")).get("loadBalancer"))
                .isEqualTo(Map.of("ingress", List.of(Map.of("ip", "198.51.100.1", "ipMode", "VIP"))));
        assertThat(health("", "services", "lb").status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(status(read("", "services", "plain"))).containsEntry("loadBalancer", Map.of());
    }

    @Test
    void loadBalancerWithoutSimulationStaysProgressing() throws Exception {
        start(SimulatorSettings.defaults().without(Simulation.LOAD_BALANCERS));
        create("", "services", "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"lb\"},"
                + "\"spec\":{\"type\":\"LoadBalancer\",\"ports\":[{\"port\":80}]}}");
        sim.awaitIdle(Duration.ofSeconds(10));

        assertThat(health("", "services", "lb").status()).isEqualTo(HealthStatus.PROGRESSING);
    }

    @Test
    void disabledSimulationLeavesTheStatusAlone() throws Exception {
        start(SimulatorSettings.defaults().without(Simulation.DEPLOYMENTS));
        create("apps", "deployments", deployment("web", 1, "nginx:1.27"));
        sim.awaitIdle(Duration.ofSeconds(10));

        assertThat(status(read("apps", "deployments", "web"))).doesNotContainKey("observedGeneration");
        assertThat(health("apps", "deployments", "web").status()).isEqualTo(HealthStatus.PROGRESSING);
        assertThat(sim.simulatedKinds()).doesNotContain("apps/Deployment").contains("batch/Job");
    }

    @Test
    void objectsThatExistBeforeTheStartArePickedUp() throws Exception {
        create("apps", "deployments", deployment("early", 1, "nginx:1.27"));
        start(SimulatorSettings.defaults());
        sim.awaitIdle(Duration.ofSeconds(10));

        assertThat(health("apps", "deployments", "early").status()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void namespacesAndCrdsAreHealthyWithoutASimulator() {
        kube.create(kube.type("", "v1", "namespaces"), "", json("{\"metadata\":{\"name\":\"shop\"}}"),
                WriteOptions.defaults());
        Map<String, Object> crd = json("{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":"
                + "\"CustomResourceDefinition\",\"metadata\":{\"name\":\"widgets.example.com\"},\"spec\":{\"group\":"
                + "\"example.com\",\"scope\":\"Namespaced\",\"names\":{\"plural\":\"widgets\",\"kind\":\"Widget\"},"
                + "\"versions\":[{\"name\":\"v1\",\"served\":true,\"storage\":true,\"schema\":{\"openAPIV3Schema\":"
                + "{\"type\":\"object\"}}}]}}");
        ResourceType crds = kube.type("apiextensions.k8s.io", "v1", "customresourcedefinitions");
        kube.create(crds, "", crd, WriteOptions.defaults());

        assertThat(HEALTH.assess(LiveObject.of(Manifest.of(kube.get(kube.type("", "v1", "namespaces"), "", "shop"))))
                .status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(HEALTH.assess(LiveObject.of(Manifest.of(kube.get(crds, "", "widgets.example.com"))))
                .status()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    @SuppressWarnings("unchecked")
    void statusIsWrittenByTheControllerManagerThroughTheStatusSubresource() throws Exception {
        start(SimulatorSettings.defaults());
        create("apps", "deployments", deployment("web", 1, "nginx:1.27"));
        sim.awaitIdle(Duration.ofSeconds(10));

        Map<String, Object> meta = (Map<String, Object>) read("apps", "deployments", "web").get("metadata");
        assertThat((List<Map<String, Object>>) meta.get("managedFields"))
                .anySatisfy(m -> assertThat(m).containsEntry("manager", "kube-controller-manager")
                        .containsEntry("subresource", "status"));
    }

    @Test
    void closeStopsTheSimulatorThreadAndDetaches() throws Exception {
        start(SimulatorSettings.defaults());
        create("apps", "deployments", deployment("web", 1, "nginx:1.27"));
        sim.awaitIdle(Duration.ofSeconds(10));
        assertThat(simulatorThreads()).isPositive();
        sim.close();
        eventually(() -> simulatorThreads() == 0);

        create("apps", "deployments", deployment("late", 1, "nginx:1.27"));
        Thread.sleep(100);
        assertThat(status(read("apps", "deployments", "late"))).doesNotContainKey("observedGeneration");
    }

    private static long simulatorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("gitops4j-status-simulator") && t.isAlive()).count();
    }
}
