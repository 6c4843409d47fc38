package io.gitops4j.api.progress;

import io.gitops4j.api.Checks;
import java.time.Duration;
import java.time.Instant;

/**
 * A phase of a pass ended, normally or by an exception (the pass's result says why it failed).
 *
 * @param application the Application's name
 * @param cluster the name of the cluster it reconciles into
 * @param phase the phase's name, as in its {@link PhaseStarted}
 * @param took how long it ran (monotonic clock)
 * @param completed false when the phase ended with an exception
 * @param at when it ended
 */
public record PhaseFinished(String application, String cluster, String phase, Duration took, boolean completed,
        Instant at) implements ProgressEvent {
    /** @throws IllegalArgumentException when {@code took} is negative */
    public PhaseFinished {
        Checks.notBlank(application, "application");
        Checks.notBlank(cluster, "cluster");
        Checks.notBlank(phase, "phase");
        Checks.notNull(took, "took");
        Checks.notNull(at, "at");
        if (took.isNegative()) {
            throw new IllegalArgumentException("took must not be negative");
        }
    }
}
