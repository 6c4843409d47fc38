package io.gitops4j.k8s.internal;

import io.gitops4j.k8s.RetryOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The wait before the next attempt of a request that failed transiently.
 *
 * <ul>
 *   <li>An answer carrying {@code Retry-After: N} with N &gt; 0 waits exactly N seconds (at most
 *       {@value RetryOptions#MAX_RETRY_AFTER_SECONDS}), whatever the attempt: the server said when it will take the
 *       request again, and waiting longer only delays the pass.</li>
 *   <li>Anything else (an answer without {@code Retry-After} or with 0, no answer at all) waits the exponential
 *       backoff: {@link RetryOptions#initialDelay()} before the first retry, doubling per retry up to
 *       {@link RetryOptions#maxDelay()}, with jitter — a uniformly random wait between half and all of that, so
 *       clients that failed together do not retry together.</li>
 * </ul>
 *
 * <p>Thread-safe when the random generators {@code random} supplies are used by one thread each (the default:
 * {@link ThreadLocalRandom}).
 */
final class Backoff {
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(RetryOptions.MAX_RETRY_AFTER_SECONDS);

    private final RetryOptions options;
    private final Supplier<? extends RandomGenerator> random;

    /** Exponential backoff with {@link ThreadLocalRandom} jitter. */
    Backoff(RetryOptions options) {
        this(options, ThreadLocalRandom::current);
    }

    /** @param random the jitter's source, asked once per wait */
    Backoff(RetryOptions options, Supplier<? extends RandomGenerator> random) {
        this.options = Objects.requireNonNull(options, "options");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * @param attempts the attempts made so far (1 before the first retry)
     * @param last the last answer, or null when the last attempt got none
     * @return how long to wait before the next attempt
     */
    Duration before(int attempts, ApiResponse last) {
        if (last != null) {
            Duration asked = last.retryAfter().orElse(Duration.ZERO);
            if (!asked.isZero() && !asked.isNegative()) {
                return asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked;
            }
        }
        long cap = options.maxDelay().toMillis();
        long exp = Math.min(cap, options.initialDelay().toMillis() << Math.min(20, Math.max(0, attempts - 1)));
        return Duration.ofMillis(random.get().nextLong(exp / 2, exp + 1));
    }
}
