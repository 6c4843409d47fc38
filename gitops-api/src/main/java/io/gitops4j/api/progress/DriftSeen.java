package io.gitops4j.api.progress;

import io.gitops4j.api.Checks;
import java.time.Instant;

/**
 * The cluster's change feed showed that someone else changed an object of an Application whose drift mode is not
 * IGNORE: a pass follows after the debounce (DA-12). What drifted, and whether the pass corrected it, is in that
 * pass's {@link io.gitops4j.api.ReconcileResult#drift()}.
 *
 * @param application the Application's name
 * @param cluster the name of the cluster where the change was seen
 * @param at when it was seen
 */
public record DriftSeen(String application, String cluster, Instant at) implements ProgressEvent {
    /** Checks the components. */
    public DriftSeen {
        Checks.notBlank(application, "application");
        Checks.notBlank(cluster, "cluster");
        Checks.notNull(at, "at");
    }
}
