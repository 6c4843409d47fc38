package io.gitops4j.api.progress;

import io.gitops4j.api.Checks;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ObjectOutcome;
import java.time.Instant;

/**
 * The engine sent a write for one object (an apply of a CREATE or UPDATE, a delete of a PRUNE, a re-creation) and
 * the target answered. Objects the plan left alone (UNCHANGED, SKIP) are not written and get no event. A failed write
 * has outcome FAILED; why is in the pass's result, not here.
 *
 * @param application the Application's name
 * @param cluster the name of the cluster it reconciles into
 * @param object the object
 * @param action what the plan intended
 * @param outcome what the write did
 * @param at when the answer came
 */
public record ObjectWritten(String application, String cluster, ResourceKey object, Action action,
        ObjectOutcome outcome, Instant at) implements ProgressEvent {
    /** Checks the components. */
    public ObjectWritten {
        Checks.notBlank(application, "application");
        Checks.notBlank(cluster, "cluster");
        Checks.notNull(object, "object");
        Checks.notNull(action, "action");
        Checks.notNull(outcome, "outcome");
        Checks.notNull(at, "at");
    }
}
