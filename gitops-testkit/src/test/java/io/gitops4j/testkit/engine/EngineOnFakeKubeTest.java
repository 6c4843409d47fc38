package io.gitops4j.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Application;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.testkit.FakeKube;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

    @Test
    @DisplayName("DA-10 a second reconcile after a good apply makes zero writes and reports zero differences")
    void secondReconcileIsANoOp() throws Exception {
        FakeKube kube = FakeKube.create();
        Files.writeString(repo.resolve("app.yaml"), MANIFESTS);
        try (Reconciler reconciler = GitOps.reconciler().target(kube.asTarget())
                .renderers(Renderers.plainYaml()).build()) {
            reconciler.register(Application.builder("shop").source(SourceSpec.local(repo)).targetNamespace("default")
                    .syncPolicy(SyncPolicy.manual().withInterval(Duration.ofHours(1))).build());

            ReconcileResult first = reconciler.reconcileNow("shop").get(30, TimeUnit.SECONDS);
            assertThat(first.outcome()).as("%s", first.error()).isEqualTo(Outcome.SYNCED);
            assertThat(first.changes().keys(Action.CREATE)).hasSize(4);
            String version = kube.resourceVersion();

            ReconcileResult second = reconciler.reconcileNow("shop").get(30, TimeUnit.SECONDS);

            assertThat(second.outcome()).isEqualTo(Outcome.SYNCED);
            assertThat(second.changes().changes()).allSatisfy(c -> {
                assertThat(c.action()).as("%s %s", c.key(), c.diff()).isEqualTo(Action.UNCHANGED);
            });
            assertThat(kube.resourceVersion()).as("no write moved the resourceVersion").isEqualTo(version);
            assertThat(kube.asTarget().get(ResourceKey.of("v1", "Service", "default", "web")).orElseThrow()
                    .manifest().get("spec", "clusterIP")).isPresent();
        }
    }
}
