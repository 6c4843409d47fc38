package io.gitops4j.testkit.kube;

import static io.gitops4j.testkit.kube.Trees.at;
import static io.gitops4j.testkit.kube.Trees.map;
import static io.gitops4j.testkit.kube.Trees.str;
import static io.gitops4j.testkit.kube.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.testkit.FakeKube;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Server-side defaults, so objects read back look like a cluster's. */
class FakeKubeDefaultsTest {

    private final FakeKube kube = FakeKube.create();
    private final ResourceType deployments = kube.type("apps", "v1", "deployments");
    private final ResourceType services = kube.type("", "v1", "services");

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: app
                    image: nginx:1.27
                    ports: [{containerPort: 80}]
                    readinessProbe: {httpGet: {path: /, port: 80}}
                  - {name: side, image: busybox}
            """;

    @Test
    void deploymentsGetTheServerDefaults() {
        Map<String, Object> d = kube.create(deployments, "default", yaml(DEPLOYMENT), WriteOptions.defaults())
                .object();
        assertThat(at(d, "spec.replicas")).isEqualTo(1L);
        assertThat(at(d, "spec.revisionHistoryLimit")).isEqualTo(10L);
        assertThat(at(d, "spec.progressDeadlineSeconds")).isEqualTo(600L);
        assertThat(at(d, "spec.strategy")).isEqualTo(Map.of("type", "RollingUpdate",
                "rollingUpdate", Map.of("maxUnavailable", "25%", "maxSurge", "25%")));
        assertThat(map(d, "spec.template.metadata")).containsKey("creationTimestamp");
        assertThat(str(d, "spec.template.spec.restartPolicy")).isEqualTo("Always");
        assertThat(str(d, "spec.template.spec.dnsPolicy")).isEqualTo("ClusterFirst");
        assertThat(str(d, "spec.template.spec.schedulerName")).isEqualTo("default-scheduler");
        assertThat(at(d, "spec.template.spec.terminationGracePeriodSeconds")).isEqualTo(30L);
        assertThat(str(d, "spec.template.spec.containers.0.imagePullPolicy")).isEqualTo("IfNotPresent");
        assertThat(str(d, "spec.template.spec.containers.1.imagePullPolicy")).as("untagged image").isEqualTo("Always");
        assertThat(str(d, "spec.template.spec.containers.0.terminationMessagePath"))
                .isEqualTo("/dev/termination-log");
        assertThat(str(d, "spec.template.spec.containers.0.ports.0.protocol")).isEqualTo("TCP");
        assertThat(at(d, "spec.template.spec.containers.0.readinessProbe")).isEqualTo(Map.of(
                "httpGet", Map.of("path", "/", "port", 80L, "scheme", "HTTP"), "timeoutSeconds", 1L,
                "periodSeconds", 10L, "successThreshold", 1L, "failureThreshold", 3L));
    }

    @Test
    @SuppressWarnings("unchecked")
    void defaultsAreOwnedByUpdatersButNotByAppliers() {
        Map<String, Object> created = kube.create(deployments, "default", yaml(DEPLOYMENT),
                WriteOptions.defaults().withFieldManager("kubectl-create")).object();
        Map<String, Object> fields = map(created, "metadata.managedFields.0.fieldsV1");
        assertThat((Map<String, Object>) fields.get("f:spec")).containsKey("f:revisionHistoryLimit");

        String body = DEPLOYMENT.replace("name: web}", "name: applied}");
        Map<String, Object> applied = kube.patch(deployments, "default", "applied", PatchType.APPLY, body,
                WriteOptions.apply("gitops")).object();
        Map<String, Object> applyFields = map(applied, "metadata.managedFields.0.fieldsV1");
        assertThat((Map<String, Object>) applyFields.get("f:spec")).doesNotContainKey("f:revisionHistoryLimit");
        assertThat(at(applied, "spec.revisionHistoryLimit")).isEqualTo(10L);
        String version = kube.resourceVersion();
        kube.patch(deployments, "default", "applied", PatchType.APPLY, body, WriteOptions.apply("gitops"));
        assertThat(kube.resourceVersion()).as("re-apply stays a no-op with defaults").isEqualTo(version);
    }

    @Test
    void servicesGetAClusterIpThatSurvivesUpdates() {
        Map<String, Object> s = kube.create(services, "default", yaml("""
                metadata: {name: web}
                spec:
                  type: NodePort
                  selector: {app: web}
                  ports: [{name: http, port: 80}]
                """), WriteOptions.defaults()).object();
        String ip = str(s, "spec.clusterIP");
        assertThat(ip).matches("10\\.96\\.\\d+\\.\\d+");
        assertThat(at(s, "spec.clusterIPs")).isEqualTo(List.of(ip));
        assertThat(at(s, "spec.ports.0.protocol")).isEqualTo("TCP");
        assertThat(at(s, "spec.ports.0.targetPort")).isEqualTo(80L);
        Object nodePort = at(s, "spec.ports.0.nodePort");
        assertThat(((Number) nodePort).intValue()).isBetween(30000, 32767);
        assertThat(str(s, "spec.sessionAffinity")).isEqualTo("None");
        Map<String, Object> updated = kube.update(services, "default", "web", yaml("""
                metadata: {name: web, labels: {x: y}}
                spec:
                  type: NodePort
                  selector: {app: web}
                  ports: [{name: http, port: 80}]
                """), WriteOptions.defaults()).object();
        assertThat(str(updated, "spec.clusterIP")).isEqualTo(ip);
        assertThat(at(updated, "spec.ports.0.nodePort")).isEqualTo(nodePort);
    }

    @Test
    void jobsAndCronJobs() {
        Map<String, Object> cj = kube.create(kube.type("batch", "v1", "cronjobs"), "default", yaml("""
                metadata: {name: nightly}
                spec:
                  schedule: "0 3 * * *"
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          restartPolicy: OnFailure
                          containers: [{name: c, image: busybox:1}]
                """), WriteOptions.defaults()).object();
        assertThat(str(cj, "spec.concurrencyPolicy")).isEqualTo("Allow");
        assertThat(at(cj, "spec.successfulJobsHistoryLimit")).isEqualTo(3L);
        assertThat(map(cj, "spec.jobTemplate.spec")).as("Job-level defaults are not applied to templates")
                .doesNotContainKeys("backoffLimit", "completions", "parallelism", "suspend", "manualSelector");
        assertThat(at(cj, "spec.jobTemplate.metadata")).isEqualTo(java.util.Collections.singletonMap(
                "creationTimestamp", null));
        assertThat(str(cj, "spec.jobTemplate.spec.template.spec.restartPolicy")).isEqualTo("OnFailure");
    }
}
