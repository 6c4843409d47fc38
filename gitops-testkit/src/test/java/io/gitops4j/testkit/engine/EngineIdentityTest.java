package io.gitops4j.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Application;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.Target;
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

/** An object is the same object in every API version the server serves it in. */
class EngineIdentityTest {
    @TempDir
    Path repo;

    private static String hpa(String apiVersion, int max) {
        return """
                apiVersion: %s
                kind: HorizontalPodAutoscaler
                metadata: {name: web}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
                  minReplicas: 1
                  maxReplicas: %d
                """.formatted(apiVersion, max);
    }

    @Test
    @DisplayName("PR-12 an object applied as autoscaling/v1 and declared as autoscaling/v2 is one object: updated, "
            + "one inventory entry, never pruned")
    void oneObjectInEveryVersion() throws Exception {
        FakeKube kube = FakeKube.create();
        Target target = kube.asTarget();
        ObjectId web = new ObjectId("autoscaling", "HorizontalPodAutoscaler", "default", "web");
        try (Reconciler reconciler = GitOps.reconciler().target(target).renderers(Renderers.plainYaml()).build()) {
            reconciler.register(Application.builder("app").source(SourceSpec.local(repo)).targetNamespace("default")
                    .syncPolicy(SyncPolicy.manual().withInterval(Duration.ofHours(1))).build());
            Files.writeString(repo.resolve("hpa.yaml"), hpa("autoscaling/v1", 3));
            ReconcileResult first = reconciler.reconcileNow("app").get(30, TimeUnit.SECONDS);
            assertThat(first.outcome()).as("%s", first.error()).isEqualTo(Outcome.SYNCED);
            String uid = target.view().get(web).orElseThrow().uid();

            Files.writeString(repo.resolve("hpa.yaml"), hpa("autoscaling/v2", 5));
            ReconcileResult second = reconciler.reconcileNow("app").get(30, TimeUnit.SECONDS);

            assertThat(second.outcome()).as("%s", second.error()).isEqualTo(Outcome.SYNCED);
            assertThat(second.changes().changes()).singleElement().satisfies(c -> {
                assertThat(c.key()).isEqualTo(ResourceKey.of("autoscaling/v2", "HorizontalPodAutoscaler", "default",
                        "web"));
                assertThat(c.action()).isEqualTo(Action.UPDATE);
            });
            assertThat(target.inventories().read("app").orElseThrow().inventory().entries())
                    .containsOnlyKeys(web).containsEntry(web, uid);
            assertThat(target.view().get(web).orElseThrow().manifest().get("spec", "maxReplicas")).contains(5L);

            ReconcileResult third = reconciler.reconcileNow("app").get(30, TimeUnit.SECONDS);
            assertThat(third.changes().changes()).singleElement()
                    .satisfies(c -> assertThat(c.action()).isEqualTo(Action.UNCHANGED));
        } finally {
            target.close();
        }
    }
}
