package io.gitops4j.core.engine;

import io.gitops4j.api.coordination.LeaseException;
import io.gitops4j.api.coordination.Ownership;
import io.gitops4j.core.coordination.Fence;
import io.gitops4j.core.coordination.ShardLeases;
import io.gitops4j.core.coordination.ShardState;
import java.util.List;
import java.util.Optional;

/**
 * Which Applications this replica reconciles: every one without coordination, else those of the shards whose leases
 * its {@link ShardLeases} holds (EN-03). Thread-safe.
 */
final class ReplicaOwnership {
    private static final ReplicaOwnership SOLE = new ReplicaOwnership(null);

    private final ShardLeases leases;

    private ReplicaOwnership(ShardLeases leases) {
        this.leases = leases;
    }

    /** @return the ownership of a replica without coordination: it owns everything, its fences never fail */
    static ReplicaOwnership sole() {
        return SOLE;
    }

    /** @return the ownership of a replica holding the shard leases of {@code leases} */
    static ReplicaOwnership sharded(ShardLeases leases) {
        return new ReplicaOwnership(leases);
    }

    /** @return a fence for a pass of {@code application} starting now; empty when this replica does not own it */
    Optional<Fence> fence(String application) {
        return leases == null ? Optional.of(Fence.open()) : leases.fence(application);
    }

    /** @return whether this replica owns {@code application}, and who holds its shard */
    Ownership of(String application) {
        return leases == null ? Ownership.unsharded() : leases.ownership(application);
    }

    /** @return the shard of {@code application}; 0 without coordination */
    int shardOf(String application) {
        return leases == null ? 0 : leases.options().shardOf(application);
    }

    /** @return every shard and its holder; empty without coordination */
    List<ShardState> shards() {
        return leases == null ? List.of() : leases.shards();
    }

    /**
     * Why this replica does not reconcile {@code application}, in one line, naming the holder of its shard. With
     * {@code read} the shard's lease is read from the store now (one request; blocks), so the holder named is the
     * current one; else, or when the store cannot be read, the holder is the one the last lease round saw, and the
     * line says so.
     */
    String notOwned(String application, boolean read) {
        String prefix = "not reconciled by this replica (" + leases.identity() + "): shard "
                + leases.options().shardOf(application) + " of " + application;
        String unread = "";
        if (read) {
            try {
                return prefix + " is held by " + leases.readHolder(application).map(h -> "'" + h + "'")
                        .orElse("no replica (free or expired; a replica takes it at its next round)");
            } catch (LeaseException e) {
                unread = "; the leases cannot be read now: " + e.getMessage();
            }
        }
        return prefix + " was held by " + of(application).holder().map(h -> "'" + h + "'").orElse("no replica")
                + " at this replica's last lease round" + unread;
    }
}
