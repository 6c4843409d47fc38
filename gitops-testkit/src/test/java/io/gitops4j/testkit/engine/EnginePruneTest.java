package io.gitops4j.testkit.engine;

import static io.gitops4j.testkit.engine.EngineFixture.configMap;
import static io.gitops4j.testkit.engine.EngineFixture.reconcile;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Outcome;
import io.gitops4j.api.PruneGuard;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.GuardVerdict;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.testkit.fault.Fault;
import io.gitops4j.testkit.fault.Faults;
import io.gitops4j.testkit.fault.Verb;
import io.gitops4j.testkit.kube.DeleteOptions;
import io.gitops4j.testkit.kube.PatchType;
import io.gitops4j.testkit.kube.ResourceType;
import io.gitops4j.testkit.kube.WatchEvent;
import io.gitops4j.testkit.kube.WriteOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prune through the public API against the fake: ownership checks (PR-05), failed deletes kept and retried (PR-07).
 * Five ConfigMaps {@code a}–{@code e} are created first, so that pruning one stays under the blast-radius share.
 */
class EnginePruneTest {
    private static final ResourceKey A = key("a");
    private static final ResourceKey E = key("e");
    private static final SyncPolicy MANUAL = SyncPolicy.manual().withInterval(Duration.ofHours(1));

    @TempDir
    Path repo;

    private EngineFixture fixture;
    private ResourceType configMaps;

    private static ResourceKey key(String name) {
        return ResourceKey.of("v1", "ConfigMap", "shop", name);
    }

    @BeforeEach
    void start() throws Exception {
        fixture = new EngineFixture(repo);
        configMaps = fixture.kube.type("", "v1", "configmaps");
        for (String name : new String[] {"a", "b", "c", "d", "e"}) {
            fixture.write(name + ".yaml", configMap(name, "1"));
        }
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** Starts a reconciler and reconciles the five ConfigMaps into the cluster. */
    private Reconciler synced(SyncPolicy policy) throws Exception {
        Reconciler reconciler = fixture.start(policy);
        ReconcileResult first = reconcile(reconciler);
        assertThat(first.outcome()).as("%s", first.error()).isEqualTo(Outcome.SYNCED);
        return reconciler;
    }

    private String uid(String name) {
        return (String) ((Map<?, ?>) fixture.kube.get(configMaps, "shop", name).get("metadata")).get("uid");
    }

    /** What another actor does: deletes {@code name} and creates it again, labelled as ours, with a new UID. */
    private void recreateAsAnotherActor(String name) {
        fixture.kube.delete(configMaps, "shop", name, DeleteOptions.defaults());
        fixture.kube.create(configMaps, "shop", Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata",
                Map.of("name", name, "labels", Map.of("gitops4j.io/application", EngineFixture.APP)),
                "data", Map.of("value", "theirs")), WriteOptions.defaults().withFieldManager("someone"));
    }

    @Test
    @DisplayName("PR-05 an owned object re-created by someone else (another UID) is not pruned: ownership changed")
    void recreatedObjectIsNotPruned() throws Exception {
        Reconciler reconciler = synced(MANUAL);
        String recorded = uid("e");
        assertThat(fixture.inventory().entries()).containsEntry(E.id(), recorded);
        recreateAsAnotherActor("e");
        fixture.delete("e.yaml");
        fixture.clearCommits();

        ReconcileResult result = reconcile(reconciler);

        assertThat(result.changes().find(E).orElseThrow()).satisfies(c -> {
            assertThat(c.action()).isEqualTo(Action.SKIP);
            assertThat(c.reason()).isEqualTo("ownership changed: object was re-created (different UID)");
        });
        assertThat(uid("e")).isNotEqualTo(recorded);
        assertThat(fixture.commits()).isEmpty();
    }

    @Test
    @DisplayName("PR-05 an owned object relabelled to another application is not pruned: ownership changed")
    void objectNowOwnedByAnotherApplicationIsNotPruned() throws Exception {
        Reconciler reconciler = synced(MANUAL);
        fixture.kube.patch(configMaps, "shop", "e", PatchType.MERGE,
                "{\"metadata\":{\"labels\":{\"gitops4j.io/application\":\"billing\"}}}",
                WriteOptions.defaults().withFieldManager("someone"));
        fixture.delete("e.yaml");
        fixture.clearCommits();

        ReconcileResult result = reconcile(reconciler);

        assertThat(result.changes().find(E).orElseThrow()).satisfies(c -> {
            assertThat(c.action()).isEqualTo(Action.SKIP);
            assertThat(c.reason()).isEqualTo("ownership changed: now owned by application 'billing'");
        });
        assertThat(fixture.kube.get(configMaps, "shop", "e")).isNotNull();
        assertThat(fixture.commits()).isEmpty();
    }

    @Test
    @DisplayName("PR-05 every delete carries the recorded UID: an object re-created between plan and delete survives")
    void deleteCarriesTheRecordedUid() throws Exception {
        Reconciler reconciler = synced(MANUAL.withPruneGuard(PruneGuard.unlimited()));
        AtomicBoolean done = new AtomicBoolean();
        fixture.kube.addObserver((type, event) -> {
            Map<?, ?> metadata = (Map<?, ?>) event.object().get("metadata");
            // a is pruned first (same stage, key order): re-create e before the engine gets to delete it
            if (event.type() == WatchEvent.Type.DELETED && "a".equals(metadata.get("name")) && done.compareAndSet(false, true)) {
                recreateAsAnotherActor("e");
            }
        });
        fixture.delete("a.yaml");
        fixture.delete("e.yaml");

        ReconcileResult result = reconcile(reconciler);

        assertThat(done).isTrue();
        assertThat(result.changes().find(A).orElseThrow().action()).isEqualTo(Action.PRUNE);
        assertThat(result.changes().find(E).orElseThrow().action()).isEqualTo(Action.PRUNE);
        assertThat(result.object(A).orElseThrow().outcome()).isEqualTo(ObjectOutcome.DELETED);
        assertThat(result.object(E).orElseThrow()).satisfies(o -> {
            assertThat(o.outcome()).isEqualTo(ObjectOutcome.SKIPPED);
            assertThat(o.note()).startsWith("ownership changed: ").contains("precondition");
        });
        assertThat(fixture.kube.get(configMaps, "shop", "e").get("data")).isEqualTo(Map.of("value", "theirs"));
        assertThat(fixture.inventory().entries()).doesNotContainKeys(A.id(), E.id());
    }

    @Test
    @DisplayName("PR-07 a prune that fails stays in the inventory and is retried by the next pass")
    void failedPruneIsKeptAndRetried() throws Exception {
        Faults faults = Faults.of(fixture.kube);
        Reconciler reconciler = fixture.start(faults.target(fixture.target()), MANUAL);
        assertThat(reconcile(reconciler).outcome()).isEqualTo(Outcome.SYNCED);
        String recorded = uid("e");
        faults.on(Verb.DELETE).resource("configmaps").name("e").next(1)
                .inject(Fault.admissionDenied("guard", "deletes need a ticket"));
        fixture.delete("e.yaml");

        ReconcileResult failed = reconcile(reconciler);

        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e)
                .contains("ConfigMap shop/e", "deletes need a ticket"));
        assertThat(uid("e")).isEqualTo(recorded);
        assertThat(fixture.inventory().entries()).containsEntry(E.id(), recorded);

        ReconcileResult retried = reconcile(reconciler);

        assertThat(retried.outcome()).as("%s", retried.error()).isEqualTo(Outcome.SYNCED);
        assertThat(retried.changes().keys(Action.PRUNE)).containsExactly(E);
        assertThat(fixture.commits()).endsWith("DELETED ConfigMap shop/e");
        assertThat(fixture.inventory().entries()).doesNotContainKey(E.id()).hasSize(4);
    }

    @Test
    @DisplayName("PR-03 pruning a Namespace, a CRD or a PVC is held until confirmed, with every other prune of the pass")
    void criticalKindsAreHeld() throws Exception {
        fixture.write("namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: extra}\n");
        fixture.write("crd.yaml", EngineOrderTest.WIDGET_CRD);
        fixture.write("claim.yaml", """
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: data}
                spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
                """);
        Reconciler reconciler = synced(MANUAL.withPruneGuard(new PruneGuard(100, 1000, true)));
        for (String file : new String[] {"namespace.yaml", "crd.yaml", "claim.yaml", "e.yaml"}) {
            fixture.delete(file);
        }
        fixture.clearCommits();

        ReconcileResult held = reconcile(reconciler);

        assertThat(held.outcome()).isEqualTo(Outcome.OUT_OF_SYNC);
        assertThat(held.verdicts()).filteredOn(v -> v.decision() == GuardVerdict.Decision.HOLD_PRUNE).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("Namespace extra",
                        "CustomResourceDefinition.apiextensions.k8s.io widgets.example.com",
                        "PersistentVolumeClaim shop/data").doesNotContain("ConfigMap"));
        assertThat(held.changes().keys(Action.PRUNE)).isEmpty();
        assertThat(held.changes().withAction(Action.SKIP)).hasSize(4).allSatisfy(c ->
                assertThat(c.reason()).isEqualTo("prune held until confirmed (prune-blast-radius)"));
        assertThat(fixture.commits()).isEmpty();

        reconciler.register(reconciler.applications().get(0).withSyncPolicy(
                MANUAL.withPruneGuard(new PruneGuard(100, 1000, false))));
        ReconcileResult unguarded = reconcile(reconciler);

        assertThat(unguarded.outcome()).as("%s", unguarded.error()).isEqualTo(Outcome.SYNCED);
        assertThat(unguarded.changes().keys(Action.PRUNE)).hasSize(4);
    }
}
