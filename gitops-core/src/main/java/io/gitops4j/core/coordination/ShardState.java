package io.gitops4j.core.coordination;

import io.gitops4j.api.Checks;
import java.util.Optional;

/**
 * One shard as this replica sees it, for status and metrics: who holds its lease (as last read) and whether this
 * replica does.
 *
 * @param shard the shard
 * @param lease the lease's name
 * @param holder the holder as last read (this replica's identity when it holds it); empty when nobody held it or it
 *     was not read yet
 * @param heldHere whether this replica holds it now
 * @param token the lease's fencing token while held here; -1 otherwise
 */
public record ShardState(int shard, String lease, Optional<String> holder, boolean heldHere, long token) {
    /** Validates that nothing is null and the shard is not negative. */
    public ShardState {
        Checks.notNegative(shard, "shard");
        Checks.notNull(lease, "lease");
        Checks.notNull(holder, "holder");
    }
}
