package io.gitops4j.api;

import io.gitops4j.api.health.Health;
import io.gitops4j.api.plan.ChangeSet;
import io.gitops4j.api.plan.GuardVerdict;
import io.gitops4j.api.source.Revision;
import java.util.List;
import java.util.Optional;

/**
 * What one reconcile did. Expected outcomes (drift, held prunes, an object that failed to apply) are data here;
 * nothing in a result contains a secret.
 *
 * @param application the Application's name
 * @param revision the revision reconciled; empty when it could not be resolved
 * @param outcome how it ended
 * @param changes what was (or, when not written, would be) changed, each change as executed
 * @param verdicts the guards' verdicts
 * @param health the aggregated health of the desired objects after the apply
 * @param timings when it ran and how long each phase took
 * @param error a one-line reason when the outcome is FAILED or BLOCKED; empty otherwise
 */
public record ReconcileResult(String application, Optional<Revision> revision, Outcome outcome, ChangeSet changes,
        List<GuardVerdict> verdicts, Health health, Timings timings, Optional<String> error) {
    /** Copies the verdicts. */
    public ReconcileResult {
        Checks.notBlank(application, "application");
        Checks.notNull(revision, "revision");
        Checks.notNull(outcome, "outcome");
        Checks.notNull(changes, "changes");
        verdicts = List.copyOf(Checks.notNull(verdicts, "verdicts"));
        Checks.notNull(health, "health");
        Checks.notNull(timings, "timings");
        Checks.notNull(error, "error");
    }

    /** @return true when the outcome is SYNCED */
    public boolean isSynced() {
        return outcome == Outcome.SYNCED;
    }
}
