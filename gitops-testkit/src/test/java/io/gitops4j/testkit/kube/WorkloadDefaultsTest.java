package io.gitops4j.testkit.kube;

import static io.gitops4j.testkit.kube.Trees.at;
import static io.gitops4j.testkit.kube.Trees.map;
import static io.gitops4j.testkit.kube.Trees.str;
import static io.gitops4j.testkit.kube.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.testkit.FakeKube;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Defaults and initial statuses of the replicated workloads and of Jobs and CronJobs. */
class WorkloadDefaultsTest {

    private final FakeKube kube = FakeKube.create();

    private static final String TEMPLATE = "  template:\n"
            + "    metadata: {labels: {app: w}}\n"
            + "    spec: {containers: [{name: c, image: 'nginx:1.27'}]}\n";

    private Map<String, Object> create(String group, String plural, String yaml) {
        return kube.create(kube.type(group, "v1", plural),
                "default", yaml(yaml), WriteOptions.defaults()).object();
    }

    @Test
    void statefulSetsDefaultOnlyTheRollingUpdateTheyCreate() {
        Map<String, Object> implicit = create("apps", "statefulsets", """
                metadata: {name: implicit}
                spec:
                  selector: {matchLabels: {app: w}}
                  volumeClaimTemplates:
                  - metadata: {name: data}
                    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
                """ + TEMPLATE);
        assertThat(at(implicit, "spec.updateStrategy")).isEqualTo(Map.of("type", "RollingUpdate",
                "rollingUpdate", Map.of("partition", 0L)));
        assertThat(at(implicit, "spec.podManagementPolicy")).isEqualTo("OrderedReady");
        assertThat(at(implicit, "spec.persistentVolumeClaimRetentionPolicy"))
                .isEqualTo(Map.of("whenDeleted", "Retain", "whenScaled", "Retain"));
        Map<String, Object> claim = map(implicit, "spec.volumeClaimTemplates.0");
        assertThat(claim).containsEntry("apiVersion", "v1").containsEntry("kind", "PersistentVolumeClaim")
                .containsEntry("status", Map.of("phase", "Pending"));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", "data");
        meta.put("creationTimestamp", null);
        assertThat(claim.get("metadata")).isEqualTo(meta);
        assertThat(str(implicit, "spec.volumeClaimTemplates.0.spec.volumeMode")).isEqualTo("Filesystem");
        assertThat(at(implicit, "status")).isEqualTo(Map.of("replicas", 0L, "availableReplicas", 0L));

        Map<String, Object> explicit = create("apps", "statefulsets", """
                metadata: {name: explicit}
                spec:
                  selector: {matchLabels: {app: w}}
                  updateStrategy: {type: RollingUpdate}
                """ + TEMPLATE);
        assertThat(at(explicit, "spec.updateStrategy")).as("explicit type: no rollingUpdate is made up")
                .isEqualTo(Map.of("type", "RollingUpdate"));
    }

    @Test
    void daemonSetsAndReplicaSets() {
        Map<String, Object> ds = create("apps", "daemonsets", """
                metadata: {name: ds}
                spec:
                  selector: {matchLabels: {app: w}}
                """ + TEMPLATE);
        assertThat(at(ds, "spec.updateStrategy")).isEqualTo(Map.of("type", "RollingUpdate",
                "rollingUpdate", Map.of("maxUnavailable", 1L, "maxSurge", 0L)));
        assertThat(at(ds, "spec.revisionHistoryLimit")).isEqualTo(10L);
        assertThat(at(ds, "status")).isEqualTo(Map.of("currentNumberScheduled", 0L, "numberMisscheduled", 0L,
                "desiredNumberScheduled", 0L, "numberReady", 0L));
        Map<String, Object> rs = create("apps", "replicasets", """
                metadata: {name: rs}
                spec:
                  selector: {matchLabels: {app: w}}
                """ + TEMPLATE);
        assertThat(at(rs, "spec.replicas")).isEqualTo(1L);
        assertThat(str(rs, "spec.template.spec.restartPolicy")).isEqualTo("Always");
        assertThat(at(rs, "status")).isEqualTo(Map.of("replicas", 0L));
        Map<String, Object> deploy = create("apps", "deployments", """
                metadata: {name: d}
                spec:
                  selector: {matchLabels: {app: w}}
                  strategy: {type: Recreate}
                """ + TEMPLATE);
        assertThat(at(deploy, "spec.strategy")).isEqualTo(Map.of("type", "Recreate"));
        assertThat(at(deploy, "status")).isEqualTo(Map.of());
    }

    @Test
    void replicationControllersTakeSelectorAndLabelsFromTheTemplate() {
        Map<String, Object> rc = create("", "replicationcontrollers", """
                metadata: {name: rc}
                spec:
                """ + TEMPLATE);
        assertThat(at(rc, "spec.selector")).isEqualTo(Map.of("app", "w"));
        assertThat(at(rc, "metadata.labels")).isEqualTo(Map.of("app", "w"));
        assertThat(at(rc, "spec.replicas")).isEqualTo(1L);
    }

    @Test
    void jobsGetAGeneratedSelectorAndTheJobDefaults() {
        Map<String, Object> job = create("batch", "jobs", """
                metadata: {name: migrate}
                spec:
                  template:
                    metadata: {labels: {app: w}}
                    spec:
                      restartPolicy: Never
                      containers: [{name: c, image: "busybox:1"}]
                """);
        String uid = str(job, "metadata.uid");
        Map<String, Object> spec = map(job, "spec");
        assertThat(spec).containsEntry("completions", 1L).containsEntry("parallelism", 1L)
                .containsEntry("backoffLimit", 6L).containsEntry("completionMode", "NonIndexed")
                .containsEntry("suspend", false).containsEntry("manualSelector", false)
                .containsEntry("podReplacementPolicy", "TerminatingOrFailed");
        assertThat(at(job, "spec.selector")).isEqualTo(Map.of("matchLabels",
                Map.of("batch.kubernetes.io/controller-uid", uid)));
        Map<String, Object> labels = Map.of("app", "w", "batch.kubernetes.io/controller-uid", uid,
                "controller-uid", uid, "batch.kubernetes.io/job-name", "migrate", "job-name", "migrate");
        assertThat(at(job, "spec.template.metadata.labels")).isEqualTo(labels);
        assertThat(at(job, "metadata.labels")).as("a Job without labels shows its template's").isEqualTo(labels);
        assertThat(str(job, "spec.template.spec.restartPolicy")).isEqualTo("Never");
        assertThat(at(job, "status")).isEqualTo(Map.of());
    }

    @Test
    void jobsWithOwnLabelsManualSelectorsAndPerIndexBackoff() {
        Map<String, Object> own = create("batch", "jobs", """
                metadata: {name: own, labels: {team: a}}
                spec:
                  parallelism: 3
                  backoffLimitPerIndex: 1
                  completionMode: Indexed
                  completions: 3
                  podFailurePolicy:
                    rules: [{action: Ignore, onPodConditions: [{type: DisruptionTarget}]}]
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: c, image: "busybox:1"}]
                """);
        assertThat(at(own, "metadata.labels")).isEqualTo(Map.of("team", "a"));
        assertThat(at(own, "spec.backoffLimit")).isEqualTo(2147483647L);
        assertThat(str(own, "spec.podReplacementPolicy")).isEqualTo("Failed");
        assertThat(str(own, "spec.podFailurePolicy.rules.0.onPodConditions.0.status")).isEqualTo("True");
        assertThat(at(own, "spec.parallelism")).isEqualTo(3L);

        Map<String, Object> manual = create("batch", "jobs", """
                metadata: {name: manual}
                spec:
                  manualSelector: true
                  parallelism: 2
                  selector: {matchLabels: {app: m}}
                  template:
                    metadata: {labels: {app: m}}
                    spec:
                      restartPolicy: OnFailure
                      containers: [{name: c, image: "busybox:1"}]
                """);
        assertThat(at(manual, "spec.selector")).isEqualTo(Map.of("matchLabels", Map.of("app", "m")));
        assertThat(at(manual, "spec.template.metadata.labels")).isEqualTo(Map.of("app", "m"));
        assertThat(map(manual, "spec")).as("parallelism given: completions stays unset")
                .doesNotContainKey("completions");
    }

    @Test
    void cronJobTemplatesGetNestedDefaultsOnly() {
        Map<String, Object> cj = create("batch", "cronjobs", """
                metadata: {name: nightly}
                spec:
                  schedule: "0 3 * * *"
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          restartPolicy: OnFailure
                          containers: [{name: c, image: busybox}]
                """);
        assertThat(map(cj, "spec")).containsEntry("concurrencyPolicy", "Allow")
                .containsEntry("suspend", false).containsEntry("successfulJobsHistoryLimit", 3L)
                .containsEntry("failedJobsHistoryLimit", 1L);
        assertThat(at(cj, "spec.jobTemplate.metadata")).isEqualTo(Collections.singletonMap("creationTimestamp",
                null));
        assertThat(map(cj, "spec.jobTemplate.spec").keySet()).containsExactly("template");
        assertThat(str(cj, "spec.jobTemplate.spec.template.spec.containers.0.imagePullPolicy")).isEqualTo("Always");
        assertThat(at(cj, "spec.jobTemplate.spec.template.spec.serviceAccountName")).as("admission: pods only")
                .isNull();
        assertThat(at(cj, "status")).isEqualTo(Map.of());
    }

    @Test
    void aJobTemplateLeftToRestartAlwaysIsRejected() {
        assertThatThrownBy(() -> create("batch", "jobs", """
                metadata: {name: forgot}
                spec:
                  template:
                    spec:
                      containers: [{name: c, image: "busybox:1"}]
                """)).isInstanceOfSatisfying(FakeKubeException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("spec.template.spec.restartPolicy: Unsupported value: "
                            + "\"Always\": supported values: \"OnFailure\", \"Never\"");
                });
        assertThatThrownBy(() -> create("batch", "cronjobs", """
                metadata: {name: forgot}
                spec:
                  schedule: "@daily"
                  jobTemplate: {spec: {template: {spec: {containers: [{name: c, image: "busybox:1"}]}}}}
                """)).isInstanceOfSatisfying(FakeKubeException.class,
                e -> assertThat(e.getMessage()).contains("spec.jobTemplate.spec.template.spec.restartPolicy"));
    }
}
