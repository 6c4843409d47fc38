package io.gitops4j.core.coordination;

import com.google.common.base.Ticker;
import io.gitops4j.api.coordination.HeldLease;
import io.gitops4j.api.coordination.LeaseException;
import io.gitops4j.api.coordination.LeaseState;
import io.gitops4j.api.coordination.LeaseStore;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The member slot a replica holds so the others can count it: a lease {@code PREFIX-member-N}, the lowest slot
 * free, renewed with the shard leases. There are as many slots as shards; a replica beyond that count holds none and
 * is not counted by the others (it could not get a shard anyway while they all hold theirs). Used by the lease
 * thread only (under {@link ShardLeases}' lock); {@link #release()} after the rounds stopped.
 */
final class MemberSlot {
    private static final Logger LOG = LoggerFactory.getLogger(MemberSlot.class);

    private final LeaseStore store;
    private final ShardingOptions options;
    private final String identity;
    private final Ticker ticker;
    private Tenure slot;

    MemberSlot(LeaseStore store, ShardingOptions options, String identity, Ticker ticker) {
        this.store = store;
        this.options = options;
        this.identity = identity;
        this.ticker = ticker;
    }

    /** Renews the slot held, if any; forgets it when lost, or when not renewed within the deadline. */
    void renew() {
        Tenure s = slot;
        if (s == null) {
            return;
        }
        long sent = ticker.read();
        try {
            Optional<HeldLease> renewed = store.renew(s.lease());
            if (renewed.isPresent()) {
                s.renewed(renewed.get(), sent);
            } else {
                slot = null;
            }
        } catch (LeaseException e) {
            if (s.overdue(ticker.read(), options.renewDeadline().toNanos()).isPresent()) {
                slot = null;
            }
        }
    }

    /** Takes the lowest free slot when none is held, judging by {@code leases} (all leases of the prefix). */
    void keep(Map<String, LeaseState> leases) {
        for (int n = 0; slot == null && n < options.shards(); n++) {
            String name = options.memberLease(n);
            if (heldByOther(leases.get(name))) {
                continue;
            }
            long sent = ticker.read();
            try {
                Optional<HeldLease> got = store.tryAcquire(name, identity, options.leaseDuration());
                if (got.isPresent()) {
                    slot = new Tenure(n, got.get(), sent);
                }
            } catch (LeaseException e) {
                LOG.warn("shard leases: cannot take member slot {} ({})", n, e.getMessage());
                return;
            }
        }
    }

    /** @return the live members {@code leases} show, this replica included */
    int live(Map<String, LeaseState> leases) {
        int live = 1;
        for (int n = 0; n < options.shards(); n++) {
            live += heldByOther(leases.get(options.memberLease(n))) ? 1 : 0;
        }
        return live;
    }

    /** Gives the slot back, best effort. */
    void release() {
        Tenure s = slot;
        slot = null;
        if (s != null) {
            try {
                store.release(s.lease());
            } catch (LeaseException e) {
                LOG.warn("shard leases: cannot release {}; it expires on its own ({})", s.lease().name(),
                        e.getMessage());
            }
        }
    }

    /** @return true when the lease is held, not expired, by another replica */
    boolean heldByOther(LeaseState s) {
        return s != null && s.isHeld() && !s.holder().orElseThrow().equals(identity);
    }
}
