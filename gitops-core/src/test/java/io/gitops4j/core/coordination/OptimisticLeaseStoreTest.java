package io.gitops4j.core.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.InvalidSpecException;
import io.gitops4j.api.coordination.HeldLease;
import io.gitops4j.api.coordination.LeaseState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OptimisticLeaseStoreTest {
    private static final Duration LEASE = Duration.ofSeconds(15);

    private final InMemoryLeaseRecords records = new InMemoryLeaseRecords();
    private final ManualTicker ticker = new ManualTicker();
    private final OptimisticLeaseStore a = new OptimisticLeaseStore(records, ticker, Clock.systemUTC());
    private final OptimisticLeaseStore b = new OptimisticLeaseStore(records, ticker, Clock.systemUTC());

    @Test
    void en03_aHeldLeaseIsRefusedToOthersAndRenewalsKeepItsToken() {
        HeldLease held = a.tryAcquire("shard-0", "a", LEASE).orElseThrow();
        assertThat(held.token()).isZero();
        assertThat(b.tryAcquire("shard-0", "b", LEASE)).isEmpty();

        HeldLease renewed = a.renew(held).orElseThrow();
        assertThat(renewed.token()).isEqualTo(held.token());
        assertThat(renewed.version()).isNotEqualTo(held.version());
        assertThat(a.renew(held)).as("a renewal from a version that is no longer stored").isEmpty();
    }

    @Test
    void en03_anotherHolderTakesOverOnlyAfterSeeingTheLeaseUnchangedForItsDuration() {
        HeldLease held = a.tryAcquire("shard-0", "a", LEASE).orElseThrow();
        assertThat(b.tryAcquire("shard-0", "b", LEASE)).isEmpty();
        ticker.advance(LEASE.minusNanos(1));
        assertThat(b.tryAcquire("shard-0", "b", LEASE)).isEmpty();
        ticker.advance(Duration.ofNanos(1));

        HeldLease taken = b.tryAcquire("shard-0", "b", LEASE).orElseThrow();

        assertThat(taken.token()).isEqualTo(held.token() + 1);
        assertThat(a.renew(held)).as("the old holder's renewal").isEmpty();
    }

    @Test
    void en03_aRenewalStartsTheWaitAgain() {
        HeldLease held = a.tryAcquire("shard-0", "a", LEASE).orElseThrow();
        assertThat(b.tryAcquire("shard-0", "b", LEASE)).isEmpty();
        ticker.advance(LEASE.minusSeconds(1));
        a.renew(held).orElseThrow();
        ticker.advance(Duration.ofSeconds(2));

        assertThat(b.tryAcquire("shard-0", "b", LEASE)).as("seen unchanged for 2 s only").isEmpty();
        assertThat(b.list("shard-")).singleElement().extracting(LeaseState::expired).isEqualTo(false);
    }

    @Test
    void en03_aReleasedLeaseIsFreeAtOnceWithTheNextToken() {
        HeldLease held = a.tryAcquire("shard-0", "a", LEASE).orElseThrow();
        a.release(held);

        assertThat(b.list("shard-")).singleElement().satisfies(s -> {
            assertThat(s.holder()).isEmpty();
            assertThat(s.isHeld()).isFalse();
        });
        assertThat(b.tryAcquire("shard-0", "b", LEASE)).get().extracting(HeldLease::token).isEqualTo(1L);
        assertThat(a.renew(held)).isEmpty();
    }

    @Test
    void en03_ofTwoReplicasRacingForAnExpiredLeaseOnlyOneGetsIt() {
        a.tryAcquire("shard-0", "a", LEASE).orElseThrow();
        OptimisticLeaseStore c = new OptimisticLeaseStore(records, ticker, Clock.systemUTC());
        AtomicReference<Optional<HeldLease>> cGot = new AtomicReference<>();
        LeaseRecords racing = new LeaseRecords() {
            @Override
            public Optional<LeaseRecord> read(String name) {
                Optional<LeaseRecord> r = records.read(name);
                cGot.set(c.tryAcquire(name, "c", LEASE)); // c writes between b's read and b's write
                return r;
            }

            @Override
            public List<LeaseRecord> list(String prefix) {
                return records.list(prefix);
            }

            @Override
            public Optional<LeaseRecord> create(LeaseRecord record) {
                return records.create(record);
            }

            @Override
            public Optional<LeaseRecord> update(LeaseRecord record) {
                return records.update(record);
            }
        };
        OptimisticLeaseStore bRacing = new OptimisticLeaseStore(racing, ticker, Clock.systemUTC());
        c.list("");
        bRacing.list("");
        ticker.advance(LEASE);

        Optional<HeldLease> bGot = bRacing.tryAcquire("shard-0", "b", LEASE);

        assertThat(cGot.get()).isPresent();
        assertThat(bGot).isEmpty();
        assertThat(records.read("shard-0").orElseThrow().holder()).isEqualTo("c");
    }

    @Test
    void en03_aLeaseCreatedByTwoAtOnceHasOneHolder() {
        records.create(new LeaseRecord("shard-0", "c", LEASE, 0, Instant.EPOCH, Instant.EPOCH, ""));
        OptimisticLeaseStore late = new OptimisticLeaseStore(new LeaseRecords() {
            @Override
            public Optional<LeaseRecord> read(String name) {
                return Optional.empty(); // read before c created it
            }

            @Override
            public List<LeaseRecord> list(String prefix) {
                return List.of();
            }

            @Override
            public Optional<LeaseRecord> create(LeaseRecord record) {
                return records.create(record);
            }

            @Override
            public Optional<LeaseRecord> update(LeaseRecord record) {
                return records.update(record);
            }
        }, ticker, Clock.systemUTC());

        assertThat(late.tryAcquire("shard-0", "late", LEASE)).isEmpty();
    }

    @Test
    void en10_wallClocksThatJumpOrDisagreeDoNotMakeAHeldLeaseLookExpired() {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        AtomicReference<Instant> aWall = new AtomicReference<>(now.minus(Duration.ofHours(1)));
        AtomicReference<Instant> bWall = new AtomicReference<>(now.plus(Duration.ofHours(1)));
        OptimisticLeaseStore behind = new OptimisticLeaseStore(records, ticker, clock(aWall));
        OptimisticLeaseStore ahead = new OptimisticLeaseStore(records, ticker, clock(bWall));
        HeldLease held = behind.tryAcquire("shard-0", "a", LEASE).orElseThrow();

        for (int round = 0; round < 5; round++) {
            ticker.advance(Duration.ofSeconds(10));
            bWall.set(bWall.get().plus(Duration.ofDays(1)));
            aWall.set(aWall.get().minus(Duration.ofDays(1)));
            held = behind.renew(held).orElseThrow();
            assertThat(ahead.tryAcquire("shard-0", "b", LEASE)).as("round " + round).isEmpty();
        }
        assertThat(records.read("shard-0").orElseThrow().renewed()).isBefore(now.minus(Duration.ofDays(4)));
    }

    @Test
    void en10_aLeaseFirstSeenLongAfterItsLastRenewalStillGetsAWholeDuration() {
        records.create(new LeaseRecord("shard-0", "gone", LEASE, 3, Instant.EPOCH, Instant.EPOCH, ""));

        assertThat(b.tryAcquire("shard-0", "b", LEASE)).as("renewed 60 years ago by its own clock").isEmpty();
        ticker.advance(LEASE);
        assertThat(b.tryAcquire("shard-0", "b", LEASE)).get().extracting(HeldLease::token).isEqualTo(4L);
    }

    @Test
    void aBadNameOrDurationIsRefused() {
        assertThatThrownBy(() -> a.tryAcquire("Shard_0", "a", LEASE)).isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("name:");
        assertThatThrownBy(() -> a.tryAcquire("shard-0", "a", Duration.ZERO)).isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("duration:");
        assertThatThrownBy(() -> a.tryAcquire("shard-0", " ", LEASE)).isInstanceOf(InvalidSpecException.class);
    }

    private static Clock clock(AtomicReference<Instant> wall) {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return wall.get();
            }
        };
    }
}
