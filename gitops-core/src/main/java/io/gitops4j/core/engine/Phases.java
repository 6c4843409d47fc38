package io.gitops4j.core.engine;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/** Times the phases of a pass ({@code resolve}, {@code render}, {@code apply}, …) into the result's timings. */
final class Phases {
    private Phases() {}

    /** Runs {@code work}, adding its duration to {@code phase} in {@code phases} (also when it throws). */
    static <T> T timed(Map<String, Duration> phases, String phase, Supplier<T> work) {
        long t0 = System.nanoTime();
        try {
            return work.get();
        } finally {
            phases.merge(phase, Duration.ofNanos(System.nanoTime() - t0), Duration::plus);
        }
    }
}
