package io.gitops4j.api.coordination;

import io.gitops4j.api.Checks;
import io.gitops4j.api.InvalidSpecException;
import java.time.Duration;
import java.util.Optional;

/**
 * A lease as the store holds it, and whether the reader judges it expired.
 *
 * @param name the lease's name
 * @param holder who holds it; empty when it was released or never taken
 * @param duration how long it lasts without renewal
 * @param token its fencing token
 * @param version the store's version of it
 * @param expired true when the reader has seen this version unchanged for at least {@code duration} on its own
 *     monotonic clock (see {@link LeaseStore}); a released lease is not expired, only free
 */
public record LeaseState(String name, Optional<String> holder, Duration duration, long token, String version,
        boolean expired) {
    /** @throws InvalidSpecException for a blank name or version, or a bad duration */
    public LeaseState {
        Checks.notBlank(name, "name");
        Checks.notNull(holder, "holder");
        requirePositive(duration);
        Checks.notBlank(version, "version");
    }

    /** @return true when someone holds the lease and it has not expired */
    public boolean isHeld() {
        return holder.isPresent() && !expired;
    }

    static void requirePositive(Duration duration) {
        Checks.notNull(duration, "duration");
        if (duration.isNegative() || duration.isZero()) {
            throw new InvalidSpecException("duration", "must be positive, was " + duration);
        }
    }
}
