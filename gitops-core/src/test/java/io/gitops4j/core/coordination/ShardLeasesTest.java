package io.gitops4j.core.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.coordination.LeaseStore;
import io.gitops4j.api.coordination.Ownership;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ShardLeasesTest {
    private static final ShardingOptions OPTIONS = ShardingOptions.defaults().withShards(8);
    private static final Duration RETRY = OPTIONS.retryPeriod();
    private static final Duration MARGIN = OPTIONS.leaseDuration().minus(OPTIONS.renewDeadline());

    private final InMemoryLeaseRecords records = new InMemoryLeaseRecords();
    private final ManualTicker ticker = new ManualTicker();
    private final List<ShardLeases> replicas = new ArrayList<>();

    @AfterEach
    void closeAll() {
        replicas.forEach(ShardLeases::close);
    }

    @Test
    void en03_aSingleReplicaTakesEveryShardAndOwnsEveryApplication() {
        ShardLeases a = replica("a");
        a.tick();

        assertThat(held(a)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(a.owns("shop")).isTrue();
        Ownership o = a.ownership("shop");
        assertThat(o).isEqualTo(new Ownership(true, OPTIONS.shardOf("shop"), Optional.of("a"), true));
        assertThat(a.fence("shop").orElseThrow().lost()).isEmpty();
    }

    @Test
    void en03_twoReplicasSplitTheShardsEvenlyAndEveryApplicationHasExactlyOneOwner() {
        ShardLeases a = replica("a");
        ShardLeases b = replica("b");
        a.tick();
        b.tick(); // b takes a member slot; every shard is a's
        assertThat(held(b)).isEmpty();
        a.tick(); // a counts two members and hands four shards back
        ticker.advance(MARGIN);
        a.tick(); // a releases them
        b.tick(); // b takes them

        assertThat(held(a)).containsExactly(0, 1, 2, 3);
        assertThat(held(b)).containsExactly(4, 5, 6, 7);
        assertThat(a.liveMembers()).isEqualTo(2);
        for (int i = 0; i < 200; i++) {
            String app = "app-" + i;
            assertThat(a.owns(app) ^ b.owns(app)).as(app).isTrue();
        }
        assertThat(b.shards().get(0).holder()).contains("a");
        assertThat(a.shards().get(7).holder()).as("as last read: before b took it").isEmpty();
        assertThat(a.readHolder(appOfShard(7))).as("read now").contains("b");
        a.tick();
        assertThat(a.shards().get(7).holder()).contains("b");
    }

    @Test
    void en03_threeReplicasHoldAtMostTheCeilingOfTheirShareEach() {
        List<ShardLeases> three = List.of(replica("a"), replica("b"), replica("c"));
        for (int round = 0; round < 4; round++) {
            three.forEach(ShardLeases::tick);
            ticker.advance(MARGIN);
        }

        assertThat(three).allSatisfy(r -> assertThat(held(r).size()).isBetween(2, 3));
        assertThat(three.stream().mapToInt(r -> held(r).size()).sum()).isEqualTo(8);
    }

    @Test
    void en03_whenAReplicaDiesAnotherTakesItsShardsAfterTheLeaseDurationNotBefore() {
        ShardLeases a = replica("a");
        ShardLeases b = replica("b");
        balance(a, b);
        // a dies: it never renews again. b keeps its rounds.
        Duration waited = Duration.ZERO;
        while (held(b).size() < 8) {
            ticker.advance(RETRY);
            waited = waited.plus(RETRY);
            b.tick();
            assertThat(waited).isLessThanOrEqualTo(OPTIONS.leaseDuration().plus(RETRY.multipliedBy(2)));
        }
        assertThat(waited).isGreaterThanOrEqualTo(OPTIONS.leaseDuration());
        assertThat(b.liveMembers()).isEqualTo(1);
        assertThat(records.read(OPTIONS.shardLease(0)).orElseThrow().token()).isEqualTo(1);
    }

    @Test
    void en03_aClosedReplicaReleasesItsShardsAndTheOtherTakesThemAtOnce() {
        ShardLeases a = replica("a");
        ShardLeases b = replica("b");
        balance(a, b);
        Optional<Fence> fence = a.fence(app(a));

        a.close();

        assertThat(fence.orElseThrow().lost()).hasValueSatisfying(why -> assertThat(why).contains("no longer holds"));
        assertThat(held(a)).isEmpty();
        assertThat(records.list(OPTIONS.leasePrefix())).filteredOn(r -> r.holder().equals("a")).isEmpty();
        b.tick();
        assertThat(held(b)).as("without waiting for an expiry").hasSize(8);
    }

    @Test
    void en03_aReplicaWhoseRenewalsFailStopsWritingAtTheRenewDeadline() {
        AtomicBoolean unreachable = new AtomicBoolean();
        ShardLeases a = replica("a", new CutOffLeaseStore(new OptimisticLeaseStore(records, ticker,
                Clock.systemUTC()), unreachable));
        List<String> lost = new ArrayList<>();
        a.addListener(new ShardListener() {
            @Override
            public void acquired(int shard) {}

            @Override
            public void lost(int shard, String why) {
                lost.add(why);
            }
        });
        a.tick();
        Fence fence = a.fence("shop").orElseThrow();
        unreachable.set(true);

        ticker.advance(RETRY);
        a.tick();
        assertThat(fence.lost()).as("one failed renewal, well within the deadline").isEmpty();
        ticker.advance(OPTIONS.renewDeadline().minus(RETRY).minusNanos(1));
        assertThat(fence.lost()).isEmpty();
        ticker.advance(Duration.ofNanos(1));

        assertThat(fence.lost()).as("no round ran: the fence compares the time itself")
                .hasValueSatisfying(why -> assertThat(why).contains("renew deadline"));
        assertThat(a.owns("shop")).isFalse();
        assertThat(a.fence("shop")).isEmpty();
        a.tick();
        assertThat(held(a)).isEmpty();
        assertThat(lost).hasSize(8).allSatisfy(why -> assertThat(why).contains("renew deadline"));
        assertThat(OPTIONS.renewDeadline()).isLessThan(OPTIONS.leaseDuration());
    }

    @Test
    void en03_aLeaseTakenAwayEndsTheTenureAndAFenceOfItStaysLostEvenWhenTheShardIsTakenAgain() {
        ShardLeases a = replica("a");
        a.tick();
        int shard = OPTIONS.shardOf("shop");
        Fence fence = a.fence("shop").orElseThrow();
        LeaseRecord stored = records.read(OPTIONS.shardLease(shard)).orElseThrow();
        records.update(new LeaseRecord(stored.name(), "intruder", stored.duration(), stored.token() + 1,
                Instant.EPOCH, Instant.EPOCH, stored.version())).orElseThrow();

        ticker.advance(RETRY);
        a.tick();
        assertThat(fence.lost()).hasValueSatisfying(why -> assertThat(why).contains("shard " + shard));
        assertThat(a.owns("shop")).isFalse();

        LeaseRecord intruder = records.read(OPTIONS.shardLease(shard)).orElseThrow();
        records.update(new LeaseRecord(intruder.name(), "", intruder.duration(), intruder.token(), Instant.EPOCH,
                Instant.EPOCH, intruder.version())).orElseThrow();
        a.tick();
        assertThat(a.owns("shop")).as("taken again").isTrue();
        assertThat(fence.lost()).as("a fence of the earlier tenure").isPresent();
        assertThat(a.fence("shop").orElseThrow().lost()).isEmpty();
    }

    @Test
    void en03_aShardHandedBackStopsItsWritesAtOnceAndIsReleasedOnlyAfterTheMargin() {
        ShardLeases a = replica("a");
        ShardLeases b = replica("b");
        a.tick();
        b.tick();
        Fence fence = a.fence(appOfShard(7)).orElseThrow();

        a.tick();
        assertThat(fence.lost()).as("handed back").isPresent();
        assertThat(held(a)).containsExactly(0, 1, 2, 3);
        ticker.advance(MARGIN.minusNanos(1));
        a.tick();
        b.tick();
        assertThat(held(b)).as("a fence of a checked just before the hand-back may still see its stage through")
                .isEmpty();
        ticker.advance(Duration.ofNanos(1));
        a.tick();
        b.tick();
        assertThat(held(b)).containsExactly(4, 5, 6, 7);
    }

    @Test
    void en03_listenersHearOfEveryShardTaken() {
        ShardLeases a = replica("a");
        List<Integer> taken = new ArrayList<>();
        a.addListener(taken::add);
        a.tick();
        a.tick();

        assertThat(taken).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void shardsComeFromAStableHashAndSpreadEvenly() {
        // computed apart from Guava, by a MurmurHash3 x86_32 written from its description (seed 0; "hello" ->
        // 0x248bfa47): the shard of a name must never change between versions, or replicas of two versions disagree
        assertThat(IntStream.range(0, 8).map(i -> OPTIONS.shardOf("app-" + i)).toArray())
                .containsExactly(1, 4, 5, 4, 4, 1, 4, 4);
        int[] counts = new int[8];
        for (int i = 0; i < 8000; i++) {
            counts[OPTIONS.shardOf("app-" + i)]++;
        }
        assertThat(IntStream.of(counts).boxed()).allSatisfy(c -> assertThat(c).isBetween(850, 1150));
    }

    private void balance(ShardLeases a, ShardLeases b) {
        a.tick();
        b.tick();
        a.tick();
        ticker.advance(MARGIN);
        a.tick();
        b.tick();
        assertThat(held(a)).hasSize(4);
        assertThat(held(b)).hasSize(4);
    }

    private ShardLeases replica(String identity) {
        return replica(identity, new OptimisticLeaseStore(records, ticker, Clock.systemUTC()));
    }

    private ShardLeases replica(String identity, LeaseStore store) {
        ShardLeases r = new ShardLeases(store, OPTIONS.withIdentity(identity), ticker);
        replicas.add(r);
        return r;
    }

    private static List<Integer> held(ShardLeases r) {
        return r.shards().stream().filter(ShardState::heldHere).map(ShardState::shard).toList();
    }

    private static String appOfShard(int shard) {
        for (int i = 0; ; i++) {
            if (OPTIONS.shardOf("app-" + i) == shard) {
                return "app-" + i;
            }
        }
    }

    private static String app(ShardLeases r) {
        for (int i = 0; ; i++) {
            if (r.owns("app-" + i)) {
                return "app-" + i;
            }
        }
    }
}
