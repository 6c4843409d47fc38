package io.gitops4j.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Application;
import io.gitops4j.api.NamespaceCreation;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.PruneGuard;
import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.kube.FakeKubeTarget;
import io.gitops4j.testkit.kube.WriteOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DA-17: an Application's target namespace that does not exist, with and without {@link NamespaceCreation}. */
class EngineNamespaceCreationTest {
    private static final ResourceKey SHOP = ResourceKey.of("v1", "Namespace", "", "shop");
    private static final SyncPolicy MANUAL = SyncPolicy.manual().withInterval(Duration.ofHours(1))
            .withPruneGuard(new PruneGuard(100, 1000, false));

    @TempDir
    Path repo;

    private final FakeKube kube = FakeKube.create();
    private final FakeKubeTarget target = new FakeKubeTarget(kube);
    private Reconciler reconciler;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(repo.resolve("settings.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n"
                + "data: {a: \"1\"}\n");
        reconciler = GitOps.reconciler().target(target).renderers(Renderers.plainYaml()).backgroundScheduling(false)
                .build();
    }

    @AfterEach
    void stop() {
        reconciler.close();
        target.close();
    }

    private ReconcileResult reconcile(String namespace, NamespaceCreation creation) throws Exception {
        reconciler.register(Application.builder("app").source(SourceSpec.local(repo)).targetNamespace(namespace)
                .createNamespace(creation).syncPolicy(MANUAL).build());
        return reconciler.reconcileNow("app").get(30, TimeUnit.SECONDS);
    }

    private boolean exists(String namespace) {
        return target.view().get(new ObjectId("", "Namespace", "", namespace)).isPresent();
    }

    private Map<ObjectId, String> inventory() {
        return target.inventories().read("app").orElseThrow().inventory().entries();
    }

    @Test
    @DisplayName("DA-17 by default a missing target namespace is not created: the objects fail naming it")
    void byDefaultAMissingNamespaceFailsTheObjectsNamingIt() throws Exception {
        ReconcileResult result = reconcile("shop", NamespaceCreation.NEVER);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.failure()).hasValueSatisfying(f -> {
            assertThat(f.phase()).isEqualTo(ReconcileFailure.Phase.APPLY);
            assertThat(f.reason()).isEqualTo(TargetException.Reason.NOT_FOUND);
            assertThat(f.message()).contains("ConfigMap shop/settings", "namespaces \"shop\" not found");
        });
        assertThat(exists("shop")).isFalse();
    }

    @Test
    @DisplayName("DA-17 CREATE: a missing target namespace is created first, labelled as the application's, never "
            + "recorded, so never pruned")
    void createMakesTheNamespaceAndNeverPrunesIt() throws Exception {
        ReconcileResult created = reconcile("shop", NamespaceCreation.CREATE);

        assertThat(created.outcome()).as("%s", created.error()).isEqualTo(Outcome.SYNCED);
        assertThat(created.object(SHOP).orElseThrow().outcome()).isEqualTo(ObjectOutcome.CREATED);
        assertThat(target.view().get(SHOP).orElseThrow().manifest().labels())
                .containsEntry("gitops4j.io/application", "app");
        assertThat(inventory()).doesNotContainKey(SHOP.id()).containsKey(new ObjectId("", "ConfigMap", "shop",
                "settings"));

        ReconcileResult again = reconcile("shop", NamespaceCreation.CREATE);
        assertThat(again.object(SHOP).orElseThrow().outcome()).isEqualTo(ObjectOutcome.UNCHANGED);

        Files.writeString(repo.resolve("settings.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other, "
                + "namespace: default}\n");
        ReconcileResult moved = reconcile("", NamespaceCreation.NEVER);
        assertThat(moved.outcome()).as("%s", moved.error()).isEqualTo(Outcome.SYNCED);
        assertThat(moved.changes().find(SHOP)).isEmpty();
        assertThat(exists("shop")).isTrue();
    }

    @Test
    @DisplayName("DA-17 CREATE_AND_PRUNE: the namespace created is recorded and pruned once no longer needed")
    void createAndPruneRecordsTheNamespaceAndPrunesItWhenTheTargetMoves() throws Exception {
        assertThat(reconcile("shop", NamespaceCreation.CREATE_AND_PRUNE).outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(inventory()).containsKey(SHOP.id());

        ReconcileResult moved = reconcile("shelf", NamespaceCreation.CREATE_AND_PRUNE);

        assertThat(moved.outcome()).as("%s", moved.error()).isEqualTo(Outcome.SYNCED);
        assertThat(moved.object(ResourceKey.of("v1", "Namespace", "", "shelf")).orElseThrow().outcome())
                .isEqualTo(ObjectOutcome.CREATED);
        assertThat(moved.object(SHOP).orElseThrow().outcome()).isEqualTo(ObjectOutcome.DELETED);
        assertThat(exists("shop")).isFalse();
        assertThat(inventory()).containsKey(new ObjectId("", "Namespace", "", "shelf")).doesNotContainKey(SHOP.id());
    }

    @Test
    @DisplayName("DA-17 a target namespace that already exists and is not the application's is left alone, never "
            + "recorded, never pruned")
    void anExistingNamespaceIsLeftAlone() throws Exception {
        kube.create(kube.type("", "v1", "namespaces"), "", Map.of("metadata", Map.of("name", "shop",
                "labels", Map.of("team", "shop"))), WriteOptions.defaults());

        ReconcileResult result = reconcile("shop", NamespaceCreation.CREATE_AND_PRUNE);

        assertThat(result.outcome()).as("%s", result.error()).isEqualTo(Outcome.SYNCED);
        assertThat(result.changes().find(SHOP)).isEmpty();
        assertThat(target.view().get(SHOP).orElseThrow().manifest().labels()).containsEntry("team", "shop")
                .doesNotContainKey("gitops4j.io/application");
        assertThat(inventory()).doesNotContainKey(SHOP.id());
        assertThat(reconcile("shelf", NamespaceCreation.CREATE_AND_PRUNE).outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(exists("shop")).isTrue();
    }

    @Test
    @DisplayName("PR-01 with CREATE or CREATE_AND_PRUNE, a render emptied of every object is still blocked: the "
            + "namespace the engine adds is not something the render produced")
    void pr01AnEmptiedRenderIsBlockedAlthoughTheEngineAddsTheNamespace() throws Exception {
        for (NamespaceCreation creation : new NamespaceCreation[] {NamespaceCreation.CREATE,
                NamespaceCreation.CREATE_AND_PRUNE}) {
            Files.writeString(repo.resolve("settings.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "
                    + "settings}\ndata: {a: \"1\"}\n");
            assertThat(reconcile("shop", creation).outcome()).as("%s", creation).isEqualTo(Outcome.SYNCED);

            Files.writeString(repo.resolve("settings.yaml"), "# emptied\n");
            ReconcileResult emptied = reconcile("shop", creation);

            assertThat(emptied.outcome()).as("%s", creation).isEqualTo(Outcome.BLOCKED);
            assertThat(emptied.writes()).as("%s", creation).isZero();
            assertThat(target.view().get(new ObjectId("", "ConfigMap", "shop", "settings"))).as("%s", creation)
                    .isPresent();
            assertThat(exists("shop")).as("%s", creation).isTrue();
        }
    }
}
