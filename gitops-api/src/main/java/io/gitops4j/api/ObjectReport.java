package io.gitops4j.api;

import io.gitops4j.api.plan.Change;
import io.gitops4j.api.plan.FieldChange;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.WriteFailure;
import java.util.List;
import java.util.Optional;

/**
 * What a reconcile pass did to one object: the change it planned (a plan is an intention, not an outcome) and what
 * actually happened.
 *
 * @param planned the planned change: action, reason, field diff (Secret values redacted) and stage
 * @param outcome what happened: CREATED, CONFIGURED, UNCHANGED, DELETED, RECREATED, FAILED, or SKIPPED (planned
 *     SKIP, writes not made under the policy, a prune found the object already gone or owned by someone else)
 * @param failure why it failed; present exactly when the outcome is FAILED
 * @param note a short human note ({@code "not written: manual sync policy"}, {@code "ownership changed"}), {@code ""}
 *     when there is nothing to add
 */
public record ObjectReport(Change planned, ObjectOutcome outcome, Optional<WriteFailure> failure, String note) {
    /** @throws IllegalArgumentException when the failure does not match the outcome */
    public ObjectReport {
        Checks.notNull(planned, "planned");
        Checks.notNull(outcome, "outcome");
        Checks.notNull(failure, "failure");
        Checks.notNull(note, "note");
        if (failure.isPresent() != (outcome == ObjectOutcome.FAILED)) {
            throw new IllegalArgumentException("a failure goes with outcome FAILED and only with it");
        }
    }

    /** @return a report without failure */
    public static ObjectReport of(Change planned, ObjectOutcome outcome, String note) {
        return new ObjectReport(planned, outcome, Optional.empty(), note);
    }

    /** @return the report of a failed write */
    public static ObjectReport failed(Change planned, WriteFailure failure) {
        return new ObjectReport(planned, ObjectOutcome.FAILED, Optional.of(failure), "");
    }

    /** @return the object */
    public ResourceKey key() {
        return planned.key();
    }

    /** @return the planned field-level differences */
    public List<FieldChange> diff() {
        return planned.diff();
    }

    /** @return true when something was written (created, configured, deleted or re-created) */
    public boolean isWrite() {
        return outcome == ObjectOutcome.CREATED || outcome == ObjectOutcome.CONFIGURED
                || outcome == ObjectOutcome.DELETED || outcome == ObjectOutcome.RECREATED;
    }

    @Override
    public String toString() {
        return outcome + " " + key().displayName() + failure.map(f -> ": " + f.message())
                .orElse(note.isEmpty() ? "" : " (" + note + ")");
    }
}
