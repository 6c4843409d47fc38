package io.gitops4j.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Application;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.PruneGuard;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.GuardVerdict;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.render.Renderer;
import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ManifestSet;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.ChangeEvent;
import io.gitops4j.api.target.DeleteOptions;
import io.gitops4j.api.target.DeleteRequest;
import io.gitops4j.api.target.Inventory;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.Precondition;
import io.gitops4j.api.target.StoredInventory;
import io.gitops4j.api.target.WriteContext;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.core.target.InMemoryTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The walking skeleton end to end, through the public API only: local directory → plain YAML → in-memory target. */
class WalkingSkeletonTest {
    private static final ResourceKey SETTINGS = ResourceKey.of("v1", "ConfigMap", "shop", "settings");
    private static final ResourceKey FLAGS = ResourceKey.of("v1", "ConfigMap", "shop", "flags");

    @TempDir
    Path repo;

    private InMemoryTarget cluster;
    private Reconciler reconciler;
    private final List<ReconcileResult> delivered = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        cluster = InMemoryTarget.create();
        reconciler = GitOps.reconciler().target(cluster).renderers(Renderers.plainYaml()).build();
        reconciler.addListener(delivered::add);
        write("settings.yaml", configMap("settings", "greeting", "hello"));
        write("flags.yaml", configMap("flags", "checkout", "off"));
        reconciler.register(app("shop", SyncPolicy.manual()));
    }

    @AfterEach
    void stop() {
        reconciler.close();
    }

    private Application app(String name, SyncPolicy policy) {
        return Application.builder(name).source(SourceSpec.local(repo)).targetNamespace("shop")
                .syncPolicy(policy.withInterval(Duration.ofHours(1))).build();
    }

    private void write(String file, String yaml) throws Exception {
        Files.writeString(repo.resolve(file), yaml);
    }

    static String configMap(String name, String key, String value) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\ndata:\n  " + key + ": " + value + "\n";
    }

    private Optional<LiveObject> live(ResourceKey key) {
        return cluster.view().get(key);
    }

    private Optional<Inventory> inventory() {
        return cluster.inventories().read("shop").map(StoredInventory::inventory);
    }

    private ReconcileResult reconcile() throws Exception {
        return reconciler.reconcileNow("shop").get(30, TimeUnit.SECONDS);
    }

    @Test
    void firstReconcileCreatesEveryObjectAndLabelsIt() throws Exception {
        ReconcileResult result = reconcile();

        assertThat(result.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(result.changes().keys(Action.CREATE)).containsExactlyInAnyOrder(SETTINGS, FLAGS);
        assertThat(live(SETTINGS)).hasValueSatisfying(o -> {
            assertThat(o.manifest().get("data", "greeting")).contains("hello");
            assertThat(o.manifest().labels()).containsEntry("gitops4j.io/application", "shop");
            assertThat(o.uid()).isNotEmpty();
        });
        assertThat(inventory().orElseThrow().entries()).containsOnlyKeys(SETTINGS.id(), FLAGS.id());
        assertThat(result.revision().orElseThrow().toString()).startsWith("local@sha256:");
    }

    @Test
    void changedFileUpdatesTheObjectWithAFieldDiff() throws Exception {
        reconcile();
        write("settings.yaml", configMap("settings", "greeting", "bonjour"));

        ReconcileResult result = reconcile();

        assertThat(result.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(result.changes().keys(Action.UPDATE)).containsExactly(SETTINGS);
        assertThat(result.changes().find(SETTINGS).orElseThrow().diff())
                .singleElement().hasToString(".data.greeting: \"hello\" → \"bonjour\"");
        assertThat(result.changes().keys(Action.UNCHANGED)).containsExactly(FLAGS);
        assertThat(live(SETTINGS).orElseThrow().manifest().get("data", "greeting")).contains("bonjour");
    }

    @Test
    void nothingChangedMeansUnchangedAndZeroWrites() throws Exception {
        reconcile();
        long writes = cluster.writeCount();

        ReconcileResult result = reconcile();

        assertThat(result.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(result.changes().counts()).containsEntry(Action.UNCHANGED, 2).containsEntry(Action.CREATE, 0)
                .containsEntry(Action.UPDATE, 0).containsEntry(Action.PRUNE, 0);
        assertThat(cluster.writeCount()).isEqualTo(writes);
    }

    @Test
    @DisplayName("PR-05 a removed file is pruned with the UID the inventory recorded: an object re-created meanwhile survives")
    void removedFileIsPrunedWithItsUidAndLeavesTheInventory() throws Exception {
        for (String name : List.of("a", "b", "c", "d", "e", "f")) { // two prunes of eight: within the blast radius
            write(name + ".yaml", configMap(name, "k", "v"));
        }
        reconcile();
        ResourceKey a = ResourceKey.of("v1", "ConfigMap", "shop", "a");
        String recorded = live(FLAGS).orElseThrow().uid();
        assertThat(inventory().orElseThrow().entries()).containsEntry(FLAGS.id(), recorded);
        AtomicBoolean recreated = new AtomicBoolean();
        // a is pruned before flags (same stage, key order); between the two deletes someone re-creates flags
        cluster.view().watch(Set.of(new GroupKind("", "ConfigMap")), event -> {
            if (event.type() == ChangeEvent.Type.DELETED && event.object().map(o -> o.key().equals(a)).orElse(false)
                    && recreated.compareAndSet(false, true)) {
                cluster.deleteAll(List.of(new DeleteRequest(FLAGS, Precondition.none())), DeleteOptions.defaults(),
                        WriteContext.of("someone", 0));
                cluster.put(Manifest.of(Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name",
                        "flags", "namespace", "shop", "labels", Map.of("gitops4j.io/application", "shop")),
                        "data", Map.of("theirs", "yes"))));
            }
        });
        Files.delete(repo.resolve("a.yaml"));
        Files.delete(repo.resolve("flags.yaml"));

        ReconcileResult result = reconcile();

        assertThat(recreated).isTrue();
        assertThat(result.changes().keys(Action.PRUNE)).containsExactly(a, FLAGS);
        assertThat(result.object(a).orElseThrow().outcome()).isEqualTo(ObjectOutcome.DELETED);
        assertThat(live(a)).isEmpty();
        assertThat(result.object(FLAGS).orElseThrow()).satisfies(o -> {
            assertThat(o.outcome()).isEqualTo(ObjectOutcome.SKIPPED);
            assertThat(o.note()).startsWith("ownership changed: ").contains("UID in precondition: " + recorded);
        });
        assertThat(live(FLAGS).orElseThrow().manifest().get("data", "theirs")).contains("yes");
        assertThat(inventory().orElseThrow().entries()).doesNotContainKeys(a.id(), FLAGS.id())
                .hasSize(6);
    }

    @Test
    @DisplayName("PR-01 an empty render prunes nothing unless allowEmpty is set")
    void emptyRenderPrunesNothing() throws Exception {
        reconcile();
        Files.delete(repo.resolve("settings.yaml"));
        Files.delete(repo.resolve("flags.yaml"));
        long writes = cluster.writeCount();

        ReconcileResult result = reconcile();

        assertThat(result.outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(result.error()).hasValueSatisfying(e -> assertThat(e).contains("desired state empty"));
        assertThat(live(SETTINGS)).isPresent();
        assertThat(live(FLAGS)).isPresent();
        assertThat(cluster.writeCount()).isEqualTo(writes);

        reconciler.register(app("shop", SyncPolicy.manual().withAllowEmpty(true)
                .withPruneGuard(PruneGuard.unlimited())));
        ReconcileResult allowed = reconcile();
        assertThat(allowed.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(allowed.changes().keys(Action.PRUNE)).containsExactlyInAnyOrder(SETTINGS, FLAGS);
        assertThat(cluster.all()).isEmpty();
    }

    @Test
    @DisplayName("PR-02 a render error applies and prunes nothing and keeps the inventory")
    void renderErrorWritesNothing() throws Exception {
        reconcile();
        var inventory = inventory().orElseThrow();
        Files.delete(repo.resolve("flags.yaml"));
        write("settings.yaml", configMap("settings", "greeting", "changed"));
        write("broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n");
        long writes = cluster.writeCount();

        ReconcileResult result = reconcile();

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.error()).hasValueSatisfying(e -> assertThat(e).contains("broken.yaml"));
        assertThat(cluster.writeCount()).isEqualTo(writes);
        assertThat(live(FLAGS)).isPresent();
        assertThat(live(SETTINGS).orElseThrow().manifest().get("data", "greeting")).contains("hello");
        assertThat(inventory()).contains(inventory);
    }

    @Test
    void everyResultIsDeliveredToListenersInOrder() throws Exception {
        ReconcileResult first = reconcile();
        write("settings.yaml", configMap("settings", "greeting", "x"));
        ReconcileResult second = reconcile();

        assertThat(delivered).containsExactly(first, second);
        assertThat(reconciler.history("shop")).containsExactly(second, first);
        assertThat(reconciler.status("shop").lastSyncedRevision()).isEqualTo(second.revision());
    }

    @Test
    @DisplayName("PR-03 a prune over the blast-radius limit is held, applies still proceed")
    void largePruneIsHeld() throws Exception {
        reconcile();
        Files.delete(repo.resolve("flags.yaml"));
        write("settings.yaml", configMap("settings", "greeting", "changed"));

        ReconcileResult result = reconcile();

        assertThat(result.outcome()).isEqualTo(Outcome.OUT_OF_SYNC);
        assertThat(result.verdicts()).anySatisfy(v -> {
            assertThat(v.guard()).isEqualTo("prune-blast-radius");
            assertThat(v.decision()).isEqualTo(GuardVerdict.Decision.HOLD_PRUNE);
        });
        assertThat(result.changes().find(FLAGS).orElseThrow().action()).isEqualTo(Action.SKIP);
        assertThat(live(FLAGS)).isPresent();
        assertThat(live(SETTINGS).orElseThrow().manifest().get("data", "greeting")).contains("changed");
    }

    @Test
    @DisplayName("PR-05 PR-06 objects claimed by another application are neither adopted nor pruned")
    void foreignObjectsAreLeftAlone() throws Exception {
        cluster.put(Manifest.of(Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata",
                Map.of("name", "settings", "namespace", "shop",
                        "labels", Map.of("gitops4j.io/application", "billing")), "data", Map.of("x", "y"))));

        ReconcileResult result = reconcile();

        assertThat(result.changes().find(SETTINGS).orElseThrow().action()).isEqualTo(Action.SKIP);
        assertThat(result.changes().find(SETTINGS).orElseThrow().reason()).contains("billing");
        assertThat(live(SETTINGS).orElseThrow().manifest().get("data", "x")).contains("y");
        assertThat(result.outcome()).isEqualTo(Outcome.OUT_OF_SYNC);
    }

    @Test
    void planPreviewsWithoutWriting() throws Exception {
        long writes = cluster.writeCount();
        Plan plan = reconciler.plan("shop", Revision.ref("refs/heads/local"));

        assertThat(plan.changes().keys(Action.CREATE)).containsExactlyInAnyOrder(SETTINGS, FLAGS);
        assertThat(plan.isInSync()).isFalse();
        assertThat(cluster.writeCount()).isEqualTo(writes);
    }

    @Test
    @DisplayName("EN-02 20 triggers while a pass is in flight: never two passes at once, all 19 late triggers share one follow-up")
    void concurrentTriggersAreCoalesced() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Renderer plain = Renderers.plainYaml();
        Renderer holding = new Renderer() { // holds the first pass until every trigger is in
            @Override
            public String name() {
                return plain.name();
            }

            @Override
            public ManifestSet render(Snapshot snapshot, RenderSpec spec) {
                mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    if (!release.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never released the pass");
                    }
                    return plain.render(snapshot, spec);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                } finally {
                    inFlight.decrementAndGet();
                }
            }
        };
        List<ReconcileResult> passes = new CopyOnWriteArrayList<>();
        try (Reconciler held = GitOps.reconciler().target(cluster).renderers(holding).renderCache(0).build()) {
            held.addListener(passes::add);
            held.register(app("shop", SyncPolicy.manual()));
            List<CompletableFuture<ReconcileResult>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                futures.add(held.reconcileNow("shop"));
            }
            release.countDown();
            CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);

            assertThat(passes).hasSize(2);
            assertThat(mostAtOnce).hasValue(1);
            assertThat(futures.get(0).join()).isSameAs(passes.get(0));
            assertThat(futures.subList(1, 20)).allSatisfy(f -> assertThat(f.join()).isSameAs(passes.get(1)));
            assertThat(passes.get(0).changes().keys(Action.CREATE)).containsExactlyInAnyOrder(SETTINGS, FLAGS);
            assertThat(passes.get(1).outcome()).isEqualTo(Outcome.SYNCED);
            assertThat(passes.get(1).changes().keys(Action.UNCHANGED)).containsExactlyInAnyOrder(SETTINGS, FLAGS);
        }
    }

    @Test
    @DisplayName("RD-18 Secret values never appear in a diff")
    void secretValuesAreRedacted() throws Exception {
        write("secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n"
                + "  password: CANARY-SECRET-1\n");
        reconcile();
        write("secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n"
                + "  password: CANARY-SECRET-2\n");

        Plan plan = reconciler.plan("shop", Revision.ref("refs/heads/local"));

        var change = plan.changes().find(ResourceKey.of("v1", "Secret", "shop", "db")).orElseThrow();
        assertThat(change.action()).isEqualTo(Action.UPDATE);
        assertThat(change.diff()).isNotEmpty().allSatisfy(d -> {
            assertThat(d.toString()).doesNotContain("CANARY-SECRET").contains("<redacted sha256:");
        });
    }
}
