package io.gitops4j.api.deploy;

import io.gitops4j.api.Checks;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.health.HealthObservation;
import io.gitops4j.api.source.Revision;

/**
 * A commit deployed: the answer of {@code Reconciler.awaitDeployed} once that commit, or a descendant, was applied
 * by a SYNCED pass and every object of that pass was then seen healthy.
 *
 * @param application the Application
 * @param commit the commit that was awaited
 * @param revision the revision applied: the commit itself or a descendant of it
 * @param result the pass that applied it
 * @param health every object's health, {@linkplain HealthObservation.Basis#AWAITED awaited} from the cluster's
 *     change feed after that pass
 */
public record Deployment(String application, String commit, Revision revision, ReconcileResult result,
        HealthObservation health) {
    /** Validates that no argument is null. */
    public Deployment {
        Checks.notBlank(application, "application");
        Checks.notBlank(commit, "commit");
        Checks.notNull(revision, "revision");
        Checks.notNull(result, "result");
        Checks.notNull(health, "health");
    }
}
