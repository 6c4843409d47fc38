package io.gitops4j.api.coordination;

import io.gitops4j.api.Checks;
import io.gitops4j.api.InvalidSpecException;
import java.util.Optional;

/**
 * Whether this replica reconciles an Application, as a status reports it (EN-03).
 *
 * @param sharded false when coordination is off: a single replica owns every Application
 * @param shard the Application's shard; 0 when not sharded
 * @param holder who holds the shard's lease as this replica last saw it; empty when nobody does, or not sharded
 * @param ownedHere true when this replica holds the shard's lease now (always, when not sharded)
 */
public record Ownership(boolean sharded, int shard, Optional<String> holder, boolean ownedHere) {
    private static final Ownership UNSHARDED = new Ownership(false, 0, Optional.empty(), true);

    /** @throws InvalidSpecException for a negative shard, or an unsharded ownership that is not owned here */
    public Ownership {
        Checks.notNegative(shard, "shard");
        Checks.notNull(holder, "holder");
        if (!sharded && (!ownedHere || shard != 0 || holder.isPresent())) {
            throw new InvalidSpecException("ownership", "without sharding the only replica owns everything");
        }
    }

    /** @return the ownership when coordination is off */
    public static Ownership unsharded() {
        return UNSHARDED;
    }
}
