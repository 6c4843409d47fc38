package io.gitops4j.api.progress;

import io.gitops4j.api.Checks;
import java.time.Instant;

/**
 * A phase of a pass started. Phases are named as in {@link io.gitops4j.api.Timings#phases()} ({@code resolve},
 * {@code snapshot}, {@code render}, {@code plan}, {@code inventory}, {@code apply}, {@code prune}, {@code health});
 * a phase may run more than once in a pass ({@code inventory}: before and after the writes). Each is followed by its
 * {@link PhaseFinished}, also when the phase fails.
 *
 * @param application the Application's name
 * @param cluster the name of the cluster it reconciles into
 * @param phase the phase's name, one of a fixed set the engine defines
 * @param at when it started
 */
public record PhaseStarted(String application, String cluster, String phase, Instant at) implements ProgressEvent {
    /** Checks the components. */
    public PhaseStarted {
        Checks.notBlank(application, "application");
        Checks.notBlank(cluster, "cluster");
        Checks.notBlank(phase, "phase");
        Checks.notNull(at, "at");
    }
}
