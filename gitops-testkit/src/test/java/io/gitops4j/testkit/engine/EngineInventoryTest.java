package io.gitops4j.testkit.engine;

import static io.gitops4j.testkit.engine.EngineFixture.configMap;
import static io.gitops4j.testkit.engine.EngineFixture.reconcile;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.ApplyRequest;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.api.target.DeleteOptions;
import io.gitops4j.api.target.DeleteRequest;
import io.gitops4j.api.target.Inventory;
import io.gitops4j.api.target.InventoryStore;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.StoredInventory;
import io.gitops4j.api.target.Target;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.WriteContext;
import io.gitops4j.testkit.fault.Fault;
import io.gitops4j.testkit.fault.FaultRule;
import io.gitops4j.testkit.fault.Faults;
import io.gitops4j.testkit.fault.Verb;
import io.gitops4j.testkit.kube.FakeKubeTarget;
import io.gitops4j.testkit.kube.ListOptions;
import io.gitops4j.testkit.kube.WriteOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inventory through the target's versioned store: concurrent writers, an unreadable store, failing writes. */
class EngineInventoryTest {
    private static final SyncPolicy MANUAL = SyncPolicy.manual().withInterval(Duration.ofHours(1));

    @TempDir
    Path repo;

    private EngineFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new EngineFixture(repo);
        for (String name : List.of("a", "b", "c", "d")) {
            fixture.write(name + ".yaml", configMap(name, "1"));
        }
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static ObjectId id(String name) {
        return new ObjectId("", "ConfigMap", "shop", name);
    }

    /** Name → uid of every ConfigMap in shop labelled as {@code app}'s. */
    private Map<String, String> labelled(String app) {
        Map<String, String> out = new TreeMap<>();
        for (Map<String, Object> o : fixture.kube.list(fixture.kube.type("", "v1", "configmaps"), "shop",
                ListOptions.defaults().withLabelSelector("gitops4j.io/application=" + app)).items()) {
            Map<?, ?> metadata = (Map<?, ?>) o.get("metadata");
            out.put((String) metadata.get("name"), (String) metadata.get("uid"));
        }
        return out;
    }

    @Test
    @DisplayName("DA-02 an inventory written by someone else between the engine's read and its write: re-read, merged, "
            + "written again; the other writer's entry is kept")
    void aStaleInventoryWriteIsReadAgainMergedAndRetried() throws Exception {
        ObjectId theirs = new ObjectId("", "ConfigMap", "shop", "theirs");
        AtomicBoolean interfered = new AtomicBoolean();
        Target interfering = new Delegating(fixture.target()) {
            @Override
            public InventoryStore inventories() {
                InventoryStore store = super.inventories();
                return new InventoryStore() {
                    @Override
                    public Optional<StoredInventory> read(String application) {
                        return store.read(application);
                    }

                    @Override
                    public StoredInventory write(Inventory inventory, String expectedVersion) {
                        if (interfered.compareAndSet(false, true)) { // another writer gets there first
                            Optional<StoredInventory> now = store.read(inventory.application());
                            store.write(now.map(StoredInventory::inventory).orElse(Inventory.empty(
                                    inventory.application())).with(theirs, "uid-of-theirs"),
                                    now.map(StoredInventory::version).orElse(""));
                        }
                        return store.write(inventory, expectedVersion);
                    }
                };
            }
        };

        ReconcileResult result = reconcile(fixture.start(interfering, MANUAL));

        assertThat(interfered).isTrue();
        assertThat(result.outcome()).as("%s", result.error()).isEqualTo(Outcome.SYNCED);
        Map<String, String> live = labelled(EngineFixture.APP);
        assertThat(fixture.inventory().entries()).containsOnlyKeys(id("a"), id("b"), id("c"), id("d"), theirs)
                .containsEntry(theirs, "uid-of-theirs").containsEntry(id("a"), live.get("a"));
    }

    @Test
    @DisplayName("PR-10 an unreadable inventory is rebuilt from the ownership label: never 'owns nothing', never "
            + "'prune everything'; what left Git is pruned, other owners' objects stay, the store is repaired")
    void anUnreadableInventoryIsRebuiltFromTheLabel() throws Exception {
        FakeKubeTarget target = new FakeKubeTarget(fixture.kube);
        try {
            assertThat(reconcile(fixture.start(target, MANUAL)).outcome()).isEqualTo(Outcome.SYNCED);
            fixture.kube.create(fixture.kube.type("", "v1", "configmaps"), "shop", Map.of("metadata", Map.of("name",
                    "billing", "labels", Map.of("gitops4j.io/application", "billing"))), WriteOptions.defaults());
            target.damageInventory(EngineFixture.APP);
            fixture.delete("d.yaml");
            fixture.clearCommits();

            ReconcileResult result = reconcile(fixture.start(target, MANUAL.withPruneGuard(
                    io.gitops4j.api.PruneGuard.unlimited())));

            assertThat(result.outcome()).as("%s", result.error()).isEqualTo(Outcome.SYNCED);
            assertThat(result.changes().keys(Action.UNCHANGED)).extracting(k -> k.name())
                    .containsExactlyInAnyOrder("a", "b", "c");
            assertThat(result.changes().keys(Action.PRUNE)).extracting(k -> k.name()).containsExactly("d");
            assertThat(fixture.commits()).containsExactly("DELETED ConfigMap shop/d");
            assertThat(labelled("billing")).containsOnlyKeys("billing");
            Map<String, String> live = labelled(EngineFixture.APP);
            assertThat(target.inventories().read(EngineFixture.APP).orElseThrow().inventory().entries())
                    .containsOnlyKeys(id("a"), id("b"), id("c"))
                    .allSatisfy((k, uid) -> assertThat(uid).isEqualTo(live.get(k.name())));
        } finally {
            target.close();
        }
    }

    @Test
    @DisplayName("EN-12 one transient 503 on the inventory write is retried within the pass")
    void aTransientInventoryWriteFailureIsRetried() throws Exception {
        Faults faults = Faults.of(fixture.kube);
        FaultRule rule = faults.on(Verb.PATCH).name(EngineFixture.APP).next(1).inject(Fault.serviceUnavailable());

        ReconcileResult result = reconcile(fixture.start(faults.target(fixture.target()), MANUAL));

        assertThat(rule.fired()).isEqualTo(1);
        assertThat(result.outcome()).as("%s", result.error()).isEqualTo(Outcome.SYNCED);
        assertThat(fixture.inventory().entries()).hasSize(4);
    }

    @Test
    @DisplayName("EN-12 a failure outside an object names what was written, the HTTP status and the reason")
    void aPersistentInventoryWriteFailureNamesTheWriteTheStatusAndTheReason() throws Exception {
        Faults faults = Faults.of(fixture.kube);
        faults.on(Verb.PATCH).name(EngineFixture.APP).untilCleared().inject(Fault.serviceUnavailable());

        ReconcileResult result = reconcile(fixture.start(faults.target(fixture.target()), MANUAL));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.failure()).hasValueSatisfying(f -> {
            assertThat(f.phase()).isEqualTo(ReconcileFailure.Phase.INVENTORY);
            assertThat(f.reason()).isEqualTo(TargetException.Reason.UNAVAILABLE);
            assertThat(f.message()).isEqualTo("writing the inventory of app: the server is currently unable to "
                    + "handle the request (HTTP 503, ServiceUnavailable)");
        });
        assertThat(result.objects()).as("nothing is written without its write-ahead intent").allSatisfy(o ->
                assertThat(o.isWrite()).isFalse());
        assertThat(labelled(EngineFixture.APP)).isEmpty();
    }

    @Test
    @DisplayName("EN-12 a failed read of the inventory names the read, the HTTP status and the reason; nothing is "
            + "written")
    void aFailedInventoryReadNamesTheRead() throws Exception {
        Faults faults = Faults.of(fixture.kube);
        faults.on(Verb.GET).name(EngineFixture.APP).untilCleared().inject(Fault.admissionDenied("guard",
                "no inventory for you", 403));

        ReconcileResult result = reconcile(fixture.start(faults.target(fixture.target()), MANUAL));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.failure()).hasValueSatisfying(f -> {
            assertThat(f.phase()).isEqualTo(ReconcileFailure.Phase.INVENTORY);
            assertThat(f.reason()).isEqualTo(TargetException.Reason.FORBIDDEN);
            assertThat(f.message()).startsWith("reading the inventory of app: ").contains("no inventory for you")
                    .endsWith("(HTTP 403)");
        });
        assertThat(fixture.commits()).isEmpty();
    }

    /** A target that passes every call to another; tests override what they need. */
    private static class Delegating implements Target {
        private final Target target;

        Delegating(Target target) {
            this.target = target;
        }

        @Override
        public ClusterView view() {
            return target.view();
        }

        @Override
        public List<ObjectResult> applyAll(List<ApplyRequest> requests, ApplyOptions options, WriteContext context) {
            return target.applyAll(requests, options, context);
        }

        @Override
        public List<ObjectResult> createAll(List<Manifest> objects, ApplyOptions options, WriteContext context) {
            return target.createAll(objects, options, context);
        }

        @Override
        public List<ObjectResult> deleteAll(List<DeleteRequest> requests, DeleteOptions options,
                WriteContext context) {
            return target.deleteAll(requests, options, context);
        }

        @Override
        public InventoryStore inventories() {
            return target.inventories();
        }
    }
}
