package io.gitops4j.api.progress;

import io.gitops4j.api.Checks;
import io.gitops4j.api.ReconcileResult;
import java.time.Duration;
import java.time.Instant;

/**
 * A pass ended: its result (the same value {@link io.gitops4j.api.ReconcileListener#onResult} receives next) and how
 * long it took from start to end.
 *
 * @param cluster the name of the cluster it reconciled into
 * @param result what the pass did
 * @param took from its {@link PassStarted} to now (monotonic clock)
 * @param at when it ended
 */
public record PassFinished(String cluster, ReconcileResult result, Duration took, Instant at)
        implements ProgressEvent {
    /** Checks the components. */
    public PassFinished {
        Checks.notBlank(cluster, "cluster");
        Checks.notNull(result, "result");
        Checks.notNull(took, "took");
        Checks.notNull(at, "at");
    }

    /** @return the Application's name */
    public String application() {
        return result.application();
    }
}
