package io.gitops4j.api;

import java.time.Duration;

/**
 * Capped exponential backoff after failed reconciles (EN-07). A new revision skips the wait.
 *
 * @param initialBackoff the first wait
 * @param maxBackoff the cap
 * @param factor growth per consecutive failure (at least 1)
 * @param jitter random share added to each wait, 0–1
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, double factor, double jitter) {
    /** @throws InvalidSpecException for non-positive durations, a factor below 1 or jitter outside 0–1 */
    public RetryPolicy {
        Checks.notNull(initialBackoff, "retry.initialBackoff");
        Checks.notNull(maxBackoff, "retry.maxBackoff");
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new InvalidSpecException("retry.initialBackoff", "must be positive");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new InvalidSpecException("retry.maxBackoff", "must be at least initialBackoff");
        }
        if (!(factor >= 1.0) || factor > 100) {
            throw new InvalidSpecException("retry.factor", "must be between 1 and 100");
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new InvalidSpecException("retry.jitter", "must be between 0 and 1");
        }
    }

    /** @return 5 s doubling up to 5 min, 20 % jitter */
    public static RetryPolicy defaults() {
        return new RetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(5), 2.0, 0.2);
    }

    /** @return the wait (without jitter) after {@code failures} consecutive failures (1 for the first) */
    public Duration backoff(int failures) {
        double millis = initialBackoff.toMillis() * Math.pow(factor, Math.max(0, failures - 1));
        return millis >= maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis((long) millis);
    }
}
