package io.gitops4j.testkit.kube;

import static io.gitops4j.testkit.kube.Trees.at;
import static io.gitops4j.testkit.kube.Trees.map;
import static io.gitops4j.testkit.kube.Trees.str;
import static io.gitops4j.testkit.kube.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.testkit.FakeKube;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Defaults of Services, storage, networking, autoscaling, RBAC, webhooks and the plain config kinds. */
class ClusterDefaultsTest {

    private final FakeKube kube = FakeKube.create();

    private Map<String, Object> create(String group, String version, String plural, String ns, String yaml) {
        return kube.create(kube.type(group, version, plural), ns, yaml(yaml), WriteOptions.defaults()).object();
    }

    @Test
    void servicesOfEveryType() {
        Map<String, Object> sticky = create("", "v1", "services", "default", """
                metadata: {name: sticky}
                spec: {sessionAffinity: ClientIP, ports: [{port: 80, targetPort: http}]}
                """);
        assertThat(at(sticky, "spec.sessionAffinityConfig")).isEqualTo(Map.of("clientIP",
                Map.of("timeoutSeconds", 10800L)));
        assertThat(at(sticky, "spec.ports.0.targetPort")).isEqualTo("http");
        assertThat(str(sticky, "spec.internalTrafficPolicy")).isEqualTo("Cluster");
        assertThat(at(sticky, "status")).isEqualTo(Map.of("loadBalancer", Map.of()));

        Map<String, Object> external = create("", "v1", "services", "default", """
                metadata: {name: ext}
                spec: {type: ExternalName, externalName: example.com, ports: [{port: 443}]}
                """);
        assertThat(at(external, "spec.ports.0")).isEqualTo(Map.of("port", 443L, "protocol", "TCP",
                "targetPort", 443L));
        assertThat(map(external, "spec")).doesNotContainKeys("clusterIP", "internalTrafficPolicy");

        Map<String, Object> local = create("", "v1", "services", "default", """
                metadata: {name: lb}
                spec: {type: LoadBalancer, externalTrafficPolicy: Local, ports: [{port: 80}]}
                """);
        assertThat(((Number) at(local, "spec.healthCheckNodePort")).intValue()).isBetween(30000, 32767);
        assertThat(at(local, "spec.allocateLoadBalancerNodePorts")).isEqualTo(true);
        Map<String, Object> noPorts = create("", "v1", "services", "default", """
                metadata: {name: lb2}
                spec: {type: LoadBalancer, allocateLoadBalancerNodePorts: false, ports: [{port: 80}]}
                """);
        assertThat(map(noPorts, "spec.ports.0")).doesNotContainKey("nodePort");
        assertThat(str(noPorts, "spec.externalTrafficPolicy")).isEqualTo("Cluster");

        Map<String, Object> headless = create("", "v1", "services", "default", """
                metadata: {name: headless}
                spec: {clusterIP: None, selector: {app: db}, ports: [{port: 5432}]}
                """);
        assertThat(at(headless, "spec.clusterIPs")).isEqualTo(List.of("None"));
        assertThat(at(headless, "spec.ipFamilies")).isEqualTo(List.of("IPv4"));
        assertThat(str(headless, "spec.ipFamilyPolicy")).isEqualTo("SingleStack");
        Map<String, Object> manual = create("", "v1", "services", "default", """
                metadata: {name: manual}
                spec: {clusterIP: None, ports: [{port: 5432}]}
                """);
        assertThat(str(manual, "spec.ipFamilyPolicy")).as("headless without selector")
                .isEqualTo("RequireDualStack");
    }

    @Test
    void claimsVolumesAndStorageClasses() {
        Map<String, Object> sc = create("storage.k8s.io", "v1", "storageclasses", "", """
                metadata: {name: standard, annotations: {storageclass.kubernetes.io/is-default-class: "true"}}
                provisioner: rancher.io/local-path
                """);
        assertThat(sc).containsEntry("reclaimPolicy", "Delete").containsEntry("volumeBindingMode", "Immediate");
        Map<String, Object> claim = create("", "v1", "persistentvolumeclaims", "default", """
                metadata: {name: data}
                spec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 1Gi}}
                  dataSource: {kind: VolumeSnapshot, apiGroup: snapshot.storage.k8s.io, name: snap}
                """);
        assertThat(str(claim, "spec.storageClassName")).as("DefaultStorageClass admission").isEqualTo("standard");
        assertThat(str(claim, "spec.volumeMode")).isEqualTo("Filesystem");
        assertThat(at(claim, "spec.dataSourceRef")).isEqualTo(at(claim, "spec.dataSource"));
        assertThat(at(claim, "status")).isEqualTo(Map.of("phase", "Pending"));
        Map<String, Object> none = create("", "v1", "persistentvolumeclaims", "default", """
                metadata: {name: unclassed}
                spec: {storageClassName: "", accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
                """);
        assertThat(str(none, "spec.storageClassName")).as("an explicit empty class is kept").isEmpty();
        Map<String, Object> pv = create("", "v1", "persistentvolumes", "", """
                metadata: {name: pv1}
                spec: {capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /tmp/pv1}}
                """);
        assertThat(map(pv, "spec")).containsEntry("persistentVolumeReclaimPolicy", "Retain")
                .containsEntry("volumeMode", "Filesystem");
        assertThat(str(pv, "status.phase")).isEqualTo("Pending");
        assertThat(str(pv, "status.lastPhaseTransitionTime")).isEqualTo(str(pv, "metadata.creationTimestamp"));
    }

    @Test
    void networkPoliciesIngressesAndAutoscalers() {
        Map<String, Object> ingressOnly = create("networking.k8s.io", "v1", "networkpolicies", "default", """
                metadata: {name: in}
                spec: {podSelector: {}, ingress: [{ports: [{port: 80}]}]}
                """);
        assertThat(at(ingressOnly, "spec.policyTypes")).isEqualTo(List.of("Ingress"));
        assertThat(str(ingressOnly, "spec.ingress.0.ports.0.protocol")).isEqualTo("TCP");
        Map<String, Object> both = create("networking.k8s.io", "v1", "networkpolicies", "default", """
                metadata: {name: both}
                spec: {podSelector: {}, egress: [{}]}
                """);
        assertThat(at(both, "spec.policyTypes")).isEqualTo(List.of("Ingress", "Egress"));
        Map<String, Object> denyAll = create("networking.k8s.io", "v1", "networkpolicies", "default", """
                metadata: {name: deny}
                spec: {policyTypes: [Egress]}
                """);
        assertThat(at(denyAll, "spec")).isEqualTo(Map.of("podSelector", Map.of(), "policyTypes", List.of("Egress")));

        Map<String, Object> ingressClass = create("networking.k8s.io", "v1", "ingressclasses", "", """
                metadata: {name: nginx, annotations: {ingressclass.kubernetes.io/is-default-class: "true"}}
                spec: {controller: k8s.io/ingress-nginx, parameters: {apiGroup: k8s.example.com, kind: P, name: p}}
                """);
        assertThat(str(ingressClass, "spec.parameters.scope")).isEqualTo("Cluster");
        Map<String, Object> ing = create("networking.k8s.io", "v1", "ingresses", "default", """
                metadata: {name: web}
                spec: {defaultBackend: {service: {name: web, port: {number: 80}}}}
                """);
        assertThat(str(ing, "spec.ingressClassName")).as("DefaultIngressClass admission").isEqualTo("nginx");
        assertThat(at(ing, "status")).isEqualTo(Map.of("loadBalancer", Map.of()));

        Map<String, Object> hpa = create("autoscaling", "v2", "horizontalpodautoscalers", "default", """
                metadata: {name: web}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
                  maxReplicas: 5
                  behavior: {scaleDown: {stabilizationWindowSeconds: 60}}
                """);
        assertThat(at(hpa, "spec.minReplicas")).isEqualTo(1L);
        assertThat(at(hpa, "spec.metrics")).isEqualTo(List.of(Map.of("type", "Resource", "resource",
                Map.of("name", "cpu", "target", Map.of("type", "Utilization", "averageUtilization", 80L)))));
        assertThat(at(hpa, "spec.behavior")).isEqualTo(Map.of(
                "scaleUp", Map.of("stabilizationWindowSeconds", 0L, "selectPolicy", "Max", "policies", List.of(
                        Map.of("type", "Pods", "value", 4L, "periodSeconds", 15L),
                        Map.of("type", "Percent", "value", 100L, "periodSeconds", 15L))),
                "scaleDown", Map.of("stabilizationWindowSeconds", 60L, "selectPolicy", "Max", "policies",
                        List.of(Map.of("type", "Percent", "value", 100L, "periodSeconds", 15L)))));
        assertThat(at(hpa, "status")).isEqualTo(Map.of("desiredReplicas", 0L));
        Map<String, Object> plain = create("autoscaling", "v2", "horizontalpodautoscalers", "default", """
                metadata: {name: plain}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
                  maxReplicas: 5
                  metrics: [{type: Resource, resource: {name: memory, target: {type: Utilization,
                             averageUtilization: 70}}}]
                """);
        assertThat(map(plain, "spec")).as("no behavior given: none made up").doesNotContainKey("behavior");
        assertThat(at(plain, "spec.metrics.0.resource.name")).isEqualTo("memory");
        Map<String, Object> pdb = create("policy", "v1", "poddisruptionbudgets", "default", """
                metadata: {name: web}
                spec: {minAvailable: 1, selector: {matchLabels: {app: web}}}
                """);
        assertThat(at(pdb, "status")).isEqualTo(Map.of("disruptionsAllowed", 0L, "currentHealthy", 0L,
                "desiredHealthy", 0L, "expectedPods", 0L));
    }

    @Test
    void rbacBindingsAndWebhooks() {
        Map<String, Object> rb = create("rbac.authorization.k8s.io", "v1", "rolebindings", "default", """
                metadata: {name: rb}
                roleRef: {kind: Role, name: reader}
                subjects:
                - {kind: ServiceAccount, name: app, namespace: default}
                - {kind: User, name: jane}
                - {kind: Group, name: devs}
                """);
        assertThat(str(rb, "roleRef.apiGroup")).isEqualTo("rbac.authorization.k8s.io");
        assertThat(str(rb, "subjects.0.apiGroup")).isEmpty();
        assertThat(str(rb, "subjects.1.apiGroup")).isEqualTo("rbac.authorization.k8s.io");
        assertThat(str(rb, "subjects.2.apiGroup")).isEqualTo("rbac.authorization.k8s.io");
        Map<String, Object> hooks = create("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations",
                "", """
                metadata: {name: inject}
                webhooks:
                - name: inject.example.com
                  sideEffects: None
                  admissionReviewVersions: [v1]
                  clientConfig: {service: {name: injector, namespace: system}}
                  rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}]
                """);
        assertThat(map(hooks, "webhooks.0")).containsEntry("failurePolicy", "Fail")
                .containsEntry("matchPolicy", "Equivalent").containsEntry("namespaceSelector", Map.of())
                .containsEntry("objectSelector", Map.of()).containsEntry("timeoutSeconds", 10L)
                .containsEntry("reinvocationPolicy", "Never");
        assertThat(str(hooks, "webhooks.0.rules.0.scope")).isEqualTo("*");
        assertThat(at(hooks, "webhooks.0.clientConfig.service.port")).isEqualTo(443L);
    }

    @Test
    void configKindsGetOnlyWhatTheServerAdds() {
        Map<String, Object> secret = create("", "v1", "secrets", "default", "{metadata: {name: s}, "
                + "stringData: {k: v}}");
        assertThat(str(secret, "type")).isEqualTo("Opaque");
        Map<String, Object> sa = create("", "v1", "serviceaccounts", "default", "{metadata: {name: sa}}");
        assertThat(sa.keySet()).containsExactlyInAnyOrder("apiVersion", "kind", "metadata");
        Map<String, Object> ns = create("", "v1", "namespaces", "", "{metadata: {name: team}}");
        assertThat(at(ns, "metadata.labels")).isEqualTo(Map.of("kubernetes.io/metadata.name", "team"));
        assertThat(at(ns, "spec")).isEqualTo(Map.of("finalizers", List.of("kubernetes")));
        assertThat(at(ns, "status")).isEqualTo(Map.of("phase", "Active"));
    }

    @Test
    void customResourceDefinitionsGetNamesAndConversion() {
        Map<String, Object> crd = create("apiextensions.k8s.io", "v1", "customresourcedefinitions", "", """
                metadata: {name: gadgets.example.com}
                spec:
                  group: example.com
                  scope: Namespaced
                  names: {plural: gadgets, kind: Gadget}
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
                """);
        assertThat(str(crd, "spec.names.singular")).isEqualTo("gadget");
        assertThat(str(crd, "spec.names.listKind")).isEqualTo("GadgetList");
        assertThat(at(crd, "spec.conversion")).isEqualTo(Map.of("strategy", "None"));
    }

    @Test
    void aSecretPutWithoutTypeIsOpaqueAndTheTypeIsImmutable() {
        ResourceType secrets = kube.type("", "v1", "secrets");
        create("", "v1", "secrets", "default", """
                metadata: {name: tls}
                type: kubernetes.io/tls
                data: {tls.crt: "", tls.key: ""}
                """);
        assertThatThrownBy(() -> kube.update(secrets, "default", "tls", yaml("""
                metadata: {name: tls}
                data: {tls.crt: "", tls.key: ""}
                """), WriteOptions.defaults())).isInstanceOfSatisfying(FakeKubeException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("type: Invalid value: \"Opaque\": field is immutable");
                });
        create("", "v1", "secrets", "default", "{metadata: {name: plain}, data: {a: YQ==}}");
        Map<String, Object> updated = kube.update(secrets, "default", "plain", yaml(
                "{metadata: {name: plain}, data: {a: Yg==}}"), WriteOptions.defaults()).object();
        assertThat(str(updated, "type")).isEqualTo("Opaque");
    }

    @Test
    @DisplayName("DA-10 quantities are stored in canonical form wherever the schema has them")
    void quantitiesAreCanonical() {
        Map<String, Object> deploy = create("apps", "v1", "deployments", "default", """
                metadata: {name: q}
                spec:
                  selector: {matchLabels: {app: q}}
                  template:
                    metadata: {labels: {app: q}}
                    spec:
                      containers:
                      - name: c
                        image: x:1
                        resources: {requests: {cpu: 0.5, memory: 1024Mi}, limits: {cpu: 2, memory: 1.5Gi}}
                        env: [{name: CPU, valueFrom: {resourceFieldRef: {resource: limits.cpu, divisor: 1000m}}}]
                """);
        assertThat(at(deploy, "spec.template.spec.containers.0.resources")).isEqualTo(Map.of(
                "requests", Map.of("cpu", "500m", "memory", "1Gi"), "limits", Map.of("cpu", "2", "memory", "1536Mi")));
        assertThat(at(deploy, "spec.template.spec.containers.0.env.0.valueFrom.resourceFieldRef.divisor"))
                .isEqualTo("1");
        Map<String, Object> zero = create("apps", "v1", "deployments", "default", """
                metadata: {name: z}
                spec:
                  selector: {matchLabels: {app: z}}
                  template:
                    metadata: {labels: {app: z}}
                    spec:
                      containers:
                      - name: c
                        image: x:1
                        env: [{name: MEM, valueFrom: {resourceFieldRef: {resource: limits.memory}}}]
                      volumes:
                      - name: info
                        downwardAPI: {items: [{path: cpu, resourceFieldRef: {containerName: c, resource: limits.cpu}}]}
                """);
        assertThat(at(zero, "spec.template.spec.containers.0.env.0.valueFrom.resourceFieldRef.divisor"))
                .as("the zero quantity is always shown").isEqualTo("0");
        assertThat(at(zero, "spec.template.spec.volumes.0.downwardAPI.items.0.resourceFieldRef.divisor"))
                .isEqualTo("0");
        Map<String, Object> claim = create("", "v1", "persistentvolumeclaims", "default", """
                metadata: {name: q}
                spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 2048Mi}}}
                """);
        assertThat(at(claim, "spec.resources.requests.storage")).isEqualTo("2Gi");
        Map<String, Object> quota = create("", "v1", "resourcequotas", "default", """
                metadata: {name: q}
                spec: {hard: {requests.cpu: 1000m, pods: 10, requests.storage: 1000Gi}}
                """);
        assertThat(at(quota, "spec.hard")).isEqualTo(Map.of("requests.cpu", "1", "pods", "10",
                "requests.storage", "1000Gi"));
        Map<String, Object> cm = create("", "v1", "configmaps", "default", "{metadata: {name: q}, data: {cpu: '0.5'}}");
        assertThat(at(cm, "data.cpu")).as("strings that are not quantities stay").isEqualTo("0.5");
    }
}
