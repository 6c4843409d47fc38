package io.gitops4j.api.progress;

import io.gitops4j.api.Checks;
import io.gitops4j.api.Trigger;
import java.time.Instant;

/**
 * A worker took a queued pass of an Application. It ends with one {@link PassFinished}.
 *
 * @param application the Application's name
 * @param cluster the name of the cluster it reconciles into
 * @param trigger why the pass runs
 * @param at when it started
 */
public record PassStarted(String application, String cluster, Trigger trigger, Instant at) implements ProgressEvent {
    /** Checks the components. */
    public PassStarted {
        Checks.notBlank(application, "application");
        Checks.notBlank(cluster, "cluster");
        Checks.notNull(trigger, "trigger");
        Checks.notNull(at, "at");
    }
}
