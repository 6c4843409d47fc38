package io.gitops4j.core.coordination;

import io.gitops4j.api.coordination.HeldLease;
import java.util.Optional;

/**
 * One unbroken holding of one shard's lease by this replica: from the moment it was taken until it is lost, handed
 * over or released. Renewals keep the tenure and update its lease and the time of its last successful renewal. A
 * new take-over is a new tenure, so a {@link Fence} captured under an earlier one fails even when the shard is held
 * again. Thread-safe (written by the lease thread only).
 */
final class Tenure {
    private final int shard;
    private volatile HeldLease lease;
    private volatile long renewedAt;

    /** @param renewedAt the ticker time at which the request that wrote {@code lease} was sent */
    Tenure(int shard, HeldLease lease, long renewedAt) {
        this.shard = shard;
        this.lease = lease;
        this.renewedAt = renewedAt;
    }

    int shard() {
        return shard;
    }

    HeldLease lease() {
        return lease;
    }

    long renewedAt() {
        return renewedAt;
    }

    void renewed(HeldLease value, long sentAt) {
        this.lease = value;
        this.renewedAt = sentAt;
    }

    /** @return why writes under this tenure must stop at ticker time {@code now}, if they must */
    Optional<String> overdue(long now, long deadlineNanos) {
        if (now - renewedAt >= deadlineNanos) {
            return Optional.of("shard " + shard + ": lease " + lease.name() + " was not renewed within the renew "
                    + "deadline (" + deadlineNanos / 1_000_000 + " ms)");
        }
        return Optional.empty();
    }
}
