package io.gitops4j.api.coordination;

import io.gitops4j.api.Checks;
import io.gitops4j.api.InvalidSpecException;
import java.time.Duration;
import java.time.Instant;

/**
 * A lease as its holder took or last renewed it.
 *
 * @param name the lease's name
 * @param holder who holds it
 * @param duration how long it lasts without renewal, as stored
 * @param token the fencing token: grows each time the lease changes hands, kept by renewals
 * @param acquired when this holder took it, by this process's wall clock (for people to read; never compared with
 *     another clock)
 * @param version the store's version of what was written last (for Kubernetes the resourceVersion); the next
 *     renewal or release is conditional on it
 */
public record HeldLease(String name, String holder, Duration duration, long token, Instant acquired,
        String version) {
    /** @throws InvalidSpecException for a blank name, holder or version, a bad duration or token */
    public HeldLease {
        Checks.notBlank(name, "name");
        Checks.notBlank(holder, "holder");
        LeaseState.requirePositive(duration);
        if (token < 0) {
            throw new InvalidSpecException("token", "must not be negative, was " + token);
        }
        Checks.notNull(acquired, "acquired");
        Checks.notBlank(version, "version");
    }

    /** @return a copy carrying the version of a renewal */
    public HeldLease withVersion(String value) {
        return new HeldLease(name, holder, duration, token, acquired, value);
    }
}
