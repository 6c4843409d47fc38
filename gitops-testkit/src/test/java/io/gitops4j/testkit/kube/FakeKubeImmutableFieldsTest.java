package io.gitops4j.testkit.kube;

import static io.gitops4j.testkit.kube.Trees.at;
import static io.gitops4j.testkit.kube.Trees.str;
import static io.gitops4j.testkit.kube.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.gitops4j.testkit.FakeKube;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What a real API server refuses to change on an update (the 422s a GitOps engine meets as DA-05), and the spec
 * checks of apps/v1 workloads on every write, with the server's fields and messages.
 */
class FakeKubeImmutableFieldsTest {

    private final FakeKube kube = FakeKube.create();

    private ResourceType type(String group, String version, String plural) {
        return kube.type(group, version, plural);
    }

    private Map<String, Object> apply(ResourceType type, String ns, String name, String yaml) {
        return kube.patch(type, ns, name, PatchType.APPLY, yaml, WriteOptions.apply("gitops")).object();
    }

    private FakeKubeException applyFails(ResourceType type, String ns, String name, String yaml) {
        Throwable thrown = catchThrowable(() -> apply(type, ns, name, yaml));
        assertThat(thrown).as("the server refuses the write").isInstanceOf(FakeKubeException.class);
        return (FakeKubeException) thrown;
    }

    private static String deployment(String app, int replicas) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: %d
                  selector: {matchLabels: {app: %s}}
                  template:
                    metadata: {labels: {app: %s}}
                    spec: {containers: [{name: web, image: nginx}]}
                """.formatted(replicas, app, app);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> causes(FakeKubeException e) {
        return (List<Map<String, Object>>) at(e.status(), "details.causes");
    }

    @Test
    @DisplayName("DA-05 a Deployment's selector is immutable: 422 naming spec.selector with the server's message")
    void deploymentSelectorIsImmutable() {
        ResourceType deployments = type("apps", "v1", "deployments");
        apply(deployments, "default", "web", deployment("web", 1));
        String version = kube.resourceVersion();

        FakeKubeException e = applyFails(deployments, "default", "web", deployment("web2", 1));

        assertThat(e.code()).isEqualTo(422);
        assertThat(e.reason()).isEqualTo("Invalid");
        assertThat(e.getMessage()).isEqualTo("Deployment.apps \"web\" is invalid: spec.selector: Invalid value: "
                + "v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web2\"}, "
                + "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable");
        assertThat(causes(e)).singleElement().satisfies(c -> {
            assertThat(c).containsEntry("reason", "FieldValueInvalid").containsEntry("field", "spec.selector");
        });
        assertThat(kube.resourceVersion()).as("nothing written").isEqualTo(version);
        assertThat(str(kube.get(deployments, "default", "web"), "spec.selector.matchLabels.app")).isEqualTo("web");

        assertThatThrownBy(() -> kube.patch(deployments, "default", "web", PatchType.APPLY, deployment("web2", 1),
                WriteOptions.apply("gitops").withDryRun(true))).as("dry-run refuses it too")
                .isInstanceOf(FakeKubeException.class).hasMessageContaining("field is immutable");
        Map<String, Object> scaled = apply(deployments, "default", "web", deployment("web", 3));
        assertThat(at(scaled, "spec.replicas")).as("other fields still change").isEqualTo(3L);
    }

    @Test
    void workloadSelectorsMustSelectTheTemplate() {
        ResourceType deployments = type("apps", "v1", "deployments");
        FakeKubeException missing = applyFails(deployments, "default", "web", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: web, image: nginx}]}
                """);
        assertThat(missing.getMessage()).isEqualTo("Deployment.apps \"web\" is invalid: [spec.selector: Required "
                + "value, spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: "
                + "`selector` does not match template `labels`]");

        FakeKubeException mismatch = applyFails(type("apps", "v1", "daemonsets"), "default", "agent", """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: agent}
                spec:
                  selector:
                    matchLabels: {app: agent}
                    matchExpressions: [{key: tier, operator: In, values: [node]}]
                  template:
                    metadata: {labels: {app: agent, tier: edge}}
                    spec: {containers: [{name: a, image: busybox}]}
                """);
        assertThat(causes(mismatch)).singleElement().satisfies(c -> assertThat(c)
                .containsEntry("field", "spec.template.metadata.labels")
                .containsEntry("message", "Invalid value: map[string]string{\"app\":\"agent\", \"tier\":\"edge\"}: "
                        + "`selector` does not match template `labels`"));

        FakeKubeException empty = applyFails(type("apps", "v1", "statefulsets"), "default", "db", """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: db}
                spec:
                  selector: {}
                  template:
                    metadata: {labels: {app: db}}
                    spec:
                      restartPolicy: Never
                      containers: [{name: db, image: postgres}]
                """);
        assertThat(causes(empty)).extracting(c -> c.get("field") + ": " + c.get("message")).containsExactly(
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), "
                        + "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for "
                        + "statefulset",
                "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"");

        Map<String, Object> ok = apply(type("apps", "v1", "replicasets"), "default", "rs", """
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata: {name: rs}
                spec:
                  selector:
                    matchExpressions:
                      - {key: app, operator: In, values: [rs, other]}
                      - {key: canary, operator: DoesNotExist}
                  template:
                    metadata: {labels: {app: rs}}
                    spec: {containers: [{name: a, image: busybox}]}
                """);
        assertThat(str(ok, "metadata.name")).isEqualTo("rs");
    }

    @Test
    @DisplayName("DA-05 a StatefulSet allows replicas, template and updateStrategy; volumeClaimTemplates are forbidden")
    void statefulSetSpecIsMostlyForbidden() {
        ResourceType sts = type("apps", "v1", "statefulsets");
        String base = """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: db}
                spec:
                  replicas: %d
                  serviceName: db
                  selector: {matchLabels: {app: db}}
                  template:
                    metadata: {labels: {app: db}}
                    spec: {containers: [{name: db, image: "%s"}]}
                  volumeClaimTemplates:
                    - metadata: {name: data}
                      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: %s}}}
                """;
        apply(sts, "default", "db", base.formatted(1, "postgres:16", "1Gi"));
        Map<String, Object> changed = apply(sts, "default", "db", base.formatted(3, "postgres:17", "1Gi"));
        assertThat(at(changed, "spec.replicas")).isEqualTo(3L);

        FakeKubeException e = applyFails(sts, "default", "db", base.formatted(3, "postgres:17", "2Gi"));

        assertThat(e.getMessage()).isEqualTo("StatefulSet.apps \"db\" is invalid: spec: Forbidden: updates to "
                + "statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', "
                + "'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden");
        assertThat(causes(e)).singleElement().satisfies(c -> assertThat(c)
                .containsEntry("reason", "FieldValueForbidden").containsEntry("field", "spec"));
    }

    @Test
    @DisplayName("DA-05 a Job's template and completions are immutable unless suspended or elastic")
    void jobTemplateIsImmutable() {
        ResourceType jobs = type("batch", "v1", "jobs");
        String job = """
                apiVersion: batch/v1
                kind: Job
                metadata: {name: migrate}
                spec:
                  suspend: %s
                  template:
                    spec:
                      restartPolicy: Never
                      nodeSelector: {pool: "%s"}
                      containers: [{name: m, image: "%s"}]
                """;
        apply(jobs, "default", "migrate", job.formatted("false", "a", "migrate:1"));

        FakeKubeException e = applyFails(jobs, "default", "migrate", job.formatted("false", "a", "migrate:2"));
        assertThat(e.getMessage()).startsWith("Job.batch \"migrate\" is invalid: spec.template: Invalid value: ")
                .endsWith(": field is immutable");

        ResourceType suspendedJob = jobs;
        apply(suspendedJob, "default", "later", job.formatted("true", "a", "x:1").replace("migrate", "later"));
        Map<String, Object> moved = apply(suspendedJob, "default", "later",
                job.formatted("true", "b", "x:1").replace("migrate", "later"));
        assertThat(str(moved, "spec.template.spec.nodeSelector.pool")).as("a suspended Job's scheduling may change")
                .isEqualTo("b");
        assertThat(applyFails(suspendedJob, "default", "later",
                job.formatted("true", "b", "x:2").replace("migrate", "later")).getMessage())
                .contains("spec.template: Invalid value:");

        String indexed = """
                apiVersion: batch/v1
                kind: Job
                metadata: {name: idx}
                spec:
                  completionMode: Indexed
                  completions: %d
                  parallelism: %d
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: w, image: w}]
                """;
        apply(jobs, "default", "idx", indexed.formatted(2, 2));
        assertThat(at(apply(jobs, "default", "idx", indexed.formatted(4, 4)), "spec.completions"))
                .as("an Indexed Job scales with completions == parallelism").isEqualTo(4L);
        assertThat(causes(applyFails(jobs, "default", "idx", indexed.formatted(5, 4)))).singleElement()
                .satisfies(c -> assertThat(c).containsEntry("field", "spec.completions")
                        .containsEntry("message", "Invalid value: 5: field is immutable"));
    }

    @Test
    @DisplayName("DA-05 a Service's allocated cluster IP may not change; leaving it out keeps it")
    void serviceClusterIpMayNotChange() {
        ResourceType services = type("", "v1", "services");
        String svc = """
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec:
                  %s
                  selector: {app: web}
                  ports: [{port: %d}]
                """;
        Map<String, Object> created = apply(services, "default", "web", svc.formatted("", 80));
        String ip = str(created, "spec.clusterIP");
        Map<String, Object> changed = apply(services, "default", "web", svc.formatted("", 8080));
        assertThat(str(changed, "spec.clusterIP")).isEqualTo(ip);
        assertThat(at(changed, "spec.ports.0.port")).isEqualTo(8080L);
        String other = ip.equals("10.96.250.250") ? "10.96.250.251" : "10.96.250.250";

        FakeKubeException e = applyFails(services, "default", "web",
                svc.formatted("clusterIP: " + other, 8080));

        assertThat(e.getMessage()).isEqualTo("Service \"web\" is invalid: spec.clusterIPs[0]: Invalid value: "
                + "[]string{\"" + other + "\"}: may not change once set");
        Map<String, Object> sameIp = apply(services, "default", "web", svc.formatted("clusterIP: " + ip, 8080));
        assertThat(str(sameIp, "spec.clusterIP")).as("naming the allocated IP is fine").isEqualTo(ip);
        Map<String, Object> empty = apply(services, "default", "web", svc.formatted("clusterIP: ''", 8080));
        assertThat(str(empty, "spec.clusterIP")).as("an empty clusterIP keeps the allocated one").isEqualTo(ip);
        Map<String, Object> fresh = apply(services, "default", "chart", svc.formatted("clusterIP: ''", 80)
                .replace("name: web", "name: chart"));
        assertThat(str(fresh, "spec.clusterIP")).as("an empty clusterIP on create is allocated")
                .matches("10\\.96\\.\\d+\\.\\d+");
        assertThat(str(fresh, "spec.clusterIPs.0")).isEqualTo(str(fresh, "spec.clusterIP"));
    }

    @Test
    @DisplayName("DA-05 a PersistentVolumeClaim's spec and a Pod's spec are immutable but for the allowed fields")
    void claimsAndPods() {
        ResourceType claims = type("", "v1", "persistentvolumeclaims");
        String claim = """
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: data}
                spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: %s}}}
                """;
        apply(claims, "default", "data", claim.formatted("1Gi"));
        assertThat(applyFails(claims, "default", "data", claim.formatted("2Gi")).getMessage()).isEqualTo(
                "PersistentVolumeClaim \"data\" is invalid: spec: Forbidden: spec is immutable after creation "
                        + "except resources.requests for bound claims");

        ResourceType pods = type("", "v1", "pods");
        String pod = """
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers: [{name: c, image: "%s"%s}]
                  tolerations: %s
                """;
        apply(pods, "default", "p", pod.formatted("nginx:1", "", "[{key: a, operator: Exists}]"));
        Map<String, Object> newImage = apply(pods, "default", "p", pod.formatted("nginx:2", "",
                "[{key: a, operator: Exists}, {key: b, operator: Exists}]"));
        assertThat(str(newImage, "spec.containers.0.image")).isEqualTo("nginx:2");

        FakeKubeException env = applyFails(pods, "default", "p", pod.formatted("nginx:2",
                ", env: [{name: X, value: '1'}]", "[{key: a, operator: Exists}, {key: b, operator: Exists}]"));
        assertThat(env.getMessage()).startsWith("Pod \"p\" is invalid: spec: Forbidden: pod updates may not change "
                + "fields other than `spec.containers[*].image`,");
        assertThatThrownBy(() -> kube.patch(pods, "default", "p", PatchType.JSON,
                "[{\"op\":\"remove\",\"path\":\"/spec/tolerations/1\"}]", WriteOptions.defaults()))
                .as("removing a toleration").hasMessageContaining("pod updates may not change fields");
    }

    @Test
    @DisplayName("DA-05 a RoleBinding's roleRef and a StorageClass's provisioner and parameters cannot change")
    void roleRefsAndStorageClasses() {
        ResourceType bindings = type("rbac.authorization.k8s.io", "v1", "rolebindings");
        String binding = """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: devs}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: %s}
                subjects: [{kind: Group, name: %s, apiGroup: rbac.authorization.k8s.io}]
                """;
        apply(bindings, "default", "devs", binding.formatted("view", "devs"));
        apply(bindings, "default", "devs", binding.formatted("view", "developers"));
        assertThat(applyFails(bindings, "default", "devs", binding.formatted("edit", "developers")).getMessage())
                .isEqualTo("RoleBinding.rbac.authorization.k8s.io \"devs\" is invalid: roleRef: Invalid value: "
                        + "rbac.RoleRef{APIGroup:\"rbac.authorization.k8s.io\", Kind:\"ClusterRole\", "
                        + "Name:\"edit\"}: cannot change roleRef");

        ResourceType classes = type("storage.k8s.io", "v1", "storageclasses");
        String sc = """
                apiVersion: storage.k8s.io/v1
                kind: StorageClass
                metadata: {name: fast, labels: {tier: "%s"}}
                provisioner: %s
                parameters: {type: %s}
                volumeBindingMode: %s
                """;
        apply(classes, "", "fast", sc.formatted("1", "csi.example.com", "ssd", "Immediate"));
        apply(classes, "", "fast", sc.formatted("2", "csi.example.com", "ssd", "Immediate"));
        FakeKubeException e = applyFails(classes, "", "fast", sc.formatted("2", "csi.other.com", "nvme",
                "WaitForFirstConsumer"));
        assertThat(causes(e)).extracting(c -> c.get("field") + ": " + c.get("message")).containsExactly(
                "parameters: Forbidden: updates to parameters are forbidden.",
                "provisioner: Forbidden: updates to provisioner are forbidden.",
                "volumeBindingMode: Invalid value: \"WaitForFirstConsumer\": field is immutable");
    }

    @Test
    void statusWritesAreNotCheckedAgainstTheSpecRules() {
        ResourceType deployments = type("apps", "v1", "deployments");
        apply(deployments, "default", "web", deployment("web", 1));
        Map<String, Object> status = kube.get(deployments, "default", "web");
        status.put("status", yaml("{replicas: 1, readyReplicas: 1}"));
        Map<String, Object> written = kube.update(deployments, "default", "web", "status", status,
                WriteOptions.defaults()).object();
        assertThat(at(written, "status.readyReplicas")).isEqualTo(1L);
    }
}
