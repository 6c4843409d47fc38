package io.gitops4j.testkit.kube;

import static io.gitops4j.testkit.kube.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops4j.testkit.FakeKube;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.quicktheories.core.Gen;

/**
 * Defaulting must not make unchanged writes look like changes: for every kind with defaults, applying the same
 * manifest again (server-side apply) and putting back the object just read cause no write and no resourceVersion
 * bump.
 */
class DefaultsIdempotenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String CONTAINER = "{name: c, image: nginx, ports: [{containerPort: 80}], "
            + "readinessProbe: {httpGet: {port: 80}}, resources: {limits: {cpu: 100m, memory: 64Mi}}}";
    private static final String TEMPLATE = "template: {metadata: {labels: {app: x}}, spec: {containers: ["
            + CONTAINER + "]}}";
    private static final String JOB_TEMPLATE = "template: {spec: {restartPolicy: Never, containers: ["
            + CONTAINER + "]}}";

    static Stream<Arguments> manifests() {
        return Stream.of(
                kind("", "v1", "pods", "{spec: {containers: [" + CONTAINER + "], volumes: [{name: v}]}}"),
                kind("apps", "v1", "deployments", "{spec: {selector: {matchLabels: {app: x}}, " + TEMPLATE + "}}"),
                kind("apps", "v1", "statefulsets", "{spec: {selector: {matchLabels: {app: x}}, " + TEMPLATE
                        + ", volumeClaimTemplates: [{metadata: {name: d}, spec: {accessModes: [ReadWriteOnce], "
                        + "resources: {requests: {storage: 1Gi}}}}]}}"),
                kind("apps", "v1", "daemonsets", "{spec: {selector: {matchLabels: {app: x}}, " + TEMPLATE + "}}"),
                kind("apps", "v1", "replicasets", "{spec: {selector: {matchLabels: {app: x}}, " + TEMPLATE + "}}"),
                kind("", "v1", "replicationcontrollers", "{spec: {" + TEMPLATE + "}}"),
                kind("batch", "v1", "jobs", "{spec: {" + JOB_TEMPLATE + "}}"),
                kind("batch", "v1", "cronjobs", "{spec: {schedule: '@daily', jobTemplate: {spec: {" + JOB_TEMPLATE
                        + "}}}}"),
                kind("", "v1", "services", "{spec: {type: LoadBalancer, externalTrafficPolicy: Local, "
                        + "sessionAffinity: ClientIP, ports: [{port: 80}]}}"),
                kind("", "v1", "services", "{spec: {type: ExternalName, externalName: a.example, "
                        + "ports: [{port: 80}]}}"),
                kind("", "v1", "persistentvolumeclaims", "{spec: {accessModes: [ReadWriteOnce], "
                        + "resources: {requests: {storage: 1Gi}}, dataSource: {kind: PersistentVolumeClaim, "
                        + "name: src}}}"),
                kind("", "v1", "persistentvolumes", "{spec: {capacity: {storage: 1Gi}, accessModes: "
                        + "[ReadWriteOnce], hostPath: {path: /tmp/x}}}"),
                kind("", "v1", "secrets", "{stringData: {a: b}}"),
                kind("", "v1", "limitranges", "{spec: {limits: [{type: Container, max: {cpu: '1'}}]}}"),
                kind("", "v1", "endpoints", "{subsets: [{addresses: [{ip: 10.0.0.1}], ports: [{port: 80}]}]}"),
                kind("storage.k8s.io", "v1", "storageclasses", "{provisioner: example.com/p}"),
                kind("scheduling.k8s.io", "v1", "priorityclasses", "{value: 10}"),
                kind("networking.k8s.io", "v1", "networkpolicies", "{spec: {podSelector: {}, "
                        + "ingress: [{ports: [{port: 80}]}], egress: [{}]}}"),
                kind("networking.k8s.io", "v1", "ingresses", "{spec: {defaultBackend: {service: {name: s, "
                        + "port: {number: 80}}}}}"),
                kind("networking.k8s.io", "v1", "ingressclasses", "{spec: {controller: example.com/c, "
                        + "parameters: {kind: P, name: p}}}"),
                kind("autoscaling", "v2", "horizontalpodautoscalers", "{spec: {scaleTargetRef: {apiVersion: "
                        + "apps/v1, kind: Deployment, name: d}, maxReplicas: 3, behavior: {scaleUp: "
                        + "{selectPolicy: Min}}}}"),
                kind("autoscaling", "v1", "horizontalpodautoscalers", "{spec: {scaleTargetRef: {apiVersion: "
                        + "apps/v1, kind: Deployment, name: d}, maxReplicas: 3}}"),
                kind("policy", "v1", "poddisruptionbudgets", "{spec: {maxUnavailable: 1}}"),
                kind("rbac.authorization.k8s.io", "v1", "rolebindings", "{roleRef: {kind: Role, name: r}, "
                        + "subjects: [{kind: User, name: u}, {kind: ServiceAccount, name: s}]}"),
                kind("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "{roleRef: {kind: ClusterRole, "
                        + "name: r}, subjects: [{kind: Group, name: g}]}"),
                kind("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", "{webhooks: "
                        + "[{name: v.example.com, sideEffects: None, admissionReviewVersions: [v1], clientConfig: "
                        + "{service: {name: s, namespace: n}}, rules: [{operations: ['*'], apiGroups: ['*'], "
                        + "apiVersions: ['*'], resources: ['*']}]}]}"),
                kind("apiextensions.k8s.io", "v1", "customresourcedefinitions", "{spec: {group: example.com, "
                        + "scope: Namespaced, names: {plural: xs, kind: X}, versions: [{name: v1, served: true, "
                        + "storage: true, schema: {openAPIV3Schema: {type: object, "
                        + "x-kubernetes-preserve-unknown-fields: true}}}]}}"),
                kind("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", "{webhooks: "
                        + "[{name: m.example.com, sideEffects: None, admissionReviewVersions: [v1], clientConfig: "
                        + "{url: 'https://h.example.com'}}]}"));
    }

    private static Arguments kind(String group, String version, String plural, String body) {
        return Arguments.of(group + "/" + version + "/" + plural, body);
    }

    @ParameterizedTest(name = "DA-10 re-apply and PUT of the read {0} are no-ops")
    @MethodSource("manifests")
    void reapplyingAndPuttingBackAreNoOps(String gvr, String body) {
        String[] parts = gvr.split("/", -1);
        FakeKube kube = FakeKube.create();
        ResourceType type = kube.type(parts[0], parts[1], parts[2]);
        assertNoOps(kube, type, type.kind().equals("CustomResourceDefinition") ? "xs.example.com" : "x", body);
    }

    @Test
    @DisplayName("DA-10 random pod specs in every workload kind: re-apply and PUT of the read object are no-ops")
    void workloadVariantsStayStableUnderReapply() {
        FakeKube kube = FakeKube.create();
        AtomicInteger n = new AtomicInteger();
        List<String> kinds = List.of("pods", "deployments", "statefulsets", "daemonsets", "jobs", "cronjobs");
        qt().withExamples(60).forAll(integers().between(0, kinds.size() - 1), podSpecs())
                .checkAssert((k, spec) -> {
                    String podSpec = spec;
                    String kind = kinds.get(k);
                    if (kind.equals("pods") || kind.endsWith("jobs")) {
                        podSpec = podSpec.replace("{containers:", "{restartPolicy: Never, containers:");
                    }
                    String labelled = "{metadata: {labels: {app: x}}, spec: " + podSpec + "}";
                    String body = switch (kind) {
                        case "pods" -> "{spec: " + podSpec + "}";
                        case "jobs" -> "{spec: {template: " + labelled + "}}";
                        case "cronjobs" -> "{spec: {schedule: '@hourly', jobTemplate: {spec: {template: "
                                + labelled + "}}}}";
                        default -> "{spec: {selector: {matchLabels: {app: x}}, template: " + labelled + "}}";
                    };
                    String group = kind.equals("pods") ? "" : kind.endsWith("jobs") ? "batch" : "apps";
                    assertNoOps(kube, kube.type(group, "v1", kind), "w" + n.incrementAndGet(), body);
                });
    }

    /** A pod spec in flow YAML with a random mix of the fields that carry defaults. */
    private static Gen<String> podSpecs() {
        Gen<String> images = integers().between(0, 4).map(i -> List.of("nginx", "nginx:latest", "nginx:1.27",
                "registry.local:5000/app", "app@sha256:" + "ab".repeat(32)).get(i));
        Gen<String> extras = booleans().all().zip(booleans().all(), booleans().all(), (ports, probe, limits) ->
                (ports ? ", ports: [{containerPort: 8080}]" : "")
                        + (probe ? ", livenessProbe: {tcpSocket: {port: 8080}}, startupProbe: {grpc: {port: 1}}"
                        : "")
                        + (limits ? ", resources: {limits: {cpu: '1', memory: 1Gi}}" : ""));
        Gen<String> podLevel = booleans().all().zip(booleans().all(), (account, volume) ->
                (account ? ", serviceAccountName: builder" : "")
                        + (volume ? ", volumes: [{name: cfg, configMap: {name: c}}, {name: tmp}]" : ""));
        return images.zip(extras, podLevel, (image, more, pod) -> "{containers: [{name: c, image: '" + image + "'"
                + more + "}]" + pod + "}");
    }

    private static void assertNoOps(FakeKube kube, ResourceType type, String name, String body) {
        String ns = type.namespaced() ? "default" : "";
        Map<String, Object> manifest = yaml(body);
        manifest.put("apiVersion", type.apiVersion());
        manifest.put("kind", type.kind());
        manifest.put("metadata", new java.util.LinkedHashMap<>(Map.of("name", name)));
        String json;
        try {
            json = JSON.writeValueAsString(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        kube.patch(type, ns, name, PatchType.APPLY, json, WriteOptions.apply("gitops"));
        String version = kube.resourceVersion();
        Map<String, Object> first = kube.get(type, ns, name);
        kube.patch(type, ns, name, PatchType.APPLY, json, WriteOptions.apply("gitops"));
        assertThat(kube.resourceVersion()).as("re-apply of %s", type.plural()).isEqualTo(version);
        kube.update(type, ns, name, kube.get(type, ns, name), WriteOptions.defaults());
        assertThat(kube.resourceVersion()).as("PUT of the read %s", type.plural()).isEqualTo(version);
        assertThat(kube.get(type, ns, name)).isEqualTo(first);
    }
}
