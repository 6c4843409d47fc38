package io.gitops4j.core.engine;

import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition on the cluster by asking again with backoff (100 ms, growing to 1 s) until it holds, a
 * deadline passes on the monotonic clock, or the wait is cancelled. Blocks the calling thread; an interrupt ends the
 * wait as not met. Stateless.
 */
final class Polling {
    private Polling() {}

    /**
     * @param cancelled asked before each attempt: true ends the wait as not met
     * @return true when {@code condition} held before {@code timeout} passed
     */
    static boolean until(Duration timeout, BooleanSupplier cancelled, BooleanSupplier condition) {
        RetryPolicy<Boolean> policy = RetryPolicy.<Boolean>builder().handleResult(false).withMaxRetries(-1)
                .abortOn(Cancelled.class).withMaxDuration(timeout)
                .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)).build();
        try {
            return Failsafe.with(policy).get(() -> {
                if (cancelled.getAsBoolean()) {
                    throw new Cancelled();
                }
                return condition.getAsBoolean();
            });
        } catch (Cancelled e) {
            return false;
        } catch (dev.failsafe.FailsafeException e) {
            if (e.getCause() instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    /** Ends a cancelled wait. */
    private static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super(null, null, false, false);
        }
    }
}
