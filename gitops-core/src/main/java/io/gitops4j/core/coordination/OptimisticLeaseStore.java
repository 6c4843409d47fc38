package io.gitops4j.core.coordination;

import com.google.common.base.Ticker;
import io.gitops4j.api.Checks;
import io.gitops4j.api.InvalidSpecException;
import io.gitops4j.api.coordination.HeldLease;
import io.gitops4j.api.coordination.LeaseState;
import io.gitops4j.api.coordination.LeaseStore;
import io.gitops4j.api.resource.KubernetesNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The lease rules of {@link LeaseStore} over any {@link LeaseRecords} store: taking a lease writes it conditional
 * on the version just read (a create when there is none), so of two replicas that race for it one wins and the
 * other gets an empty answer; renewing and releasing are conditional on the version the holder wrote last.
 *
 * <p><b>Expiry by observation (EN-10).</b> For every lease it reads, the store remembers the version and the moment
 * it first saw that version, on its {@link Ticker} (the monotonic {@link System#nanoTime()} unless a test passes
 * another). A lease held by someone else is expired once the same version has been seen for its whole duration.
 * The times written in a lease ({@code acquired}, {@code renewed}: this process's wall clock) are for people to
 * read and are never compared with anything, so clocks that jump or disagree between hosts change nothing.
 *
 * <p><b>Tokens.</b> A lease created gets token 0; every take-over (also by the same holder after a release or a
 * restart) writes the stored token plus one; renewals and releases keep it.
 *
 * <p>Thread-safe; blocks on the records store. The remembered observations grow with the number of lease names
 * read, which the caller bounds (shards and member slots).
 */
public final class OptimisticLeaseStore implements LeaseStore {
    private final LeaseRecords records;
    private final Ticker ticker;
    private final Clock clock;
    private final ConcurrentMap<String, Seen> seen = new ConcurrentHashMap<>();

    /** A version of a lease and when it was first seen (ticker nanoseconds). */
    private record Seen(String version, long since) {}

    /** @param records where the leases are stored */
    public OptimisticLeaseStore(LeaseRecords records) {
        this(records, Ticker.systemTicker(), Clock.systemUTC());
    }

    /**
     * @param records where the leases are stored
     * @param ticker the monotonic clock expiry is measured on
     * @param clock the wall clock of the informational times written into leases
     */
    public OptimisticLeaseStore(LeaseRecords records, Ticker ticker, Clock clock) {
        this.records = Checks.notNull(records, "records");
        this.ticker = Checks.notNull(ticker, "ticker");
        this.clock = Checks.notNull(clock, "clock");
    }

    @Override
    public Optional<HeldLease> tryAcquire(String name, String holder, Duration duration) {
        KubernetesNames.requireDns1123Subdomain(name, "name");
        Checks.notBlank(holder, "holder");
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new InvalidSpecException("duration", "must be positive, was " + duration);
        }
        Instant now = clock.instant();
        Optional<LeaseRecord> current = records.read(name);
        if (current.isEmpty()) {
            return records.create(new LeaseRecord(name, holder, duration, 0, now, now, "")).map(this::held);
        }
        LeaseRecord stored = current.get();
        boolean free = stored.holder().isEmpty() || stored.holder().equals(holder) || expired(stored);
        if (!free) {
            return Optional.empty();
        }
        return records.update(new LeaseRecord(name, holder, duration, stored.token() + 1, now, now,
                stored.version())).map(this::held);
    }

    @Override
    public Optional<HeldLease> renew(HeldLease lease) {
        Checks.notNull(lease, "lease");
        return records.update(new LeaseRecord(lease.name(), lease.holder(), lease.duration(), lease.token(),
                lease.acquired(), clock.instant(), lease.version())).map(r -> lease.withVersion(r.version()));
    }

    @Override
    public void release(HeldLease lease) {
        Checks.notNull(lease, "lease");
        records.update(new LeaseRecord(lease.name(), "", lease.duration(), lease.token(), lease.acquired(),
                clock.instant(), lease.version()));
    }

    @Override
    public List<LeaseState> list(String prefix) {
        Checks.notNull(prefix, "prefix");
        return records.list(prefix).stream()
                .filter(r -> r.name().startsWith(prefix))
                .sorted(Comparator.comparing(LeaseRecord::name))
                .map(r -> new LeaseState(r.name(), r.holder().isEmpty() ? Optional.empty() : Optional.of(r.holder()),
                        r.duration(), r.token(), r.version(), !r.holder().isEmpty() && expired(r)))
                .toList();
    }

    /** Notes this version as seen now unless it was seen before, and says whether it was seen for its duration. */
    private boolean expired(LeaseRecord r) {
        long now = ticker.read();
        Seen s = seen.compute(r.name(), (name, old) -> old != null && old.version().equals(r.version()) ? old
                : new Seen(r.version(), now));
        return now - s.since() >= r.duration().toNanos();
    }

    private HeldLease held(LeaseRecord r) {
        seen.put(r.name(), new Seen(r.version(), ticker.read()));
        return new HeldLease(r.name(), r.holder(), r.duration(), r.token(), r.acquired(), r.version());
    }
}
