package io.gitops4j.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Application;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.Target;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.assertions.GitOpsAssertions;
import io.gitops4j.testkit.fault.Faults;
import io.gitops4j.testkit.server.RequestLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine against the faithful fake: server defaults, allocated fields and managedFields must not look like drift. */
class EngineOnFakeKubeTest {
    @TempDir
    Path repo;

    private static final String MANIFESTS = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
            data:
              greeting: hello
              replicas: "2"
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: db
            stringData:
              password: CANARY-SECRET-1
            ---
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
                      image: nginx:1.27
                      ports:
                        - containerPort: 80
                      resources:
                        limits: {cpu: 500m, memory: 128Mi}
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              selector: {app: web}
              ports:
                - port: 80
                  targetPort: 80
            """;

    /** Every change the fake committed during the second pass of {@link #reconcileTwice}, as "MODIFIED Kind ns/name". */
    private final List<String> secondPassCommits = new CopyOnWriteArrayList<>();

    /**
     * DA-10: reconciles {@code manifests} into {@code kube} twice; the first pass must create {@code created}
     * objects, the second must report each of them UNCHANGED and send no write request (no resourceVersion moves,
     * no inventory write).
     */
    private void assertSecondReconcileIsANoOp(FakeKube kube, String manifests, int created) throws Exception {
        Files.writeString(repo.resolve("app.yaml"), manifests);
        RequestLog requests = new RequestLog(10_000);
        try (Target target = EngineTargets.over(kube);
             Reconciler reconciler = open(Faults.of(kube).target(target, requests), "default")) {
            ReconcileResult first = reconciler.reconcileNow("app").get(30, TimeUnit.SECONDS);
            assertThat(first.outcome()).as("%s", first.error()).isEqualTo(Outcome.SYNCED);
            assertThat(first.changes().keys(Action.CREATE)).hasSize(created);
            String version = kube.resourceVersion();
            requests.clear();

            ReconcileResult second = reconciler.reconcileNow("app").get(30, TimeUnit.SECONDS);

            assertThat(second.outcome()).isEqualTo(Outcome.SYNCED);
            assertThat(second.changes().changes()).hasSize(created).allSatisfy(c ->
                    assertThat(c.action()).as("%s %s", c.key(), c.diff()).isEqualTo(Action.UNCHANGED));
            assertThat(kube.resourceVersion()).as("no write moved the resourceVersion").isEqualTo(version);
            assertThat(requests.total()).as("the second pass read the cluster").isPositive();
            GitOpsAssertions.assertThat(requests).hasNoWrites();
        }
    }

    /** The object as {@code kube} holds it now, read through a target of its own. */
    private static Optional<LiveObject> live(FakeKube kube, ResourceKey key) {
        try (Target target = kube.asTarget()) {
            return target.view().get(key);
        }
    }

    /** A reconciler over {@code target} with the manual Application "app" on the test's repository. */
    private Reconciler open(Target target, String namespace) {
        Reconciler reconciler = GitOps.reconciler().target(target).renderers(Renderers.plainYaml()).build();
        reconciler.register(Application.builder("app").source(SourceSpec.local(repo)).targetNamespace(namespace)
                .syncPolicy(SyncPolicy.manual().withInterval(Duration.ofHours(1))).build());
        return reconciler;
    }

    /**
     * Reconciles {@code first} (which must sync), then {@code second}; the second pass's result. Its commits land in
     * {@link #secondPassCommits}.
     */
    private ReconcileResult reconcileTwice(FakeKube kube, String namespace, String first, String second)
            throws Exception {
        Files.writeString(repo.resolve("app.yaml"), first);
        try (Target target = EngineTargets.over(kube); Reconciler reconciler = open(target, namespace)) {
            ReconcileResult synced = reconciler.reconcileNow("app").get(30, TimeUnit.SECONDS);
            assertThat(synced.outcome()).as("%s", synced.error()).isEqualTo(Outcome.SYNCED);
            Files.writeString(repo.resolve("app.yaml"), second);
            kube.addObserver((type, event) -> {
                Map<?, ?> metadata = (Map<?, ?>) event.object().get("metadata");
                secondPassCommits.add(event.type() + " " + event.object().get("kind") + " " + metadata.get("namespace")
                        + "/" + metadata.get("name"));
            });
            return reconciler.reconcileNow("app").get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("DA-10 a second reconcile after a good apply makes zero writes and reports zero differences")
    void secondReconcileIsANoOp() throws Exception {
        FakeKube kube = FakeKube.create();
        assertSecondReconcileIsANoOp(kube, MANIFESTS, 4);
        assertThat(live(kube, ResourceKey.of("v1", "Service", "default", "web")).orElseThrow()
                .manifest().get("spec", "clusterIP")).isPresent();
    }

    private static final String DEFAULTED_KINDS = """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: migrate}
            spec:
              template:
                metadata: {labels: {app: migrate}}
                spec:
                  restartPolicy: Never
                  containers: [{name: m, image: "busybox:1.36", resources: {limits: {cpu: "1", memory: 1Gi}}}]
            ---
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: report}
            spec:
              schedule: "0 3 * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      restartPolicy: OnFailure
                      containers: [{name: r, image: report}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: debug}
            spec:
              containers: [{name: d, image: busybox, livenessProbe: {httpGet: {port: 8080}}}]
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec:
              serviceName: db
              selector: {matchLabels: {app: db}}
              updateStrategy: {type: RollingUpdate}
              template:
                metadata: {labels: {app: db}}
                spec:
                  serviceAccountName: db
                  containers: [{name: pg, image: "postgres:16", ports: [{containerPort: 5432}]}]
              volumeClaimTemplates:
              - metadata: {name: data}
                spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: db}
            spec: {clusterIP: None, selector: {app: db}, ports: [{port: 5432}]}
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: db}
            spec:
              podSelector: {matchLabels: {app: db}}
              ingress: [{ports: [{port: 5432}]}]
            ---
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: {name: web}
            spec:
              scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
              maxReplicas: 4
              behavior: {scaleDown: {stabilizationWindowSeconds: 120}}
            ---
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: {name: db}
            spec: {minAvailable: 1, selector: {matchLabels: {app: db}}}
            ---
            apiVersion: v1
            kind: LimitRange
            metadata: {name: defaults}
            spec:
              limits: [{type: Container, max: {memory: 2Gi}}]
            """;

    @Test
    @DisplayName("DA-10 generated Job selectors, admitted Pods and defaulted policies are not drift on the next reconcile")
    void defaultsAndAdmissionAreNotDrift() throws Exception {
        FakeKube kube = FakeKube.create();
        assertSecondReconcileIsANoOp(kube, DEFAULTED_KINDS, 9);
        assertThat(live(kube, ResourceKey.of("batch/v1", "Job", "default", "migrate")).orElseThrow()
                .manifest().get("spec", "selector")).isPresent();
    }

    private static final String QUANTITIES = """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec:
              serviceName: db
              selector: {matchLabels: {app: db}}
              template:
                metadata: {labels: {app: db}}
                spec:
                  containers:
                  - name: db
                    image: postgres:16
                    resources:
                      requests: {cpu: 0.5, memory: 1024Mi}
                      limits: {cpu: 1000m, memory: "1.5Gi"}
              volumeClaimTemplates:
              - metadata: {name: data}
                spec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 10240Mi}}
            """;

    @Test
    @DisplayName("DA-10 quantities the server rewrites (0.5 → 500m, 1024Mi → 1Gi) are not drift on the next reconcile")
    void rewrittenQuantitiesAreNotDrift() throws Exception {
        FakeKube kube = FakeKube.create();
        assertSecondReconcileIsANoOp(kube, QUANTITIES, 1);
        assertThat(live(kube, ResourceKey.of("apps/v1", "StatefulSet", "default", "db")).orElseThrow()
                .manifest().get("spec", "template", "spec", "containers")).hasValueSatisfying(c ->
                assertThat(c.toString()).as("the server stored canonical spellings").contains("500m", "1Gi"));
    }

    /** The Deployment's selector and template labels changed to app: shop; the Service's selector left alone. */
    private static String newSelector(String manifests) {
        String changed = manifests.replace("matchLabels: {app: web}", "matchLabels: {app: shop}")
                .replace("labels: {app: web}", "labels: {app: shop}");
        assertThat(changed).contains("selector: {app: web}");
        return changed;
    }

    @Test
    @DisplayName("DA-05 a commit that changes only an immutable field fails with an error naming the object and the field, and writes nothing")
    void immutableFieldChangeIsAClearErrorAndWritesNothing() throws Exception {
        FakeKube kube = FakeKube.create();

        ReconcileResult result = reconcileTwice(kube, "default", MANIFESTS, newSelector(MANIFESTS));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.error()).hasValueSatisfying(e -> assertThat(e)
                .startsWith("1 object(s) failed: Deployment.apps default/web: Deployment.apps \"web\" is invalid: ")
                .contains("spec.selector: Invalid value: ", "field is immutable"));
        ResourceKey web = ResourceKey.of("apps/v1", "Deployment", "default", "web");
        assertThat(result.object(web).orElseThrow()).satisfies(o -> {
            assertThat(o.planned().action()).isEqualTo(Action.UPDATE);
            assertThat(o.outcome()).isEqualTo(ObjectOutcome.FAILED);
            assertThat(o.failure().orElseThrow().reason()).isEqualTo(TargetException.Reason.IMMUTABLE);
            assertThat(o.failure().orElseThrow().details()).containsExactly("spec.selector");
        });
        assertThat(result.failure().orElseThrow()).satisfies(f -> {
            assertThat(f.phase()).isEqualTo(ReconcileFailure.Phase.APPLY);
            assertThat(f.reason()).isEqualTo(TargetException.Reason.IMMUTABLE);
            assertThat(f.object()).contains(web);
        });
        assertThat(live(kube, web).orElseThrow().manifest()
                .get("spec", "selector", "matchLabels", "app")).as("the live Deployment is left as it was")
                .contains("web");
        assertThat(secondPassCommits).isEmpty();
    }

    @Test
    @DisplayName("DA-05 an object refused for an immutable field fails alone: the commit's other changes are applied")
    void immutableFieldChangeFailsOnlyThatObject() throws Exception {
        FakeKube kube = FakeKube.create();

        ReconcileResult result = reconcileTwice(kube, "default", MANIFESTS, newSelector(MANIFESTS)
                .replace("greeting: hello", "greeting: bonjour"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.error()).hasValueSatisfying(e -> assertThat(e).contains("Deployment.apps default/web",
                "field is immutable"));
        assertThat(result.changes().keys(Action.UPDATE)).containsExactlyInAnyOrder(
                ResourceKey.of("v1", "ConfigMap", "default", "settings"),
                ResourceKey.of("apps/v1", "Deployment", "default", "web"));
        assertThat(secondPassCommits).containsExactly("MODIFIED ConfigMap default/settings");
    }

    @Test
    @DisplayName("PR-05 a prune deletes only what the application created: a namespace's kube-root-ca.crt and default ServiceAccount stay")
    void pruneLeavesTheControllersObjectsAlone() throws Exception {
        FakeKube kube = FakeKube.builder().namespaceDefaults(true).build();
        StringBuilder kept = new StringBuilder("""
                apiVersion: v1
                kind: Namespace
                metadata: {name: shop}
                """);
        for (int i = 0; i < 4; i++) { // so that one prune stays under the PR-03 blast radius
            kept.append("---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: keep-").append(i)
                    .append(", namespace: shop}\n");
        }
        String namespace = kept.toString();
        String configMap = """
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings, namespace: shop}
                data: {a: "1"}
                """;

        ReconcileResult pruned = reconcileTwice(kube, "shop", namespace + configMap, namespace);

        assertThat(pruned.outcome()).as("%s", pruned.error()).isEqualTo(Outcome.SYNCED);
        assertThat(pruned.changes().keys(Action.PRUNE))
                .containsExactly(ResourceKey.of("v1", "ConfigMap", "shop", "settings"));
        assertThat(live(kube, ResourceKey.of("v1", "ConfigMap", "shop", "kube-root-ca.crt"))).isPresent();
        assertThat(live(kube, ResourceKey.of("v1", "ServiceAccount", "shop", "default"))).isPresent();
        assertThat(live(kube, ResourceKey.of("v1", "ConfigMap", "shop", "settings"))).isEmpty();
    }

    /** A Job whose pod template (immutable) names {@code image}; {@code recreate} opts in to re-creation (DA-05). */
    static String job(String image, boolean recreate) {
        return """
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: migrate
                  annotations: {%s}
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: m, image: "%s"}]
                """.formatted(recreate ? "gitops4j.io/recreate-on-immutable-change: \"true\"" : "", image);
    }

    @Test
    @DisplayName("DA-05 an immutable change is re-created only when the manifest opts in; without, the error says how")
    void immutableChangeIsRecreatedOnlyWithTheOptIn() throws Exception {
        ResourceKey key = ResourceKey.of("batch/v1", "Job", "default", "migrate");

        FakeKube refusing = FakeKube.create();
        ReconcileResult refused = reconcileTwice(refusing, "default", job("migrate:1", false), job("migrate:2", false));
        assertThat(refused.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(refused.error()).hasValueSatisfying(e -> assertThat(e).contains("spec.template: Invalid value",
                "field is immutable", "annotate it gitops4j.io/recreate-on-immutable-change: \"true\""));
        assertThat(live(refusing, key).orElseThrow().manifest()
                .get("spec", "template", "spec", "containers")).hasValueSatisfying(c -> assertThat(c.toString())
                        .contains("migrate:1"));

        FakeKube kube = FakeKube.create();
        ReconcileResult recreated = reconcileTwice(kube, "default", job("migrate:1", true), job("migrate:2", true));
        assertThat(recreated.outcome()).as("%s", recreated.error()).isEqualTo(Outcome.SYNCED);
        assertThat(recreated.object(key).orElseThrow()).satisfies(o -> {
            assertThat(o.outcome()).isEqualTo(ObjectOutcome.RECREATED);
            assertThat(o.note()).startsWith("re-created: ").contains("field is immutable");
        });
        var live = live(kube, key).orElseThrow();
        assertThat(live.manifest().get("spec", "template", "spec", "containers").orElseThrow().toString())
                .contains("migrate:2");
        assertThat(live.manifest().labels()).containsEntry("gitops4j.io/application", "app");
    }

    @Test
    @DisplayName("DA-05 a claim is never deleted to be re-created, even with the opt-in")
    void claimsAreNeverRecreated() throws Exception {
        String claim = """
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata:
                  name: data
                  annotations: {gitops4j.io/recreate-on-immutable-change: "true"}
                spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: %s}}}
                """;
        FakeKube kube = FakeKube.create();
        ReconcileResult result = reconcileTwice(kube, "default", claim.formatted("1Gi"), claim.formatted("2Gi"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.error()).hasValueSatisfying(e -> assertThat(e)
                .contains("spec is immutable after creation", "a PersistentVolumeClaim is never deleted"));
        assertThat(live(kube, ResourceKey.of("v1", "PersistentVolumeClaim", "default", "data"))
                .orElseThrow().manifest().get("spec", "resources", "requests", "storage")).contains("1Gi");
    }

    @Test
    @DisplayName("DA-05 a re-creation waits while a finalizer holds the old object, then creates the new one")
    void recreationWaitsForFinalizers() throws Exception {
        FakeKube kube = FakeKube.create();
        var jobs = kube.type("batch", "v1", "jobs");
        String held = job("migrate:1", true).replace("  name: migrate\n",
                "  name: migrate\n  finalizers: [example.com/hold]\n");
        String changed = job("migrate:2", true).replace("  name: migrate\n",
                "  name: migrate\n  finalizers: [example.com/hold]\n");
        Thread releaser = new Thread(() -> {
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (System.nanoTime() < deadline) {
                try {
                    var o = kube.get(jobs, "default", "migrate");
                    if (o.get("metadata") instanceof java.util.Map<?, ?> m && m.get("deletionTimestamp") != null) {
                        Thread.sleep(300); // the engine is waiting now
                        kube.patch(jobs, "default", "migrate", io.gitops4j.testkit.kube.PatchType.MERGE,
                                "{\"metadata\":{\"finalizers\":null}}",
                                io.gitops4j.testkit.kube.WriteOptions.defaults());
                        return;
                    }
                    Thread.sleep(20);
                } catch (Exception e) {
                    // not there yet, or already replaced
                }
            }
        });
        releaser.start();

        ReconcileResult result = reconcileTwice(kube, "default", held, changed);
        releaser.join(30_000);

        assertThat(result.outcome()).as("%s", result.error()).isEqualTo(Outcome.SYNCED);
        var live = live(kube, ResourceKey.of("batch/v1", "Job", "default", "migrate")).orElseThrow();
        assertThat(live.manifest().get("spec", "template", "spec", "containers").orElseThrow().toString())
                .contains("migrate:2");
        assertThat(live.manifest().get("metadata", "deletionTimestamp")).isEmpty();
    }
}
