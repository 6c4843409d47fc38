package io.gitops4j.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Application;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.Trigger;
import io.gitops4j.api.deploy.PinOptions;
import io.gitops4j.api.health.HealthObservation;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.render.Renderer;
import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.ManifestSet;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.ChangeEvent;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.plan.Tracking;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.core.target.InMemoryTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EN-20: a pass that can prove it changes nothing reuses the last plan (no snapshot, render or plan); a Git change,
 * other options, a drift event, a re-list or a pin make it a full pass. Renders are counted with the render cache off.
 */
class NoOpPassTest {
    private static final String CM = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v%s\n";

    @TempDir
    Path repo;

    private final InMemoryTarget cluster = InMemoryTarget.create();
    private final List<Consumer<ChangeEvent>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger renders = new AtomicInteger();
    private final AtomicBoolean muted = new AtomicBoolean();
    /** The view's cache stamp of every kind; negative: it cannot tell (as InMemoryTarget's view). */
    private final AtomicLong stamp = new AtomicLong(-1);
    private final AtomicInteger reads = new AtomicInteger();
    private final LinkedBlockingQueue<ReconcileResult> results = new LinkedBlockingQueue<>();
    private Reconciler reconciler;
    private SourceSpec source;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(repo.resolve("cm.yaml"), CM.formatted("1"));
        source = SourceSpec.local(repo);
        Renderer plain = Renderers.plainYaml();
        Renderer counting = new Renderer() {
            @Override
            public String name() {
                return plain.name();
            }

            @Override
            public ManifestSet render(Snapshot snapshot, RenderSpec spec) {
                renders.incrementAndGet();
                return plain.render(snapshot, spec);
            }
        };
        DelegatingTarget observed = new DelegatingTarget(cluster) {
            @Override
            public ClusterView view() {
                return new DelegatingView(super.view()) {
                    @Override
                    public Optional<LiveObject> get(ObjectId id) {
                        reads.incrementAndGet();
                        return super.get(id);
                    }

                    @Override
                    public OptionalLong cacheStamp(GroupKind kind) {
                        long s = stamp.get();
                        return s < 0 ? OptionalLong.empty() : OptionalLong.of(s);
                    }

                    @Override
                    public AutoCloseable watch(Set<GroupKind> kinds, Consumer<ChangeEvent> listener) {
                        listeners.add(listener);
                        return super.watch(kinds, e -> {
                            if (!muted.get()) {
                                listener.accept(e);
                            }
                        });
                    }
                };
            }
        };
        reconciler = GitOps.reconciler().target(observed).renderers(counting).renderCache(0)
                .drift(DriftOptions.defaults().withDebounce(Duration.ofMinutes(10)))   // drift passes only when asked
                .build();
        reconciler.addListener(results::add);
        reconciler.register(app(Duration.ofHours(24)));
        assertThat(push().objects()).extracting(r -> r.outcome()).containsExactly(ObjectOutcome.CREATED);
        ReconcileResult full = push();   // the first pass with the change feed in place: the proof
        assertThat(reused(full)).isFalse();
        assertThat(full.outcome()).isEqualTo(Outcome.SYNCED);
    }

    @AfterEach
    void stop() {
        reconciler.close();
    }

    @Test
    @DisplayName("EN-20 a pass that changes nothing reuses the last plan: not rendered, SYNCED, every object UNCHANGED")
    void en20TrueNoOpReusesThePlan() throws Exception {
        int before = renders.get();
        long writes = cluster.writeCount();

        ReconcileResult reused = push();
        ReconcileResult again = reconciler.reconcileNow("shop").get(20, TimeUnit.SECONDS);
        assertThat(next()).isEqualTo(again);

        assertThat(renders.get()).isEqualTo(before);
        assertThat(cluster.writeCount()).isEqualTo(writes);
        assertThat(List.of(reused.trigger(), again.trigger())).containsExactly(Trigger.PUSH, Trigger.MANUAL);
        for (ReconcileResult r : List.of(reused, again)) {
            assertThat(reused(r)).isTrue();
            assertThat(r.outcome()).isEqualTo(Outcome.SYNCED);
            assertThat(r.objects()).extracting(o -> o.outcome()).containsExactly(ObjectOutcome.UNCHANGED);
            assertThat(r.health().basis()).isEqualTo(HealthObservation.Basis.SNAPSHOT);
            assertThat(r.timings().phases()).containsKeys("resolve", "plan-reused", "health")
                    .doesNotContainKeys("render", "plan");
        }
    }

    @Test
    @DisplayName("EN-20 a Git change after a no-op pass is rendered, planned and written")
    void en20GitChangeRunsInFull() throws Exception {
        assertThat(reused(push())).isTrue();
        int before = renders.get();
        Files.writeString(repo.resolve("cm.yaml"), CM.formatted("2"));

        ReconcileResult r = push();

        assertThat(reused(r)).isFalse();
        assertThat(renders.get()).isEqualTo(before + 1);
        assertThat(r.objects()).extracting(o -> o.outcome()).containsExactly(ObjectOutcome.CONFIGURED);
    }

    @Test
    @DisplayName("EN-20 an Application registered again with other options runs in full")
    void en20OtherOptionsRunInFull() throws Exception {
        assertThat(reused(push())).isTrue();
        int before = renders.get();

        reconciler.register(app(Duration.ofHours(12)));
        ReconcileResult r = push();

        assertThat(reused(r)).isFalse();
        assertThat(renders.get()).isGreaterThan(before);
    }

    @Test
    @DisplayName("EN-20 a drift event after a no-op pass makes the next pass a full one, which corrects it")
    void en20DriftEventRunsInFull() throws Exception {
        assertThat(reused(push())).isTrue();
        int before = renders.get();
        editAsSomeoneElse();

        ReconcileResult r = push();

        assertThat(reused(r)).isFalse();
        assertThat(renders.get()).isEqualTo(before + 1);
        assertThat(r.objects()).extracting(o -> o.outcome()).containsExactly(ObjectOutcome.CONFIGURED);
    }

    @Test
    @DisplayName("EN-20 an object changed without an event on the feed (as before a watch's first list) runs in full")
    void en20ChangeTheFeedMissedRunsInFull() throws Exception {
        assertThat(reused(push())).isTrue();
        int before = renders.get();
        muted.set(true);
        editAsSomeoneElse();
        muted.set(false);

        ReconcileResult r = push();

        assertThat(reused(r)).isFalse();
        assertThat(renders.get()).isEqualTo(before + 1);
        assertThat(r.objects()).extracting(o -> o.outcome()).containsExactly(ObjectOutcome.CONFIGURED);
    }

    @Test
    @DisplayName("EN-20 a re-list of a watched kind after a no-op pass makes the next pass a full one")
    void en20RelistRunsInFull() throws Exception {
        assertThat(reused(push())).isTrue();
        int before = renders.get();
        listeners.forEach(l -> l.accept(ChangeEvent.resynced(new GroupKind("", "ConfigMap"))));

        ReconcileResult r = push();

        assertThat(reused(r)).isFalse();
        assertThat(renders.get()).isEqualTo(before + 1);
        assertThat(r.objects()).extracting(o -> o.outcome()).containsExactly(ObjectOutcome.UNCHANGED);
    }

    @Test
    @DisplayName("EN-20 events about other Applications' objects of the same kind keep the proof: the pass is reused")
    void en20OtherApplicationsEventsKeepTheProof() throws Exception {
        assertThat(reused(push())).isTrue();
        int before = renders.get();
        deliver(ChangeEvent.Type.ADDED, configMap("shop", "b", "other"));
        deliver(ChangeEvent.Type.MODIFIED, configMap("shop", "b", "other"));
        deliver(ChangeEvent.Type.MODIFIED, configMap("other", "a", ""));   // same name, another namespace
        deliver(ChangeEvent.Type.DELETED, configMap("shop", "c", ""));

        ReconcileResult r = push();

        assertThat(reused(r)).isTrue();
        assertThat(renders.get()).isEqualTo(before);
    }

    @Test
    @DisplayName("EN-20 an event about its own object makes the next pass a full one, though the object reads the same")
    void en20EventOnOwnObjectRunsInFull() throws Exception {
        LiveObject own = cluster.view().get(new ObjectId("", "ConfigMap", "shop", "a")).orElseThrow();
        fullPassAfter(() -> deliver(ChangeEvent.Type.MODIFIED, own));
    }

    @Test
    @DisplayName("EN-20 a late echo of the engine's own write, as the last pass saw the object, keeps the proof")
    void en20LateEchoOfOwnWriteKeepsTheProof() throws Exception {
        assertThat(reused(push())).isTrue();
        LiveObject own = cluster.view().get(new ObjectId("", "ConfigMap", "shop", "a")).orElseThrow();
        listeners.forEach(l -> l.accept(ChangeEvent.of(ChangeEvent.Type.MODIFIED, own, true)));

        assertThat(reused(push())).isTrue();

        listeners.forEach(l -> l.accept(ChangeEvent.of(ChangeEvent.Type.MODIFIED, configMap("shop", "a", "shop"),
                true)));   // an own write of other content (another pass's): news
        assertThat(reused(push())).isFalse();
    }

    @Test
    @DisplayName("EN-20 an event about a desired key that another Application owns makes the next pass a full one")
    void en20EventOnDesiredKeyOwnedByAnotherRunsInFull() throws Exception {
        fullPassAfter(() -> deliver(ChangeEvent.Type.MODIFIED, configMap("shop", "a", "other")));
    }

    @Test
    @DisplayName("EN-20 an event about an object that carries the Application's label but is not planned runs in full")
    void en20EventOnLabelledStrangerRunsInFull() throws Exception {
        fullPassAfter(() -> deliver(ChangeEvent.Type.ADDED, configMap("shop", "z", "shop")));
    }

    @Test
    @DisplayName("EN-20 with the view's cache stamps as when the full pass started, a reused pass reads no object")
    void en20UnchangedCacheStampsReadNothing() throws Exception {
        stamp.set(7);
        relist();
        assertThat(reused(push())).isFalse();   // the full pass that takes the stamps
        reads.set(0);

        ReconcileResult r = push();

        assertThat(reused(r)).isTrue();
        assertThat(reads.get()).isZero();
        assertThat(r.objects()).extracting(o -> o.outcome()).containsExactly(ObjectOutcome.UNCHANGED);
    }

    @Test
    @DisplayName("EN-20 a changed cache stamp makes the proof read every object: an edit the feed missed runs in full")
    void en20ChangedCacheStampReadsTheObjects() throws Exception {
        stamp.set(7);
        relist();
        assertThat(reused(push())).isFalse();
        reads.set(0);
        stamp.set(8);   // the cache changed: nothing told by the stamps, each object is read

        assertThat(reused(push())).isTrue();
        assertThat(reads.get()).isEqualTo(1);

        muted.set(true);
        editAsSomeoneElse();
        muted.set(false);
        stamp.set(9);
        ReconcileResult r = push();

        assertThat(reused(r)).isFalse();
        assertThat(r.objects()).extracting(o -> o.outcome()).containsExactly(ObjectOutcome.CONFIGURED);
    }

    @Test
    @DisplayName("EN-20 after reused passes a Git change with another kind is followed: its feed watches the new kind")
    void en20NewKindAfterReusedPassesIsFollowed() throws Exception {
        assertThat(reused(push())).isTrue();
        assertThat(reused(push())).isTrue();
        GroupKind configMaps = new GroupKind("", "ConfigMap");
        assertThat(((GitOpsReconciler) reconciler).watchedKinds("shop")).containsExactly(configMaps);
        Files.writeString(repo.resolve("sa.yaml"), "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: robot\n");

        ReconcileResult r = push();

        assertThat(reused(r)).isFalse();
        assertThat(r.objects()).extracting(o -> o.outcome()).contains(ObjectOutcome.CREATED);
        assertThat(((GitOpsReconciler) reconciler).watchedKinds("shop"))
                .containsExactlyInAnyOrder(configMaps, new GroupKind("", "ServiceAccount"));
    }

    @Test
    @DisplayName("EN-20 a pinned Application runs in full, also at the revision it last synced")
    void en20PinRunsInFull() throws Exception {
        ReconcileResult last = push();
        assertThat(reused(last)).isTrue();
        reconciler.pin("shop", last.revision().orElseThrow(), PinOptions.defaults()).get(30, TimeUnit.SECONDS);
        assertThat(next().trigger()).isEqualTo(Trigger.PIN);
        int before = renders.get();

        ReconcileResult r = push();

        assertThat(reused(r)).isFalse();
        assertThat(renders.get()).isEqualTo(before + 1);
    }

    /** After a reused pass, runs {@code events}; then the next pass must run in full (rendered once more). */
    private void fullPassAfter(Runnable events) throws InterruptedException {
        assertThat(reused(push())).isTrue();
        int before = renders.get();
        events.run();

        ReconcileResult r = push();

        assertThat(reused(r)).isFalse();
        assertThat(renders.get()).isEqualTo(before + 1);
    }

    /** Hands {@code object}'s event to every feed as the target would, without changing the cluster. */
    private void deliver(ChangeEvent.Type type, LiveObject object) {
        listeners.forEach(l -> l.accept(new ChangeEvent(type, object)));
    }

    /** A ConfigMap as a watch reports it; {@code owner} is its tracking label, none when blank. */
    private static LiveObject configMap(String namespace, String name, String owner) {
        Map<String, Object> metadata = new LinkedHashMap<>(Map.of("name", name, "namespace", namespace,
                "uid", "u-" + namespace + "-" + name, "resourceVersion", "99"));
        if (!owner.isBlank()) {
            metadata.put("labels", Map.of(Tracking.APPLICATION_LABEL, owner));
        }
        return LiveObject.of(Manifest.of(Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", metadata,
                "data", Map.of("k", "x"))));
    }

    /** Tells every feed that the ConfigMaps were listed again: the next pass runs in full. */
    private void relist() {
        listeners.forEach(l -> l.accept(ChangeEvent.resynced(new GroupKind("", "ConfigMap"))));
    }

    /** Changes the ConfigMap as a person with kubectl would. */
    private void editAsSomeoneElse() {
        cluster.put(Manifest.of(Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata",
                Map.of("name", "a", "namespace", "shop"), "data", Map.of("k", "edited"))));
    }

    private Application app(Duration interval) {
        return Application.builder("shop").source(source).targetNamespace("shop")
                .syncPolicy(SyncPolicy.automated().withInterval(interval)).build();
    }

    private ReconcileResult push() throws InterruptedException {
        assertThat(reconciler.onPush(source.url(), "refs/heads/local")).containsExactly("shop");
        return next();
    }

    private ReconcileResult next() throws InterruptedException {
        ReconcileResult r = results.poll(20, TimeUnit.SECONDS);
        assertThat(r).as("a pass ended").isNotNull();
        return r;
    }

    private static boolean reused(ReconcileResult r) {
        return r.timings().phases().containsKey("plan-reused");
    }
}
