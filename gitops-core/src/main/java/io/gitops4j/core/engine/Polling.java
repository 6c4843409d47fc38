package io.gitops4j.core.engine;

import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition on the cluster by asking again with backoff (100 ms, growing to 1 s) until it holds or a
 * deadline passes. Blocks the calling thread; an interrupt ends the wait as not met. Stateless.
 */
final class Polling {
    private Polling() {}

    /** @return true when {@code condition} held before {@code timeout} passed */
    static boolean until(Duration timeout, BooleanSupplier condition) {
        RetryPolicy<Boolean> policy = RetryPolicy.<Boolean>builder().handleResult(false).withMaxRetries(-1)
                .withMaxDuration(timeout).withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)).build();
        try {
            return Failsafe.with(policy).get(condition::getAsBoolean);
        } catch (dev.failsafe.FailsafeException e) {
            if (e.getCause() instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }
}
