package io.gitops4j.core.engine;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Times the phases of a pass ({@code resolve}, {@code render}, {@code apply}, …) into the result's timings, and tells
 * the pass's listeners when each starts and ends ({@link PassEvents}).
 */
final class Phases {
    private Phases() {}

    /** Runs {@code work}, adding its duration to {@code phase} in {@code phases} (also when it throws). */
    static <T> T timed(Map<String, Duration> phases, String phase, Supplier<T> work) {
        PassEvents.phaseStarted(phase);
        long t0 = System.nanoTime();
        boolean completed = false;
        try {
            T value = work.get();
            completed = true;
            return value;
        } finally {
            long took = System.nanoTime() - t0;
            phases.merge(phase, Duration.ofNanos(took), Duration::plus);
            PassEvents.phaseFinished(phase, took, completed);
        }
    }
}
