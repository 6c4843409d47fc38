package io.gitops4j.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Application;
import io.gitops4j.api.ApplicationStatus;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.deploy.Pin;
import io.gitops4j.api.deploy.PinOptions;
import io.gitops4j.api.coordination.LeaseStore;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.ApplyRequest;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.Target;
import io.gitops4j.api.target.WriteContext;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.coordination.CutOffLeaseStore;
import io.gitops4j.core.coordination.InMemoryLeaseRecords;
import io.gitops4j.core.coordination.LeaseRecord;
import io.gitops4j.core.coordination.OptimisticLeaseStore;
import io.gitops4j.core.coordination.ShardLeases;
import io.gitops4j.core.coordination.ShardState;
import io.gitops4j.core.coordination.ShardingOptions;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.core.target.InMemoryTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicas that share the work (EN-03), in one JVM: reconcilers on one in-memory cluster and one in-memory lease
 * store, with short leases (2 s, renewed every 200 ms, writes stop 1 s after the last renewal).
 */
class ReplicasShareWorkTest {
    private static final ShardingOptions SHARDING = ShardingOptions.defaults().withShards(4)
            .withTimings(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofMillis(200));

    @TempDir
    Path repo;

    private final InMemoryTarget cluster = InMemoryTarget.create();
    private final InMemoryLeaseRecords leases = new InMemoryLeaseRecords();
    private final List<GitOpsReconciler> replicas = new ArrayList<>();
    private final Map<String, List<String>> reconciledBy = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        replicas.forEach(GitOpsReconciler::close);
    }

    @Test
    void en03_twoReplicasSplitTheShardsAndReconcileEachApplicationOnOneOfThemOnly() throws Exception {
        GitOpsReconciler a = replica("a", cluster, store());
        GitOpsReconciler b = replica("b", cluster, store());
        await(() -> held(a) == 2 && held(b) == 2, "two shards each");
        List<String> apps = List.of("shop", "billing", "search", "mail", "auth", "media", "ads", "chat");
        for (String app : apps) {
            register(a, app);
            register(b, app);
        }

        for (String app : apps) {
            GitOpsReconciler owner = a.status(app).ownership().ownedHere() ? a : b;
            GitOpsReconciler other = owner == a ? b : a;
            assertThat(other.status(app).ownership().ownedHere()).as(app).isFalse();
            assertThat(owner.reconcileNow(app).get(30, TimeUnit.SECONDS).outcome()).as(app).isEqualTo(Outcome.SYNCED);
            ReconcileResult refused = other.reconcileNow(app).get(30, TimeUnit.SECONDS);
            assertThat(refused.failure()).hasValueSatisfying(f -> {
                assertThat(f.phase()).isEqualTo(ReconcileFailure.Phase.OWNERSHIP);
                assertThat(f.reason()).isEqualTo(ReconcileFailure.EngineReason.NOT_OWNER);
                assertThat(f.message()).contains("is held by '" + (owner == a ? "a" : "b") + "'");
            });
            assertThat(refused.writes()).isZero();
            assertThat(reconciledBy.get(app)).as(app).containsOnly(owner == a ? "a" : "b");
        }
        assertThat(reconciledBy.values().stream().flatMap(List::stream).distinct()).containsOnly("a", "b");
        ApplicationStatus status = b.status("shop");
        assertThat(status.ownership().sharded()).isTrue();
        assertThat(status.ownership().shard()).isEqualTo(SHARDING.shardOf("shop"));
    }

    @Test
    void en03_aReplicaWhoseLeaseStoreIsUnreachableStopsAndTheOtherTakesItsApplicationsOver() throws Exception {
        AtomicBoolean cutOff = new AtomicBoolean();
        ShopReplicas replicas = shopReplicas(cutOff);
        GitOpsReconciler a = replicas.a();
        GitOpsReconciler b = replicas.b();
        assertThat(a.reconcileNow("shop").get(30, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.SYNCED);

        cutOff.set(true);
        long cut = System.nanoTime();
        await(() -> !a.status("shop").ownership().ownedHere(), "a stops at its renew deadline");
        Duration stopped = Duration.ofNanos(System.nanoTime() - cut);
        assertThat(a.reconcileNow("shop").get(30, TimeUnit.SECONDS).failure()).get()
                .extracting(ReconcileFailure::phase).isEqualTo(ReconcileFailure.Phase.OWNERSHIP);
        await(() -> b.status("shop").ownership().ownedHere(), "b takes shop over");
        Duration takenOver = Duration.ofNanos(System.nanoTime() - cut);

        assertThat(stopped).isLessThan(SHARDING.leaseDuration());
        assertThat(takenOver).isGreaterThanOrEqualTo(stopped);
        assertThat(b.reconcileNow("shop").get(30, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.SYNCED);
    }

    @Test
    @DisplayName("EN-21 a replica that takes an Application over reads its pin again before its pass: it keeps the pin the other replica set while it did not hold the shard")
    void en21_aReplicaTakingAnApplicationOverKeepsItsPin() throws Exception {
        AtomicBoolean cutOff = new AtomicBoolean();
        ShopReplicas replicas = shopReplicas(cutOff);
        GitOpsReconciler a = replicas.a();
        GitOpsReconciler b = replicas.b();
        assertThat(b.unpin("shop")).as("b reads the store: nothing is pinned yet").isEmpty();
        Revision synced = a.reconcileNow("shop").get(30, TimeUnit.SECONDS).revision().orElseThrow();
        a.pin("shop", synced, PinOptions.defaults().withReason("hold during the incident")).get(30, TimeUnit.SECONDS);
        Pin pin = a.status("shop").pin().orElseThrow();
        assertThat(b.status("shop").pin()).as("b read the store before a pinned").isEmpty();

        cutOff.set(true);
        await(() -> b.status("shop").ownership().ownedHere(), "b takes shop over");
        ReconcileResult taken = b.reconcileNow("shop").get(30, TimeUnit.SECONDS);

        assertThat(taken.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(taken.revision()).contains(synced);
        assertThat(b.status("shop").pin()).contains(pin);
        assertThat(b.unpin("shop")).contains(pin);
        assertThat(cluster.pins().read("shop")).as("removed from the cluster's store").isEmpty();
    }

    @Test
    void en03_aPassWhoseLeaseIsTakenAwayBetweenStagesWritesNothingMore() throws Exception {
        Files.createDirectories(repo.resolve("shop"));
        Files.writeString(repo.resolve("shop/all.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n"
                + "---\n" + configMap("settings"));
        List<String> written = new CopyOnWriteArrayList<>();
        AtomicBoolean steal = new AtomicBoolean(true);
        GitOpsReconciler[] self = new GitOpsReconciler[1];
        Target stealing = new DelegatingTarget(cluster) {
            @Override
            public List<ObjectResult> applyAll(List<ApplyRequest> requests, ApplyOptions options, WriteContext c) {
                requests.forEach(r -> written.add(r.key().kind()));
                List<ObjectResult> results = super.applyAll(requests, options, c);
                if (steal.getAndSet(false)) {
                    takeAway(SHARDING.shardLease(SHARDING.shardOf("shop")));
                    await(() -> !self[0].status("shop").ownership().ownedHere(), "the loss is seen");
                }
                return results;
            }
        };
        GitOpsReconciler a = replica("a", stealing, store());
        self[0] = a;
        await(() -> held(a) == 4, "a holds every shard");
        a.register(Application.builder("shop").source(SourceSpec.local(repo.resolve("shop")))
                .syncPolicy(SyncPolicy.manual().withInterval(Duration.ofHours(1))).build());
        long writesBefore = cluster.writeCount();

        ReconcileResult result = a.reconcileNow("shop").get(30, TimeUnit.SECONDS);

        assertThat(written).as("the Namespace's stage only").containsExactly("Namespace");
        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.failure()).hasValueSatisfying(f -> {
            assertThat(f.phase()).isEqualTo(ReconcileFailure.Phase.OWNERSHIP);
            assertThat(f.message()).contains("shard " + SHARDING.shardOf("shop"));
        });
        assertThat(result.object(ResourceKey.of("v1", "ConfigMap", "shop", "settings"))).get()
                .satisfies(r -> assertThat(r.note()).startsWith("not applied: shard "));
        assertThat(cluster.writeCount() - writesBefore).as("the intent and the Namespace; no final inventory")
                .isEqualTo(2);
        assertThat(cluster.view().get(ResourceKey.of("v1", "ConfigMap", "shop", "settings"))).isEmpty();
    }

    @Test
    void en03_aRefusalNamesTheHolderTheLeaseStoreShowsNowNotTheLastRoundsView() throws Exception {
        ShardingOptions slow = SHARDING.withTimings(Duration.ofSeconds(60), Duration.ofSeconds(40),
                Duration.ofSeconds(30));
        ShardLeases b = new ShardLeases(store(), slow.withIdentity("b"));
        b.tick(); // b takes every shard and a member slot
        GitOpsReconciler a = GitOps.reconciler().target(cluster).renderers(Renderers.plainYaml())
                .backgroundScheduling(false).coordination(store()).sharding(slow.withIdentity("a")).build();
        replicas.add(a);
        register(a, "shop");
        await(() -> a.status("shop").ownership().holder().equals(Optional.of("b")), "a's first round saw b");

        b.close(); // b lets go of every lease; a's next round is 30 s away

        assertThat(a.status("shop").ownership().holder()).as("the last round's view").contains("b");
        ReconcileResult refused = a.reconcileNow("shop").get(30, TimeUnit.SECONDS);
        assertThat(refused.failure()).hasValueSatisfying(f -> {
            assertThat(f.reason()).isEqualTo(ReconcileFailure.EngineReason.NOT_OWNER);
            assertThat(f.message()).contains("shard " + slow.shardOf("shop") + " of shop is held by no replica")
                    .doesNotContain("'b'");
        });
        assertThat(refused.writes()).isZero();
    }

    @Test
    void en03_withoutCoordinationTheStatusSaysTheOnlyReplicaOwnsEverything() throws Exception {
        GitOpsReconciler single = GitOps.reconciler().target(cluster)
                .renderers(Renderers.plainYaml()).backgroundScheduling(false).build();
        replicas.add(single);
        register(single, "shop");

        assertThat(single.status("shop").ownership().ownedHere()).isTrue();
        assertThat(single.status("shop").ownership().sharded()).isFalse();
        assertThat(single.shards()).isEmpty();
        assertThat(single.reconcileNow("shop").get(30, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.SYNCED);
    }

    /** Two replicas that both registered {@code shop}. */
    private record ShopReplicas(GitOpsReconciler a, GitOpsReconciler b) {}

    /**
     * @return replica a, whose lease store answers nothing once {@code cutOff} is set, holding every shard, and
     *     replica b, started after it; both registered {@code shop}
     */
    private ShopReplicas shopReplicas(AtomicBoolean cutOff) throws Exception {
        GitOpsReconciler a = replica("a", cluster, new CutOffLeaseStore(store(), cutOff));
        await(() -> held(a) == 4, "a holds every shard");
        GitOpsReconciler b = replica("b", cluster, store());
        register(a, "shop");
        register(b, "shop");
        return new ShopReplicas(a, b);
    }

    private GitOpsReconciler replica(String identity, Target target, LeaseStore store) {
        GitOpsReconciler r = GitOps.reconciler().target(target).renderers(Renderers.plainYaml())
                .backgroundScheduling(false).coordination(store).sharding(SHARDING.withIdentity(identity)).build();
        r.addListener(result -> {
            if (result.failure().map(f -> f.phase() != ReconcileFailure.Phase.OWNERSHIP).orElse(true)) {
                reconciledBy.computeIfAbsent(result.application(), k -> new CopyOnWriteArrayList<>()).add(identity);
            }
        });
        replicas.add(r);
        return r;
    }

    private LeaseStore store() {
        return new OptimisticLeaseStore(leases);
    }

    private void register(GitOpsReconciler r, String app) throws Exception {
        Path dir = repo.resolve(app);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n"
                + "data:\n  a: b\n");
        r.register(Application.builder(app).source(SourceSpec.local(dir)).targetNamespace(app)
                .syncPolicy(SyncPolicy.manual().withInterval(Duration.ofHours(1))).build());
    }

    private static String configMap(String name) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n  namespace: shop\ndata:\n  a: b\n";
    }

    private void takeAway(String lease) {
        LeaseRecord r = leases.read(lease).orElseThrow();
        leases.update(new LeaseRecord(r.name(), "intruder", r.duration(), r.token() + 1, Instant.now(), Instant.now(),
                r.version())).orElseThrow();
    }

    private static long held(GitOpsReconciler r) {
        return r.shards().stream().filter(ShardState::heldHere).count();
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
