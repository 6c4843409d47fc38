package io.gitops4j.testkit.kube;

import static io.gitops4j.testkit.kube.Trees.at;
import static io.gitops4j.testkit.kube.Trees.map;
import static io.gitops4j.testkit.kube.Trees.str;
import static io.gitops4j.testkit.kube.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.testkit.FakeKube;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a new Pod looks like after the server's defaulting, admission plugins and create strategy. */
class PodDefaultsTest {

    private final FakeKube kube = FakeKube.create();
    private final ResourceType pods = kube.type("", "v1", "pods");

    private Map<String, Object> create(String yaml) {
        return kube.create(pods, "default", yaml(yaml), WriteOptions.defaults().withFieldManager("kubectl-create"))
                .object();
    }

    @Test
    void aBarePodGetsTheSpecDefaultsAndAdmissionFields() {
        Map<String, Object> p = create("""
                metadata: {name: bare}
                spec:
                  containers: [{name: c, image: nginx}]
                """);
        Map<String, Object> spec = map(p, "spec");
        assertThat(spec).containsEntry("dnsPolicy", "ClusterFirst").containsEntry("restartPolicy", "Always")
                .containsEntry("schedulerName", "default-scheduler").containsEntry("securityContext", Map.of())
                .containsEntry("terminationGracePeriodSeconds", 30L).containsEntry("enableServiceLinks", true)
                .containsEntry("priority", 0L).containsEntry("preemptionPolicy", "PreemptLowerPriority")
                .containsEntry("serviceAccountName", "default").containsEntry("serviceAccount", "default");
        assertThat(at(p, "spec.tolerations")).isEqualTo(List.of(
                toleration("node.kubernetes.io/not-ready"), toleration("node.kubernetes.io/unreachable")));
        Map<String, Object> c = map(p, "spec.containers.0");
        assertThat(c).containsEntry("imagePullPolicy", "Always").containsEntry("resources", Map.of())
                .containsEntry("terminationMessagePath", "/dev/termination-log")
                .containsEntry("terminationMessagePolicy", "File");
        String volume = str(p, "spec.volumes.0.name");
        assertThat(volume).matches("kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}");
        assertThat(at(p, "spec.volumes.0.projected.defaultMode")).isEqualTo(420L);
        assertThat(at(p, "spec.volumes.0.projected.sources.0.serviceAccountToken"))
                .isEqualTo(Map.of("expirationSeconds", 3607L, "path", "token"));
        assertThat(at(p, "spec.volumes.0.projected.sources.1.configMap.name")).isEqualTo("kube-root-ca.crt");
        assertThat(at(p, "spec.volumes.0.projected.sources.2.downwardAPI.items.0.fieldRef"))
                .isEqualTo(Map.of("apiVersion", "v1", "fieldPath", "metadata.namespace"));
        assertThat(at(p, "spec.containers.0.volumeMounts")).isEqualTo(List.of(Map.of("name", volume,
                "readOnly", true, "mountPath", "/var/run/secrets/kubernetes.io/serviceaccount")));
        assertThat(at(p, "status")).isEqualTo(Map.of("phase", "Pending", "qosClass", "BestEffort"));
    }

    @Test
    void aPodReadBackThroughEveryWritePathIsPendingWithAQosClass() {
        create("{metadata: {name: made}, spec: {containers: [{name: c, image: nginx}]}}");
        kube.patch(pods, "default", "applied", PatchType.APPLY, """
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "applied"},
                 "spec": {"containers": [{"name": "c", "image": "nginx"}]}}""", WriteOptions.apply("gitops"));
        Map<String, Object> dry = kube.create(pods, "default", yaml(
                "{metadata: {name: dry}, spec: {containers: [{name: c, image: nginx}]}}"),
                WriteOptions.defaults().withDryRun(true)).object();
        for (Map<String, Object> p : List.of(kube.get(pods, "default", "made"), kube.get(pods, "default", "applied"),
                dry)) {
            assertThat(at(p, "status.phase")).isEqualTo("Pending");
            assertThat(at(p, "status.qosClass")).isEqualTo("BestEffort");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void admissionFieldsAreNotOwnedByTheCreator() {
        Map<String, Object> p = create("{metadata: {name: owned}, spec: {containers: [{name: c, image: nginx}]}}");
        Map<String, Object> fields = map(p, "metadata.managedFields.0.fieldsV1.f:spec");
        assertThat(fields).containsKeys("f:dnsPolicy", "f:enableServiceLinks", "f:restartPolicy",
                "f:schedulerName", "f:securityContext", "f:terminationGracePeriodSeconds")
                .doesNotContainKeys("f:priority", "f:preemptionPolicy", "f:serviceAccountName", "f:tolerations",
                        "f:volumes");
    }

    @Test
    void qosClassFollowsRequestsAndLimitsWithRequestsDefaultedFromLimits() {
        Map<String, Object> guaranteed = create("""
                metadata: {name: g}
                spec:
                  containers:
                  - {name: a, image: x:1, resources: {limits: {cpu: "1", memory: 1Gi}}}
                  - {name: b, image: x:1, resources: {requests: {cpu: 500m, memory: 512Mi},
                                                        limits: {cpu: "0.5", memory: 536870912}}}
                """);
        assertThat(at(guaranteed, "spec.containers.0.resources.requests"))
                .as("requests copied from limits on a Pod").isEqualTo(Map.of("cpu", "1", "memory", "1Gi"));
        assertThat(str(guaranteed, "status.qosClass")).isEqualTo("Guaranteed");
        Map<String, Object> burstable = create("""
                metadata: {name: b}
                spec:
                  containers:
                  - {name: a, image: x:1, resources: {limits: {cpu: "1"}}}
                """);
        assertThat(str(burstable, "status.qosClass")).isEqualTo("Burstable");
        Map<String, Object> initOnly = create("""
                metadata: {name: i}
                spec:
                  initContainers: [{name: init, image: x:1, resources: {requests: {memory: 10Mi}}}]
                  containers: [{name: a, image: x:1}]
                """);
        assertThat(str(initOnly, "status.qosClass")).isEqualTo("Burstable");
    }

    @Test
    void containerDefaultsFollowTheImageAndTheHandlers() {
        Map<String, Object> p = create("""
                metadata: {name: handlers}
                spec:
                  hostNetwork: true
                  containers:
                  - name: a
                    image: registry.local:5000/team/app
                    ports: [{containerPort: 8080}]
                    livenessProbe: {grpc: {port: 9000}}
                    readinessProbe: {httpGet: {port: 8080}}
                    lifecycle: {preStop: {httpGet: {port: 8080, path: /stop}}}
                    env: [{name: NS, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}]
                  - {name: b, image: "app:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}
                  - {name: c, image: "app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}
                  - {name: d, image: "app:1.2", imagePullPolicy: Never}
                  volumes:
                  - {name: scratch}
                  - {name: info, downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}}
                  - {name: token, projected: {sources: [{serviceAccountToken: {path: t}}]}}
                """);
        assertThat(str(p, "spec.containers.0.imagePullPolicy")).as("registry port is no tag").isEqualTo("Always");
        assertThat(str(p, "spec.containers.1.imagePullPolicy")).as("latest tag with digest").isEqualTo("Always");
        assertThat(str(p, "spec.containers.2.imagePullPolicy")).as("digest only").isEqualTo("IfNotPresent");
        assertThat(str(p, "spec.containers.3.imagePullPolicy")).isEqualTo("Never");
        assertThat(at(p, "spec.containers.0.ports.0")).as("host network mirrors the port")
                .isEqualTo(Map.of("containerPort", 8080L, "hostPort", 8080L, "protocol", "TCP"));
        assertThat(at(p, "spec.containers.0.livenessProbe.grpc")).isEqualTo(Map.of("port", 9000L, "service", ""));
        assertThat(at(p, "spec.containers.0.readinessProbe.httpGet"))
                .isEqualTo(Map.of("port", 8080L, "path", "/", "scheme", "HTTP"));
        assertThat(at(p, "spec.containers.0.lifecycle.preStop.httpGet"))
                .isEqualTo(Map.of("port", 8080L, "path", "/stop", "scheme", "HTTP"));
        assertThat(str(p, "spec.containers.0.env.0.valueFrom.fieldRef.apiVersion")).isEqualTo("v1");
        assertThat(at(p, "spec.volumes.0")).isEqualTo(Map.of("name", "scratch", "emptyDir", Map.of()));
        assertThat(at(p, "spec.volumes.1.downwardAPI.defaultMode")).isEqualTo(420L);
        assertThat(str(p, "spec.volumes.1.downwardAPI.items.0.fieldRef.apiVersion")).isEqualTo("v1");
        assertThat(at(p, "spec.volumes.2.projected.sources.0.serviceAccountToken.expirationSeconds"))
                .isEqualTo(3600L);
    }

    @Test
    void serviceAccountTokenIsNotMountedWhenSwitchedOffAndExistingTolerationsAreKept() {
        kube.create(kube.type("", "v1", "serviceaccounts"), "default", yaml("""
                metadata: {name: quiet}
                automountServiceAccountToken: false
                """), WriteOptions.defaults());
        Map<String, Object> p = create("""
                metadata: {name: quiet}
                spec:
                  serviceAccountName: quiet
                  tolerations: [{operator: Exists}]
                  containers: [{name: c, image: nginx:1}]
                """);
        assertThat(str(p, "spec.serviceAccount")).isEqualTo("quiet");
        assertThat(at(p, "spec.volumes")).isNull();
        assertThat(at(p, "spec.containers.0.volumeMounts")).isNull();
        assertThat(at(p, "spec.tolerations")).as("tolerate-everything covers both taints")
                .isEqualTo(List.of(Map.of("operator", "Exists")));
    }

    @Test
    void priorityComesFromThePriorityClass() {
        ResourceType classes = kube.type("scheduling.k8s.io", "v1", "priorityclasses");
        Map<String, Object> pc = kube.create(classes, "", yaml("""
                metadata: {name: batch}
                value: 1000
                preemptionPolicy: Never
                """), WriteOptions.defaults()).object();
        assertThat(pc).containsEntry("preemptionPolicy", "Never");
        Map<String, Object> high = kube.create(classes, "", yaml("{metadata: {name: high}, value: 5000}"),
                WriteOptions.defaults()).object();
        assertThat(high).containsEntry("preemptionPolicy", "PreemptLowerPriority");
        Map<String, Object> p = create("""
                metadata: {name: batch}
                spec: {priorityClassName: batch, containers: [{name: c, image: nginx:1}]}
                """);
        assertThat(at(p, "spec.priority")).isEqualTo(1000L);
        assertThat(str(p, "spec.preemptionPolicy")).isEqualTo("Never");
        Map<String, Object> system = create("""
                metadata: {name: critical}
                spec: {priorityClassName: system-node-critical, containers: [{name: c, image: nginx:1}]}
                """);
        assertThat(at(system, "spec.priority")).isEqualTo(2_000_001_000L);
        assertThatThrownBy(() -> create("""
                metadata: {name: lost}
                spec: {priorityClassName: nope, containers: [{name: c, image: nginx:1}]}
                """)).isInstanceOfSatisfying(FakeKubeException.class, e -> {
                    assertThat(e.code()).isEqualTo(403);
                    assertThat(e.getMessage()).contains("no PriorityClass with name nope was found");
                });
    }

    @Test
    void schedulingGatesBlockSchedulingInTheInitialStatus() {
        Map<String, Object> p = create("""
                metadata: {name: gated}
                spec:
                  schedulingGates: [{name: example.com/wait}]
                  containers: [{name: c, image: nginx:1}]
                """);
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("type", "PodScheduled");
        condition.put("status", "False");
        condition.put("lastProbeTime", null);
        condition.put("lastTransitionTime", null);
        condition.put("reason", "SchedulingGated");
        condition.put("message", "Scheduling is blocked due to non-empty scheduling gates");
        assertThat(at(p, "status.conditions")).isEqualTo(List.of(condition));
    }

    private static Map<String, Object> toleration(String key) {
        return Map.of("key", key, "operator", "Exists", "effect", "NoExecute", "tolerationSeconds", 300L);
    }

    @Test
    void limitRangesFillInContainerResources() {
        Map<String, Object> range = kube.create(kube.type("", "v1", "limitranges"), "default", yaml("""
                metadata: {name: defaults}
                spec:
                  limits:
                  - type: Container
                    max: {cpu: "2", memory: 1Gi}
                    default: {cpu: 500m}
                """), WriteOptions.defaults()).object();
        assertThat(at(range, "spec.limits.0.default")).isEqualTo(Map.of("cpu", "500m", "memory", "1Gi"));
        assertThat(at(range, "spec.limits.0.defaultRequest")).isEqualTo(Map.of("cpu", "500m", "memory", "1Gi"));
        Map<String, Object> p = create("""
                metadata: {name: limited}
                spec:
                  initContainers: [{name: init, image: x:1, resources: {requests: {cpu: 100m}}}]
                  containers: [{name: app, image: x:1}]
                """);
        assertThat(at(p, "spec.containers.0.resources")).isEqualTo(Map.of(
                "limits", Map.of("cpu", "500m", "memory", "1Gi"), "requests", Map.of("cpu", "500m", "memory", "1Gi")));
        assertThat(at(p, "spec.initContainers.0.resources")).isEqualTo(Map.of(
                "limits", Map.of("cpu", "500m", "memory", "1Gi"), "requests", Map.of("cpu", "100m", "memory", "1Gi")));
        assertThat(((Map<?, ?>) at(p, "metadata.annotations")).get("kubernetes.io/limit-ranger")).isEqualTo(
                "LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app; "
                        + "memory request for init container init; cpu, memory limit for init container init");
        assertThat(str(p, "status.qosClass")).as("computed after LimitRanger").isEqualTo("Burstable");
    }

    @Test
    void ephemeralClaimTemplatesGetClaimDefaults() {
        Map<String, Object> p = create("""
                metadata: {name: scratch}
                spec:
                  containers: [{name: c, image: x:1}]
                  volumes:
                  - name: scratch
                    ephemeral:
                      volumeClaimTemplate:
                        spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
                """);
        assertThat(str(p, "spec.volumes.0.ephemeral.volumeClaimTemplate.spec.volumeMode")).isEqualTo("Filesystem");
        assertThat(map(p, "spec.volumes.0.ephemeral.volumeClaimTemplate.metadata")).containsKey("creationTimestamp");
    }
}
