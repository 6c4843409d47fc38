package io.gitops4j.core.coordination;

import io.gitops4j.api.Checks;
import io.gitops4j.api.InvalidSpecException;
import io.gitops4j.api.resource.KubernetesNames;
import java.time.Duration;
import java.time.Instant;

/**
 * A lease as a {@link LeaseRecords} store keeps it.
 *
 * @param name the lease's name, a DNS-1123 subdomain
 * @param holder who holds it; {@code ""} when nobody does (released, or never taken)
 * @param duration how long it lasts without renewal
 * @param token the fencing token (a Kubernetes Lease's {@code leaseTransitions})
 * @param acquired when the holder took it, by the writer's wall clock (informational)
 * @param renewed when the holder last renewed it, by the writer's wall clock (informational)
 * @param version the store's version of it: on a record read, the stored version; on a record to write, the
 *     version it replaces ({@code ""} for a new one)
 */
public record LeaseRecord(String name, String holder, Duration duration, long token, Instant acquired,
        Instant renewed, String version) {
    /** @throws InvalidSpecException for an invalid name, duration or token */
    public LeaseRecord {
        KubernetesNames.requireDns1123Subdomain(name, "name");
        Checks.notNull(holder, "holder");
        Checks.notNull(duration, "duration");
        if (duration.isNegative() || duration.isZero()) {
            throw new InvalidSpecException("duration", "must be positive, was " + duration);
        }
        if (token < 0) {
            throw new InvalidSpecException("token", "must not be negative, was " + token);
        }
        Checks.notNull(acquired, "acquired");
        Checks.notNull(renewed, "renewed");
        Checks.notNull(version, "version");
    }

    /** @return a copy with another version */
    public LeaseRecord withVersion(String value) {
        return new LeaseRecord(name, holder, duration, token, acquired, renewed, value);
    }
}
