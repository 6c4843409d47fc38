package io.gitops4j.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Drift;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Trigger;
import io.gitops4j.api.plan.GuardVerdict;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.git.ToolCheck;
import io.gitops4j.testkit.kube.FakeKubeException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The demo's story end to end, through KubernetesTarget over HTTP into the in-process fake API server with the real
 * kustomize, judged by what each step did to the cluster and what its results say, not by the words it prints.
 */
class DemoTest {
    private static final String DEV = SampleStory.DEV;
    private static final String PROD = SampleStory.PROD;

    private static ResourceKey web(String ns) {
        return ResourceKey.of("apps/v1", "Deployment", ns, "web");
    }

    private static List<ResourceKey> objects(String ns) {
        return List.of(ResourceKey.of("v1", "ConfigMap", ns, "feature-flags"),
                ResourceKey.of("v1", "ConfigMap", ns, "web-settings"), ResourceKey.of("v1", "Service", ns, "web"),
                web(ns));
    }

    @Test
    void theStorySyncsPrunesCorrectsDriftFailsBlocksAndRollsBack() throws Exception {
        ToolCheck.require("kubectl", "kubectl"); // kustomize renders the overlays, as a Console's repository needs
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (FakeCluster cluster = FakeCluster.start()) {
            FakeKube kube = cluster.server().kube();
            Demo.Report report;
            try (Demo demo = Demo.ofSample(cluster, "shop", new PrintStream(printed, true, StandardCharsets.UTF_8),
                    false)) {
                report = demo.run();
            }
            List<Demo.Step> steps = report.steps();
            assertThat(steps).extracting(Demo.Step::scene).containsExactly(Demo.Scene.FIRST_SYNC,
                    Demo.Scene.RECONFIGURE, Demo.Scene.REMOVE, Demo.Scene.LIVE_EDIT, Demo.Scene.BROKEN_YAML,
                    Demo.Scene.EMPTIED, Demo.Scene.ROLLBACK);

            // 1: both environments created from the overlays, each in its own namespace
            for (String app : List.of(DEV, PROD)) {
                ReconcileResult first = steps.get(0).result(app);
                assertThat(first.outcome()).as(first.error().orElse("")).isEqualTo(Outcome.SYNCED);
                assertThat(first.keys(ObjectOutcome.CREATED)).containsExactlyInAnyOrderElementsOf(objects(app));
            }

            // 2: prod scaled and reconfigured
            ReconcileResult changed = steps.get(1).result(PROD);
            assertThat(changed.keys(ObjectOutcome.CONFIGURED)).containsExactlyInAnyOrder(web(PROD),
                    ResourceKey.of("v1", "ConfigMap", PROD, "web-settings"));

            // 3: a file removed from Git is pruned
            assertThat(steps.get(2).result(PROD).keys(ObjectOutcome.DELETED))
                    .containsExactly(ResourceKey.of("v1", "ConfigMap", PROD, "feature-flags"));

            // 4: the live edit starts a pass by itself, explained by field manager and corrected
            ReconcileResult drifted = steps.get(3).result(PROD);
            assertThat(drifted.trigger()).isEqualTo(Trigger.DRIFT);
            assertThat(drifted.outcome()).isEqualTo(Outcome.SYNCED);
            assertThat(drifted.drift()).singleElement().satisfies(d -> {
                assertThat(d.key().id()).isEqualTo(web(PROD).id());
                assertThat(d.handling()).isEqualTo(Drift.Handling.CORRECTED);
                assertThat(d.competingManagers()).containsExactly(SomeoneElse.EDITOR);
                assertThat(d.fields()).singleElement().satisfies(f -> {
                    assertThat(f.change().path()).isEqualTo(".spec.replicas");
                    assertThat(f.change().before()).isEqualTo("1");
                    assertThat(f.change().after()).isEqualTo("4");
                });
            });
            assertThat(drifted.keys(ObjectOutcome.CONFIGURED)).containsExactly(web(PROD));

            // 5: broken YAML fails in rendering, nothing written
            ReconcileResult broken = steps.get(4).result(DEV);
            assertThat(broken.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(broken.failure().map(ReconcileFailure::phase)).contains(ReconcileFailure.Phase.RENDER);
            assertThat(broken.writes()).isZero();

            // 6: an emptied environment is blocked by the empty-render guard, nothing deleted
            ReconcileResult emptied = steps.get(5).result(DEV);
            assertThat(emptied.outcome()).isEqualTo(Outcome.BLOCKED);
            assertThat(emptied.verdicts()).anySatisfy(v -> assertThat(v.decision())
                    .isEqualTo(GuardVerdict.Decision.BLOCK));
            assertThat(emptied.writes()).isZero();

            // 7: the rollback pins both to the first release's commit: prod goes back, dev had nothing to change
            String firstCommit = steps.get(0).result(PROD).revision().orElseThrow().id();
            for (String app : List.of(DEV, PROD)) {
                assertThat(steps.get(6).result(app).trigger()).isEqualTo(Trigger.PIN);
                assertThat(steps.get(6).result(app).revision().orElseThrow().id()).isEqualTo(firstCommit);
            }
            assertThat(steps.get(6).result(DEV).outcome()).isEqualTo(Outcome.SYNCED);
            assertThat(steps.get(6).result(DEV).writes()).isZero();
            ReconcileResult rolledBack = steps.get(6).result(PROD);
            assertThat(rolledBack.keys(ObjectOutcome.CREATED))
                    .containsExactly(ResourceKey.of("v1", "ConfigMap", PROD, "feature-flags"));
            assertThat(rolledBack.keys(ObjectOutcome.CONFIGURED)).containsExactlyInAnyOrder(web(PROD),
                    ResourceKey.of("v1", "ConfigMap", PROD, "web-settings"));

            // the cluster: the first release in both environments, dev untouched by its failed and blocked commits
            for (String ns : List.of(DEV, PROD)) {
                for (ResourceKey k : objects(ns)) {
                    assertThat(get(kube, k)).as(k.displayName()).isPresent();
                }
            }
            assertThat(get(kube, web(DEV)).orElseThrow()).extracting(o -> ((Map<?, ?>) o.get("spec")).get("replicas"))
                    .isEqualTo(1L);
            assertThat(get(kube, web(PROD)).orElseThrow())
                    .extracting(o -> ((Map<?, ?>) o.get("spec")).get("replicas")).isEqualTo(2L);
            assertThat(get(kube, ResourceKey.of("v1", "ConfigMap", PROD, "web-settings")).orElseThrow())
                    .extracting(o -> ((Map<?, ?>) o.get("data")).get("THEME")).isEqualTo("green");

            // history and requests as the demo reports them
            assertThat(report.history()).hasSize(9);
            assertThat(report.history()).filteredOn(r -> r.application().equals(PROD))
                    .extracting(ReconcileResult::trigger).contains(Trigger.DRIFT);
            long total = report.requests().values().stream().mapToLong(Long::longValue).sum();
            assertThat(total).isPositive().isEqualTo(cluster.server().requests()
                    .records(r -> r.userAgent().startsWith("gitops4j/")).size());
            assertThat(report.succeeded()).isTrue();
            Demo.Step wrong = new Demo.Step(Demo.Scene.EMPTIED, steps.get(0).results());
            assertThat(wrong.asExpected()).as("a synced pass is not what an emptied environment must give").isFalse();
            assertThat(new Demo.Report(List.of(steps.get(0), wrong), report.history(), report.requests()).succeeded())
                    .isFalse();
        }
        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(out).as("plain lines when not on a terminal").doesNotContain("\u001b", "\r");
    }

    private static Optional<Map<String, Object>> get(FakeKube kube, ResourceKey key) {
        try {
            return Optional.of(kube.get(kube.typeOf(key.apiVersion(), key.kind()), key.namespace(), key.name()));
        } catch (FakeKubeException e) {
            return Optional.empty();
        }
    }
}
