package io.gitops4j.api.health;

import io.gitops4j.api.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * A health verdict together with how it was obtained, so a reader knows whether "PROGRESSING" means "was still
 * rolling out when looked at once" or "did not become healthy within the wait".
 *
 * @param verdict the worst verdict of the objects judged
 * @param basis how the verdict was obtained
 * @param observedAt when it was judged (wall clock)
 * @param deadline for {@link Basis#AWAITED}: until when the waiting would have gone on; empty otherwise
 */
public record HealthObservation(Health verdict, Basis basis, Instant observedAt, Optional<Instant> deadline) {
    /** How a verdict was obtained. */
    public enum Basis {
        /**
         * Judged once, right after the pass's writes, from the objects as the pass last held them (returned by its
         * writes, or read by its plan); nothing was waited for, so an object just changed is typically still
         * PROGRESSING.
         */
        SNAPSHOT,
        /**
         * The objects were watched as they changed until every one was healthy, one was degraded, or the deadline
         * passed; the verdict is the state at that moment.
         */
        AWAITED,
        /** Not judged: the pass stopped before there was anything to judge (a failure, a block). */
        NOT_ASSESSED
    }

    /** @throws IllegalArgumentException when a deadline is present exactly when the basis is not AWAITED */
    public HealthObservation {
        Checks.notNull(verdict, "verdict");
        Checks.notNull(basis, "basis");
        Checks.notNull(observedAt, "observedAt");
        Checks.notNull(deadline, "deadline");
        if (deadline.isPresent() != (basis == Basis.AWAITED)) {
            throw new IllegalArgumentException("a deadline goes with basis AWAITED and only with it");
        }
    }

    /** @return a verdict judged once, without waiting */
    public static HealthObservation snapshot(Health verdict, Instant at) {
        return new HealthObservation(verdict, Basis.SNAPSHOT, at, Optional.empty());
    }

    /** @return a verdict reached by watching the objects until {@code at}, with the wait ending at {@code deadline} */
    public static HealthObservation awaited(Health verdict, Instant at, Instant deadline) {
        return new HealthObservation(verdict, Basis.AWAITED, at, Optional.of(deadline));
    }

    /** @return UNKNOWN, not assessed, for this reason */
    public static HealthObservation notAssessed(String why, Instant at) {
        return new HealthObservation(Health.unknown(why), Basis.NOT_ASSESSED, at, Optional.empty());
    }

    /** @return the verdict's status */
    public HealthStatus status() {
        return verdict.status();
    }

    /** @return the verdict's message */
    public String message() {
        return verdict.message();
    }
}
