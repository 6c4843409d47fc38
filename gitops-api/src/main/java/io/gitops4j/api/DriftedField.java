package io.gitops4j.api;

import io.gitops4j.api.plan.FieldChange;
import java.util.Optional;

/**
 * One field of a drifted object: how it differs from the desired state, and which other field manager owns it now.
 *
 * @param change the field, its live value and its desired value (Secret values redacted)
 * @param owner the field manager other than the Application's that owns the field in the live object; empty when
 *     none does (a field someone removed has no owner: see {@link Drift#lastEdit()} for who edited the object last)
 */
public record DriftedField(FieldChange change, Optional<FieldManager> owner) {
    /** Validates that no argument is null. */
    public DriftedField {
        Checks.notNull(change, "change");
        Checks.notNull(owner, "owner");
    }
}
