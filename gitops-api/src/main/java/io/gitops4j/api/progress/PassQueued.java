package io.gitops4j.api.progress;

import io.gitops4j.api.Checks;
import io.gitops4j.api.Trigger;
import java.time.Instant;

/**
 * A pass of an Application was handed to the worker pool and waits for a worker. Every {@code PassQueued} is followed
 * by one {@link PassStarted} of the same Application, unless the reconciler closes first; the number of passes
 * queued and not yet started is the queue's depth.
 *
 * @param application the Application's name
 * @param cluster the name of the cluster it reconciles into
 * @param trigger why the pass runs
 * @param at when it was queued
 */
public record PassQueued(String application, String cluster, Trigger trigger, Instant at) implements ProgressEvent {
    /** Checks the components. */
    public PassQueued {
        Checks.notBlank(application, "application");
        Checks.notBlank(cluster, "cluster");
        Checks.notNull(trigger, "trigger");
        Checks.notNull(at, "at");
    }
}
