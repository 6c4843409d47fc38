package io.gitops4j.core.engine;

import io.gitops4j.api.Checks;
import io.gitops4j.api.InvalidSpecException;
import java.time.Duration;

/**
 * How the engine acts on drift it learns of from the target's change feed, for Applications whose drift mode is not
 * IGNORE (DA-12). Set with {@link ReconcilerBuilder#drift(DriftOptions)}.
 *
 * <p>A change of a managed object made by someone else (not the echo of the engine's own write) starts a pass of its
 * Application after {@code debounce}: the changes arriving meanwhile share that pass, and a pass in flight takes them
 * into its one follow-up (EN-02). A re-list of a kind (events may have been missed) counts as a change.
 *
 * <p>An object the engine corrects more than {@code maxCorrections} times within {@code window} — someone changes it
 * back every time, such as another controller — is no longer corrected for {@code backoff}: passes report it as
 * {@link io.gitops4j.api.Drift.Handling#BACKED_OFF} with the competing field manager instead of re-applying it in a
 * hot loop. Only passes nobody asked for count and back off; {@code reconcileNow} always writes.
 *
 * @param debounce how long after the first change a pass starts (0 – 10 minutes)
 * @param maxCorrections corrections of one object allowed within {@code window} (1 – 1000)
 * @param window the sliding window corrections are counted in (1 s – 24 h)
 * @param backoff how long an object that exceeded them is left alone (1 s – 24 h)
 */
public record DriftOptions(Duration debounce, int maxCorrections, Duration window, Duration backoff) {
    /** @throws InvalidSpecException for a value out of its range, naming it */
    public DriftOptions {
        Checks.notNull(debounce, "debounce");
        Checks.notNull(window, "window");
        Checks.notNull(backoff, "backoff");
        within(debounce, Duration.ZERO, Duration.ofMinutes(10), "debounce");
        within(window, Duration.ofSeconds(1), Duration.ofHours(24), "window");
        within(backoff, Duration.ofSeconds(1), Duration.ofHours(24), "backoff");
        if (maxCorrections < 1 || maxCorrections > 1000) {
            throw new InvalidSpecException("maxCorrections", "must be between 1 and 1000, was "
                    + maxCorrections);
        }
    }

    /** @return a pass 1 s after a change; at most 5 corrections of an object in 10 minutes, then 10 minutes off */
    public static DriftOptions defaults() {
        return new DriftOptions(Duration.ofSeconds(1), 5, Duration.ofMinutes(10), Duration.ofMinutes(10));
    }

    /** @return a copy with this debounce */
    public DriftOptions withDebounce(Duration value) {
        return new DriftOptions(value, maxCorrections, window, backoff);
    }

    /** @return a copy allowing this many corrections of an object within the window */
    public DriftOptions withMaxCorrections(int value) {
        return new DriftOptions(debounce, value, window, backoff);
    }

    /** @return a copy counting corrections within this sliding window */
    public DriftOptions withWindow(Duration value) {
        return new DriftOptions(debounce, maxCorrections, value, backoff);
    }

    /** @return a copy leaving an object that exceeded them alone for {@code value} */
    public DriftOptions withBackoff(Duration value) {
        return new DriftOptions(debounce, maxCorrections, window, value);
    }

    private static void within(Duration value, Duration min, Duration max, String field) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new InvalidSpecException(field, "must be between " + min + " and " + max
                    + ", was " + value);
        }
    }
}
