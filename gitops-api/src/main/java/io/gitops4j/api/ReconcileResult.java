package io.gitops4j.api;

import io.gitops4j.api.health.HealthObservation;
import io.gitops4j.api.plan.ChangeSet;
import io.gitops4j.api.plan.GuardVerdict;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.target.ObjectOutcome;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one reconcile did. Expected outcomes (drift, held prunes, an object that failed to apply) are data here:
 * {@link #changes()} is what the plan intended, {@link #objects()} what happened to each object, {@link #failure()}
 * why the pass failed or was blocked. Nothing in a result contains a secret.
 *
 * @param application the Application's name
 * @param destination the name of the target (cluster) the pass reconciled into
 * @param revision the revision reconciled; empty when it could not be resolved
 * @param trigger why the pass ran
 * @param outcome how it ended
 * @param changes the planned changes, in execution order (empty when the pass stopped before planning)
 * @param objects one report per planned change, in the same order: what actually happened to each object
 * @param verdicts the guards' verdicts
 * @param health the worst health of the desired objects after the writes, and how it was obtained (judged once right
 *     after the writes, or awaited, or not assessed): see {@link HealthObservation#basis()}
 * @param timings when it ran and how long each phase took
 * @param failure why the outcome is FAILED or BLOCKED; empty otherwise
 * @param drift the managed objects someone else changed since the revision was last reconciled (a pass at the
 *     revision that last synced): fields, who changed them and when, and whether the pass corrected, reported or
 *     backed off (DA-12); empty for a pass of a new revision and when the drift mode is IGNORE
 * @param dryRun how many objects the server dry-run before the writes, and how many it refused ({@link
 *     SyncPolicy#dryRunFirst()}, DA-06); {@link DryRun#NONE} when there was no dry run
 */
public record ReconcileResult(String application, String destination, Optional<Revision> revision, Trigger trigger,
        Outcome outcome, ChangeSet changes, List<ObjectReport> objects, List<GuardVerdict> verdicts,
        HealthObservation health, Timings timings, Optional<ReconcileFailure> failure, List<Drift> drift,
        DryRun dryRun) {
    /** Copies the lists. */
    public ReconcileResult {
        Checks.notBlank(application, "application");
        Checks.notBlank(destination, "destination");
        Checks.notNull(revision, "revision");
        Checks.notNull(trigger, "trigger");
        Checks.notNull(outcome, "outcome");
        Checks.notNull(changes, "changes");
        objects = List.copyOf(Checks.notNull(objects, "objects"));
        verdicts = List.copyOf(Checks.notNull(verdicts, "verdicts"));
        Checks.notNull(health, "health");
        Checks.notNull(timings, "timings");
        Checks.notNull(failure, "failure");
        drift = List.copyOf(Checks.notNull(drift, "drift"));
        Checks.notNull(dryRun, "dryRun");
    }

    /** A result of a pass without a dry run ({@link DryRun#NONE}); otherwise as the canonical constructor. */
    public ReconcileResult(String application, String destination, Optional<Revision> revision, Trigger trigger,
            Outcome outcome, ChangeSet changes, List<ObjectReport> objects, List<GuardVerdict> verdicts,
            HealthObservation health, Timings timings, Optional<ReconcileFailure> failure, List<Drift> drift) {
        this(application, destination, revision, trigger, outcome, changes, objects, verdicts, health, timings,
                failure, drift, DryRun.NONE);
    }

    /** @return true when the outcome is SYNCED */
    public boolean isSynced() {
        return outcome == Outcome.SYNCED;
    }

    /** @return the failure's one-line message, when the pass failed or was blocked */
    public Optional<String> error() {
        return failure.map(ReconcileFailure::message);
    }

    /** @return the report of one object, or empty when the pass did not plan it */
    public Optional<ObjectReport> object(ObjectId id) {
        return objects.stream().filter(o -> o.key().id().equals(id)).findFirst();
    }

    /** @return the report of the object {@code key} names (in any version), or empty */
    public Optional<ObjectReport> object(ResourceKey key) {
        return object(key.id());
    }

    /** @return the objects with this outcome, in order */
    public List<ResourceKey> keys(ObjectOutcome outcome) {
        return objects.stream().filter(o -> o.outcome() == outcome).map(ObjectReport::key).toList();
    }

    /** @return the number of objects per outcome (every outcome present, zero when none) */
    public Map<ObjectOutcome, Integer> counts() {
        Map<ObjectOutcome, Integer> counts = new EnumMap<>(ObjectOutcome.class);
        for (ObjectOutcome o : ObjectOutcome.values()) {
            counts.put(o, 0);
        }
        objects.forEach(o -> counts.merge(o.outcome(), 1, Integer::sum));
        return counts;
    }

    /** @return how many objects were written (created, configured, deleted or re-created) */
    public int writes() {
        return (int) objects.stream().filter(ObjectReport::isWrite).count();
    }
}
