package io.gitops4j.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Application;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.fault.Faults;
import io.gitops4j.testkit.kube.FakeKubeTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DA-07: the stage of CRDs and Namespaces must be ready before the objects that need them are applied. */
class EngineStagesTest {
    private static final String CRD = EngineOrderTest.WIDGET_CRD + """
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: tools}
            ---
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: gear, namespace: tools}
            spec: {size: 3}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings, namespace: tools}
            data: {a: "1"}
            """;
    private static final ResourceKey CRD_KEY = ResourceKey.of("apiextensions.k8s.io/v1", "CustomResourceDefinition",
            "", "widgets.example.com");
    private static final ResourceKey GEAR = ResourceKey.of("example.com/v1", "Widget", "tools", "gear");
    private static final ResourceKey SETTINGS = ResourceKey.of("v1", "ConfigMap", "tools", "settings");

    @TempDir
    Path repo;

    private final FakeKube kube = FakeKube.create();
    private final FakeKubeTarget target = new FakeKubeTarget(kube);
    private final List<String> commits = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        target.close();
    }

    private ReconcileResult reconcileOnce(Duration stageWait) throws Exception {
        Files.writeString(repo.resolve("app.yaml"), CRD);
        kube.addObserver((type, event) -> commits.add(event.type() + " " + event.object().get("kind") + " "
                + ((Map<?, ?>) event.object().get("metadata")).get("name")));
        try (Reconciler reconciler = GitOps.reconciler().target(Faults.of(kube).target(target))
                .renderers(Renderers.plainYaml()).backgroundScheduling(false).stageWait(stageWait).build()) {
            reconciler.register(Application.builder("app").source(SourceSpec.local(repo))
                    .syncPolicy(SyncPolicy.manual().withInterval(Duration.ofHours(1))).build());
            return reconciler.reconcileNow("app").get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("DA-07 a CRD slow to become Established is waited for; then its custom resources are applied in the "
            + "same pass")
    void aSlowCrdIsWaitedFor() throws Exception {
        Faults.of(kube).slowCrd("widgets.example.com", Duration.ofMillis(1500));

        ReconcileResult result = reconcileOnce(Duration.ofSeconds(30));

        assertThat(result.outcome()).as("%s", result.error()).isEqualTo(Outcome.SYNCED);
        assertThat(result.keys(ObjectOutcome.CREATED)).containsExactlyInAnyOrder(CRD_KEY, GEAR, SETTINGS,
                ResourceKey.of("v1", "Namespace", "", "tools"));
        assertThat(result.changes().find(GEAR).orElseThrow().reason())
                .isEqualTo("not in cluster (its CRD is in this desired state)");
        assertThat(commits).filteredOn(c -> c.startsWith("ADDED"))
                .containsSubsequence("ADDED CustomResourceDefinition widgets.example.com", "ADDED Widget gear");
    }

    @Test
    @DisplayName("DA-07 a CRD that does not become Established in time fails the pass naming it; nothing of the "
            + "later stages is applied")
    void aCrdThatStaysInstallingFailsThePassWithAClearTimeout() throws Exception {
        Faults.of(kube).slowCrd("widgets.example.com", Duration.ofSeconds(30));

        ReconcileResult result = reconcileOnce(Duration.ofSeconds(1));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.failure()).hasValueSatisfying(f -> {
            assertThat(f.phase()).isEqualTo(ReconcileFailure.Phase.WAIT);
            assertThat(f.reason()).isEqualTo(ReconcileFailure.EngineReason.TIMEOUT);
            assertThat(f.object()).contains(CRD_KEY);
            assertThat(f.message()).isEqualTo("CustomResourceDefinition.apiextensions.k8s.io widgets.example.com: "
                    + "not Established after 1 s; the objects of later stages were not applied");
        });
        assertThat(result.object(CRD_KEY).orElseThrow().outcome()).isEqualTo(ObjectOutcome.CREATED);
        assertThat(result.object(GEAR).orElseThrow()).satisfies(o -> {
            assertThat(o.outcome()).isEqualTo(ObjectOutcome.SKIPPED);
            assertThat(o.note()).startsWith("not applied: CustomResourceDefinition");
        });
        assertThat(result.object(SETTINGS).orElseThrow().outcome()).isEqualTo(ObjectOutcome.SKIPPED);
        assertThat(commits).noneMatch(c -> c.contains("Widget") || c.contains("ConfigMap"));
        assertThat(target.inventories().read("app").orElseThrow().inventory().entries())
                .as("the intent for what was not applied stays").containsKeys(GEAR.id(), SETTINGS.id());
    }
}
