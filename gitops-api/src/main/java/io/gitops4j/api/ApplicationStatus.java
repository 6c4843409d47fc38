package io.gitops4j.api;

import io.gitops4j.api.coordination.Ownership;
import io.gitops4j.api.deploy.Pin;
import io.gitops4j.api.source.Revision;
import java.time.Duration;
import java.util.Optional;

/**
 * The current state of one registered Application.
 *
 * @param application the Application as registered
 * @param destination the name of the target (cluster) it reconciles into: its own destination, or the name of the
 *     reconciler's default target
 * @param lastResult the most recent result, if any reconcile completed
 * @param lastSyncedRevision the last revision that reconciled SYNCED; kept through later failures (GS-09)
 * @param reconciling whether a reconcile is in flight
 * @param consecutiveFailures failures since the last success (drives backoff)
 * @param ownership whether this replica reconciles the Application, with replicas sharing the work (EN-03); {@link
 *     Ownership#unsharded()} otherwise
 * @param pin the revision the Application is pinned to ({@link Reconciler#pin}), if it is
 * @param noProgressFor present when the Application has made no progress for at least the reconciler's threshold
 *     (EN-09): a pass was asked for (by its schedule, a push, a manual request) that long ago, and since then none
 *     got through (ended other than FAILED), because passes wait for a worker, run long, or keep failing; the time
 *     since it started waiting, on the monotonic clock. Empty while settled or within the threshold.
 */
public record ApplicationStatus(Application application, String destination, Optional<ReconcileResult> lastResult,
        Optional<Revision> lastSyncedRevision, boolean reconciling, int consecutiveFailures, Ownership ownership,
        Optional<Pin> pin, Optional<Duration> noProgressFor) {
    /** Validates that no argument is null. */
    public ApplicationStatus {
        Checks.notNull(application, "application");
        Checks.notBlank(destination, "destination");
        Checks.notNull(lastResult, "lastResult");
        Checks.notNull(lastSyncedRevision, "lastSyncedRevision");
        Checks.notNegative(consecutiveFailures, "consecutiveFailures");
        Checks.notNull(ownership, "ownership");
        Checks.notNull(pin, "pin");
        Checks.notNull(noProgressFor, "noProgressFor");
    }
}
