package io.gitops4j.api.progress;

import io.gitops4j.api.Checks;
import java.time.Instant;

/**
 * With replicas sharing the work (EN-03): this replica took, or stopped holding, the lease of a shard of
 * Applications.
 *
 * @param shard the shard's number
 * @param held true when this replica holds the lease now, false when it lost it, handed it over or closed
 * @param at when this replica saw the change
 */
public record ShardOwnershipChanged(int shard, boolean held, Instant at) implements ProgressEvent {
    /** @throws io.gitops4j.api.InvalidSpecException when {@code shard} is negative */
    public ShardOwnershipChanged {
        Checks.notNegative(shard, "shard");
        Checks.notNull(at, "at");
    }
}
