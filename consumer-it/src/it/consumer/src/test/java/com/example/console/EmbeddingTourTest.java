package com.example.console;

import static java.util.concurrent.TimeUnit.MINUTES;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Application;
import io.gitops4j.api.Drift;
import io.gitops4j.api.DriftMode;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.Trigger;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.Target;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.engine.DriftOptions;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.kube.PatchType;
import io.gitops4j.testkit.kube.WriteOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fragments docs/embedding.md shows (between the snippet markers), each in a test that runs it. */
class EmbeddingTourTest {
    @TempDir
    Path dir;

    /** A directory with one ConfigMap {@code settings} saying {@code greeting}. */
    private Path deployRepo(String name, String greeting) throws Exception {
        Path repo = Files.createDirectories(dir.resolve(name));
        Files.writeString(repo.resolve("settings.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
                + "  name: settings\ndata:\n  greeting: " + greeting + "\n");
        return repo;
    }

    private static FakeKube clusterWithShop() {
        FakeKube kube = FakeKube.create();
        kube.create(kube.type("", "v1", "namespaces"), "", Map.of("metadata", Map.of("name", "shop")),
                WriteOptions.defaults());
        return kube;
    }

    @Test
    void clusters() throws Exception {
        FakeKube stagingKube = clusterWithShop();
        FakeKube prodKube = clusterWithShop();
        SourceSpec stagingOverlay = SourceSpec.local(deployRepo("staging", "hi-staging"));
        SourceSpec prodOverlay = SourceSpec.local(deployRepo("prod", "hi-prod"));
        try (Target stagingCluster = stagingKube.asTarget(); Target prodCluster = prodKube.asTarget()) {
            // snippet:clusters
            Reconciler reconciler = GitOps.reconciler()
                    .target("staging", stagingCluster)               // clusters by name
                    .target("prod", prodCluster)
                    .renderers(Renderers.plainYaml())
                    .build();
            reconciler.register(Application.builder("shop-staging").source(stagingOverlay)
                    .targetNamespace("shop").destination("staging").build());
            reconciler.register(Application.builder("shop-prod").source(prodOverlay)
                    .targetNamespace("shop").destination("prod").build());

            ReconcileResult result = reconciler.reconcileNow("shop-prod").get(1, MINUTES);
            assertThat(result.destination()).isEqualTo("prod");
            assertThat(reconciler.status("shop-staging").destination()).isEqualTo("staging");
            // end:clusters
            reconciler.close();
            assertThat(prodKube.get(prodKube.type("", "v1", "configmaps"), "shop", "settings"))
                    .extractingByKey("data").isEqualTo(Map.of("greeting", "hi-prod"));
        }
    }

    @Test
    void drift() throws Exception {
        FakeKube kube = clusterWithShop();
        SourceSpec overlay = SourceSpec.local(deployRepo("shop", "hello"));
        try (Target cluster = kube.asTarget()) {
            // snippet:drift
            Reconciler reconciler = GitOps.reconciler()
                    .target(cluster)
                    .renderers(Renderers.plainYaml())
                    .drift(DriftOptions.defaults()                   // when a change starts a pass; fights backed off
                            .withDebounce(Duration.ofMillis(200))
                            .withMaxCorrections(5).withWindow(Duration.ofMinutes(10))
                            .withBackoff(Duration.ofMinutes(10)))
                    .build();
            reconciler.register(Application.builder("shop").source(overlay).targetNamespace("shop")
                    .syncPolicy(SyncPolicy.automated().withDrift(DriftMode.REPORT))   // CORRECT, REPORT or IGNORE
                    .build());
            reconciler.reconcileNow("shop").get(1, MINUTES);
            // end:drift
            kube.patch(kube.type("", "v1", "configmaps"), "shop", "settings", PatchType.MERGE,
                    "{\"data\":{\"greeting\":\"edited\"}}", WriteOptions.defaults().withFieldManager("kubectl-edit"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (reconciler.history("shop").stream().noneMatch(r -> r.trigger() == Trigger.DRIFT)
                    && System.nanoTime() - deadline < 0) {
                Thread.sleep(10);
            }
            // snippet:drift-explained
            ReconcileResult pass = reconciler.history("shop").stream()    // the pass the edit started
                    .filter(r -> r.trigger() == Trigger.DRIFT).findFirst().orElseThrow();
            assertThat(pass.outcome()).isEqualTo(Outcome.OUT_OF_SYNC);
            Drift drift = pass.drift().get(0);
            assertThat(drift.handling()).isEqualTo(Drift.Handling.REPORTED);
            assertThat(drift.fields()).singleElement().satisfies(field -> {
                assertThat(field.change().path()).isEqualTo(".data.greeting");
                assertThat(field.owner().orElseThrow().name()).isEqualTo("kubectl-edit");   // with operation and time
            });
            assertThat(drift.competingManagers()).isEqualTo(List.of("kubectl-edit"));
            // end:drift-explained
            reconciler.close();
        }
    }
}
