package io.gitops4j.api.health;

import io.gitops4j.api.Checks;
import java.util.Collection;

/**
 * A health verdict.
 *
 * @param status the state
 * @param message why, for a human; {@code ""} when there is nothing to say
 */
public record Health(HealthStatus status, String message) {
    /** Validates that no argument is null. */
    public Health {
        Checks.notNull(status, "status");
        Checks.notNull(message, "message");
    }

    /** @return HEALTHY with no message */
    public static Health healthy() {
        return new Health(HealthStatus.HEALTHY, "");
    }

    /** @return PROGRESSING with a message */
    public static Health progressing(String message) {
        return new Health(HealthStatus.PROGRESSING, message);
    }

    /** @return DEGRADED with a message */
    public static Health degraded(String message) {
        return new Health(HealthStatus.DEGRADED, message);
    }

    /** @return SUSPENDED with a message */
    public static Health suspended(String message) {
        return new Health(HealthStatus.SUSPENDED, message);
    }

    /** @return MISSING */
    public static Health missing() {
        return new Health(HealthStatus.MISSING, "object does not exist");
    }

    /** @return UNKNOWN with a message */
    public static Health unknown(String message) {
        return new Health(HealthStatus.UNKNOWN, message);
    }

    /** @return the worst of the verdicts (the first of equal ones); HEALTHY for none */
    public static Health worst(Collection<Health> verdicts) {
        Health worst = healthy();
        for (Health h : verdicts) {
            if (h.status().isWorseThan(worst.status())) {
                worst = h;
            }
        }
        return worst;
    }
}
