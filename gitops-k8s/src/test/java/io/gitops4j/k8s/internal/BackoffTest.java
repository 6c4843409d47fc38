package io.gitops4j.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.k8s.RetryOptions;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final RetryOptions OPTIONS = RetryOptions.defaults(); // 100 ms doubling up to 10 s

    /** A jitter source that always draws the lowest (or the highest) wait of its range. */
    private static RandomGenerator edge(boolean highest) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException("only ranges are drawn");
            }

            @Override
            public long nextLong(long origin, long bound) {
                return highest ? bound - 1 : origin;
            }
        };
    }

    private static ApiResponse answer(int code, Optional<Duration> retryAfter) {
        return new ApiResponse(code, "application/json", new byte[0], retryAfter);
    }

    @Test
    @DisplayName("DA-20 a 429 with Retry-After: 1 is retried after exactly 1 s, the tenth time as the first, "
            + "whatever the exponential backoff has grown to")
    void da20RetryAfterIsTheWaitWhateverTheAttempt() {
        Backoff highest = new Backoff(OPTIONS, () -> edge(true));
        Backoff lowest = new Backoff(OPTIONS, () -> edge(false));
        ApiResponse throttled = answer(429, Optional.of(Duration.ofSeconds(1)));

        for (int attempts = 1; attempts <= 10; attempts++) {
            assertThat(highest.before(attempts, throttled)).as("after attempt %d", attempts)
                    .isEqualTo(Duration.ofSeconds(1));
            assertThat(lowest.before(attempts, throttled)).as("after attempt %d", attempts)
                    .isEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    @DisplayName("DA-20 a Retry-After shorter than the backoff is still the wait; a 503 carrying one waits it too; "
            + "more than 60 s waits 60 s")
    void da20RetryAfterWinsOverBackoffAndIsCapped() {
        Backoff b = new Backoff(OPTIONS.withInitialDelay(Duration.ofSeconds(5)).withMaxDelay(Duration.ofSeconds(20)),
                () -> edge(true));

        assertThat(b.before(1, answer(429, Optional.of(Duration.ofSeconds(2))))).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.before(3, answer(503, Optional.of(Duration.ofSeconds(3))))).isEqualTo(Duration.ofSeconds(3));
        assertThat(b.before(1, answer(429, Optional.of(Duration.ofSeconds(3600))))).isEqualTo(Duration.ofSeconds(
                RetryOptions.MAX_RETRY_AFTER_SECONDS));
    }

    @Test
    @DisplayName("DA-20 without Retry-After (or with 0, or no answer at all): 100 ms doubling per retry up to 10 s, "
            + "each a random wait between half and all of it")
    void da20WithoutRetryAfterTheBackoffIsExponentialWithJitter() {
        Backoff highest = new Backoff(OPTIONS, () -> edge(true));
        Backoff lowest = new Backoff(OPTIONS, () -> edge(false));
        long[] full = {100, 200, 400, 800, 1600, 3200, 6400, 10_000, 10_000, 10_000};

        for (int attempts = 1; attempts <= full.length; attempts++) {
            long ms = full[attempts - 1];
            ApiResponse noHint = attempts % 3 == 0 ? answer(429, Optional.of(Duration.ZERO)) : answer(503,
                    Optional.empty());
            ApiResponse last = attempts % 2 == 0 ? null : noHint;
            assertThat(highest.before(attempts, last)).as("after attempt %d", attempts).isEqualTo(Duration.ofMillis(ms));
            assertThat(lowest.before(attempts, last)).as("after attempt %d", attempts).isEqualTo(Duration.ofMillis(
                    ms / 2));
        }
    }

    @Test
    @DisplayName("DA-20 the jitter spreads writers that failed together: 1,000 waits after the same failure differ")
    void da20JitterSpreadsTheWaits() {
        SplittableRandom seeded = new SplittableRandom(20);
        Backoff b = new Backoff(OPTIONS, () -> seeded);

        long distinct = IntStream.range(0, 1000).mapToObj(i -> b.before(4, null)).distinct().count();

        assertThat(distinct).isGreaterThan(300); // 401 possible waits: 400..800 ms
        assertThat(IntStream.range(0, 1000).mapToObj(i -> b.before(4, null)))
                .allSatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(400), Duration.ofMillis(800)));
    }
}
