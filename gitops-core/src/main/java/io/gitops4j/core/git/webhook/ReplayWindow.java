package io.gitops4j.core.git.webhook;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a {@link WebhookReceiver} remembers the deliveries it accepted, to refuse the same delivery a second time
 * ({@link WebhookException.Reason#REPLAYED}). A delivery is remembered by its sender's delivery id header and by a
 * digest of its signed body, so a captured delivery sent again with another (unsigned) delivery id is refused too.
 * Only deliveries whose signature or token was valid are remembered (two fixed-size digests each), so memory is
 * bounded by {@link #maxDeliveries} authentic deliveries.
 *
 * @param window how long an accepted delivery is remembered; {@link Duration#ZERO} turns the check off
 * @param maxDeliveries how many deliveries are remembered at most; past that, the oldest are forgotten before the
 *     window ends
 */
public record ReplayWindow(Duration window, int maxDeliveries) {
    /** The longest window accepted: one day. */
    public static final Duration MAX_WINDOW = Duration.ofDays(1);

    /** Validates the limits. */
    public ReplayWindow {
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("replay window must be between 0 and " + MAX_WINDOW);
        }
        if (maxDeliveries < 1 || maxDeliveries > 10_000_000) {
            throw new IllegalArgumentException("maxDeliveries must be between 1 and 10000000");
        }
    }

    /** @return 10 minutes, at most 10,000 deliveries */
    public static ReplayWindow defaults() {
        return new ReplayWindow(Duration.ofMinutes(10), 10_000);
    }

    /** @return no replay check: every validly signed delivery is accepted, however often it arrives */
    public static ReplayWindow none() {
        return new ReplayWindow(Duration.ZERO, 1);
    }

    /** @return this window with another duration */
    public ReplayWindow withWindow(Duration newWindow) {
        return new ReplayWindow(newWindow, maxDeliveries);
    }

    /** @return this window remembering at most this many deliveries */
    public ReplayWindow withMaxDeliveries(int newMax) {
        return new ReplayWindow(window, newMax);
    }

    /** @return true when deliveries are checked */
    public boolean isEnabled() {
        return !window.isZero();
    }
}
