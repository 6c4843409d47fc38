package io.gitops4j.core.coordination;

import com.google.common.base.Ticker;
import io.gitops4j.api.Checks;
import io.gitops4j.api.coordination.HeldLease;
import io.gitops4j.api.coordination.LeaseException;
import io.gitops4j.api.coordination.LeaseState;
import io.gitops4j.api.coordination.LeaseStore;
import io.gitops4j.api.coordination.Ownership;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shard leases one replica holds (EN-03). Every {@code retryPeriod} a round ({@link #tick()}) renews the leases
 * held, reads all leases of the prefix in one list, keeps a member slot ({@code PREFIX-member-N}, so replicas can
 * count each other), and balances: with {@code R} live members (slots whose lease is held and not expired, this
 * replica included) a replica holds at most {@code ceil(shards / R)} shards; it hands the surplus back and takes
 * free or expired shards up to that limit, lowest number first. A shard handed back stops being this replica's at
 * once (its fences fail), but its lease is released only {@code leaseDuration - renewDeadline} later, so a stage's
 * writes that passed the fence just before have the same margin as with an expiry (see {@link Fence}).
 *
 * <p><b>Losing a shard.</b> A renewal that finds the lease written by someone else, or gone, drops the shard at
 * once. A renewal that fails (store unreachable) keeps it until {@code renewDeadline} after the last successful
 * renewal began, then drops it; {@link Fence#lost()} says so from that moment even when the round is late, because
 * it compares the time itself. A replica that dies stops renewing, and another takes its shards once it has seen
 * their leases unchanged for {@code leaseDuration}: within about {@code leaseDuration + 2 × retryPeriod} after the
 * last renewal.
 *
 * <p>Thread-safe. {@link #start()} runs the rounds on a daemon thread of its own; {@link #close()} stops it, drops
 * every shard at once (fences fail from then on) and releases the leases at once, so other replicas take them
 * without waiting for them to expire: close it after the passes that use its fences have ended.
 */
public final class ShardLeases implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShardLeases.class);

    private final LeaseStore store;
    private final ShardingOptions options;
    private final Ticker ticker;
    private final String identity;
    private final long deadline;
    private final AtomicReferenceArray<Tenure> held;
    private final AtomicReferenceArray<String> seenHolders;
    private final ShardListeners listeners = new ShardListeners();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final MemberSlot member;
    private final List<Handback> handbacks = new ArrayList<>();
    private volatile int liveMembers = 1;
    private ScheduledExecutorService loop;

    /** A shard handed back at ticker time {@code at}, its lease to be released once the margin has passed. */
    private record Handback(Tenure tenure, long at) {}

    /** @param store where leases are kept; @param options shards and timings */
    public ShardLeases(LeaseStore store, ShardingOptions options) {
        this(store, options, Ticker.systemTicker());
    }

    /** @param ticker the monotonic clock of renew deadlines (the same as the store's, in tests) */
    public ShardLeases(LeaseStore store, ShardingOptions options, Ticker ticker) {
        this.store = Checks.notNull(store, "store");
        this.options = Checks.notNull(options, "options");
        this.ticker = Checks.notNull(ticker, "ticker");
        this.identity = options.identityOrGenerated();
        this.deadline = options.renewDeadline().toNanos();
        this.held = new AtomicReferenceArray<>(options.shards());
        this.seenHolders = new AtomicReferenceArray<>(options.shards());
        this.member = new MemberSlot(store, options, identity, ticker);
    }

    /** @return this replica's identity, as written into the leases it holds */
    public String identity() {
        return identity;
    }

    /** @return the shards and timings */
    public ShardingOptions options() {
        return options;
    }

    /** Adds a listener of shards taken and lost. */
    public void addListener(ShardListener listener) {
        listeners.add(Checks.notNull(listener, "listener"));
    }

    /** Starts the rounds on a thread of their own, the first at once. Idempotent; not after {@link #close()}. */
    public synchronized void start() {
        if (loop != null || closed.get()) {
            return;
        }
        loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gitops4j-shard-leases");
            t.setDaemon(true);
            return t;
        });
        long period = options.retryPeriod().toNanos();
        loop.scheduleWithFixedDelay(this::tickQuietly, 0, period, TimeUnit.NANOSECONDS);
    }

    /**
     * One round: renew, read, keep a member slot, hand back the surplus, take free shards. What the lease thread runs
     * every {@code retryPeriod}; tests call it directly. Failures of the store are logged and retried next round.
     */
    public synchronized void tick() {
        if (closed.get()) {
            return;
        }
        for (int shard = 0; shard < options.shards(); shard++) {
            Tenure t = held.get(shard);
            if (t != null) {
                renew(t);
            }
        }
        member.renew();
        releaseHandbacks(false);
        Map<String, LeaseState> leases = new HashMap<>();
        try {
            store.list(options.leasePrefix() + "-").forEach(s -> leases.put(s.name(), s));
        } catch (LeaseException e) {
            LOG.warn("shard leases: cannot read the leases ({}); trying again in {}", e.getMessage(),
                    options.retryPeriod());
            return;
        }
        for (int shard = 0; shard < options.shards(); shard++) {
            LeaseState s = leases.get(options.shardLease(shard));
            seenHolders.set(shard, s == null || !s.isHeld() ? null : s.holder().orElse(null));
        }
        member.keep(leases);
        int live = member.live(leases);
        liveMembers = live;
        int limit = (options.shards() + live - 1) / live;
        handBackSurplus(limit, live);
        takeFreeShards(limit, leases);
    }

    /** @return whether this replica holds the shard of {@code application} now, renewed within the deadline */
    public boolean owns(String application) {
        return fence(application).isPresent();
    }

    /**
     * @return a fence for a pass of {@code application} starting now, bound to the current tenure of its shard;
     *     empty when this replica does not hold that shard (or its renewal is overdue)
     */
    public Optional<Fence> fence(String application) {
        int shard = options.shardOf(application);
        Tenure t = held.get(shard);
        if (t == null || t.overdue(ticker.read(), deadline).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(() -> held.get(shard) != t
                ? Optional.of("shard " + shard + ": this replica no longer holds lease " + t.lease().name())
                : t.overdue(ticker.read(), deadline));
    }

    /** @return whether this replica reconciles {@code application}, and who holds its shard */
    public Ownership ownership(String application) {
        int shard = options.shardOf(application);
        ShardState s = state(shard);
        return new Ownership(true, shard, s.holder(), s.heldHere() && owns(application));
    }

    /**
     * Reads the lease of {@code application}'s shard from the store now, for a refusal that names the holder: the
     * view of {@link #ownership} and {@link #shards()} is the last round's, up to {@code retryPeriod} old, and a shard
     * handed over between two replicas shows no holder on the one that gave it until its next round. One request to
     * the store; blocks on it.
     *
     * @return the holder the store shows now; empty when the lease is free, expired or absent
     * @throws LeaseException when the store cannot be read
     */
    public Optional<String> readHolder(String application) {
        String name = options.shardLease(options.shardOf(application));
        return store.list(name).stream().filter(s -> s.name().equals(name) && s.isHeld()).findFirst()
                .flatMap(LeaseState::holder);
    }

    /** @return every shard, in order: who holds it, and whether this replica does */
    public List<ShardState> shards() {
        List<ShardState> out = new ArrayList<>(options.shards());
        for (int shard = 0; shard < options.shards(); shard++) {
            out.add(state(shard));
        }
        return out;
    }

    /** @return the members counted in the last round, this replica included */
    public int liveMembers() {
        return liveMembers;
    }

    /**
     * Stops the rounds, drops every shard at once (so every fence fails from now on), then releases the leases,
     * best effort: a release that fails leaves the lease to expire. Blocks for the round in progress (up to
     * {@code renewDeadline}) and the release requests. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<Tenure> dropped = new ArrayList<>();
        for (int shard = 0; shard < options.shards(); shard++) {
            Tenure t = held.getAndSet(shard, null);
            if (t != null) {
                dropped.add(t);
                listeners.lost(shard, "shard " + shard + ": released, the replica is closing");
            }
        }
        ScheduledExecutorService l;
        synchronized (this) {
            l = loop;
        }
        if (l != null) {
            l.shutdown();
            try {
                if (!l.awaitTermination(deadline, TimeUnit.NANOSECONDS)) {
                    l.shutdownNow();
                }
            } catch (InterruptedException e) {
                l.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            dropped.forEach(t -> releaseQuietly(t.lease()));
            releaseHandbacks(true);
            member.release();
        }
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("shard leases: round failed ({})", e.getClass().getName());
        }
    }

    private void renew(Tenure t) {
        long sent = ticker.read();
        try {
            Optional<HeldLease> renewed = store.renew(t.lease());
            if (renewed.isPresent()) {
                t.renewed(renewed.get(), sent);
            } else {
                drop(t, "shard " + t.shard() + ": lease " + t.lease().name() + " was taken or removed by someone else",
                        true);
            }
        } catch (LeaseException e) {
            Optional<String> overdue = t.overdue(ticker.read(), deadline);
            if (overdue.isPresent()) {
                drop(t, overdue.get() + " (" + e.getMessage() + ")", true);
            } else {
                LOG.warn("shard {}: renewal failed, kept until the renew deadline ({})", t.shard(), e.getMessage());
            }
        }
    }

    private void handBackSurplus(int limit, int live) {
        int count = heldCount();
        for (int shard = options.shards() - 1; shard >= 0 && count > limit; shard--) {
            Tenure t = held.get(shard);
            if (t != null) {
                if (drop(t, "shard " + shard + ": handed back to balance " + options.shards() + " shards among "
                        + live + " replicas", false)) {
                    handbacks.add(new Handback(t, ticker.read()));
                }
                count--;
            }
        }
    }

    private void takeFreeShards(int limit, Map<String, LeaseState> leases) {
        int count = heldCount();
        for (int shard = 0; shard < options.shards() && count < limit; shard++) {
            if (held.get(shard) != null) {
                continue;
            }
            LeaseState s = leases.get(options.shardLease(shard));
            if (member.heldByOther(s)) {
                continue;
            }
            long sent = ticker.read();
            Optional<HeldLease> got = tryAcquire(options.shardLease(shard));
            if (got.isPresent() && closed.get()) {
                releaseQuietly(got.get());
                return;
            }
            if (got.isPresent()) {
                held.set(shard, new Tenure(shard, got.get(), sent));
                seenHolders.set(shard, identity);
                count++;
                LOG.info("shard {}: taken by {} (lease {}, token {})", shard, identity, got.get().name(),
                        got.get().token());
                listeners.acquired(shard);
            }
        }
    }

    private Optional<HeldLease> tryAcquire(String name) {
        try {
            return store.tryAcquire(name, identity, options.leaseDuration());
        } catch (LeaseException e) {
            LOG.warn("shard leases: cannot take {} ({})", name, e.getMessage());
            return Optional.empty();
        }
    }

    /** @return true when {@code t} was the shard's tenure and is dropped now */
    private boolean drop(Tenure t, String why, boolean unexpected) {
        if (!held.compareAndSet(t.shard(), t, null)) {
            return false;
        }
        seenHolders.compareAndSet(t.shard(), identity, null);
        if (unexpected) {
            LOG.warn("{}; its Applications are no longer reconciled here", why);
        } else {
            LOG.info("{}", why);
        }
        listeners.lost(t.shard(), why);
        return true;
    }

    /** Releases the leases handed back at least {@code leaseDuration - renewDeadline} ago, or all of them. */
    private void releaseHandbacks(boolean all) {
        long margin = options.leaseDuration().minus(options.renewDeadline()).toNanos();
        long now = ticker.read();
        handbacks.removeIf(h -> {
            if (all || now - h.at() >= margin) {
                releaseQuietly(h.tenure().lease());
                return true;
            }
            return false;
        });
    }

    private void releaseQuietly(HeldLease lease) {
        try {
            store.release(lease);
        } catch (LeaseException e) {
            LOG.warn("shard leases: cannot release {}; it expires on its own ({})", lease.name(), e.getMessage());
        }
    }

    private int heldCount() {
        int n = 0;
        for (int shard = 0; shard < options.shards(); shard++) {
            n += held.get(shard) != null ? 1 : 0;
        }
        return n;
    }

    private ShardState state(int shard) {
        Tenure t = held.get(shard);
        if (t != null) {
            return new ShardState(shard, t.lease().name(), Optional.of(identity), true, t.lease().token());
        }
        return new ShardState(shard, options.shardLease(shard), Optional.ofNullable(seenHolders.get(shard)), false,
                -1);
    }
}
