package io.gitops4j.k8s;

import java.time.Duration;
import java.util.Objects;

/**
 * How one request is retried after a transient failure (429, 5xx, a reset connection, a timeout): when the answer
 * carries {@code Retry-After} (a positive number of seconds), the wait is exactly that (up to
 * {@value #MAX_RETRY_AFTER_SECONDS} seconds, whatever {@code maxDelay} says); otherwise exponential backoff from
 * {@code initialDelay} doubling up to {@code maxDelay}, with jitter (a random wait between half and all of it); at
 * most {@code maxAttempts} attempts. Every retry of a write also spends one retry of the pass's
 * {@link io.gitops4j.api.target.RetryBudget}, taken before the wait; when the budget is spent the failure stands at
 * once.
 *
 * @param maxAttempts attempts per request, the first included (1 = never retry)
 * @param initialDelay the first backoff
 * @param maxDelay the longest single wait
 */
public record RetryOptions(int maxAttempts, Duration initialDelay, Duration maxDelay) {
    /** The longest {@code Retry-After} honoured; a server asking for more gets this. */
    public static final int MAX_RETRY_AFTER_SECONDS = 60;

    /** @throws IllegalArgumentException for fewer than one attempt or a delay that is not positive */
    public RetryOptions {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (initialDelay.isNegative() || initialDelay.isZero() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("delays must be positive and maxDelay >= initialDelay");
        }
    }

    /** @return 10 attempts (as client-go retries a throttled request), 100 ms doubling up to 10 s */
    public static RetryOptions defaults() {
        return new RetryOptions(10, Duration.ofMillis(100), Duration.ofSeconds(10));
    }

    /** @return a copy with another number of attempts */
    public RetryOptions withMaxAttempts(int value) {
        return new RetryOptions(value, initialDelay, maxDelay);
    }

    /** @return a copy with another first delay */
    public RetryOptions withInitialDelay(Duration value) {
        return new RetryOptions(maxAttempts, value, maxDelay);
    }

    /** @return a copy with another longest delay */
    public RetryOptions withMaxDelay(Duration value) {
        return new RetryOptions(maxAttempts, initialDelay, value);
    }
}
