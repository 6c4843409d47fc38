package io.gitops4j.api.plan;

import io.gitops4j.api.Checks;
import io.gitops4j.api.resource.ResourceKey;
import java.util.List;

/**
 * What a plan does with one object and why.
 *
 * @param key the object
 * @param action the action
 * @param reason a short human reason ({@code "not in cluster"}, {@code "2 fields differ"}, {@code "prune disabled"})
 * @param diff the field-level differences (empty for CREATE, UNCHANGED, PRUNE and SKIP); Secret values redacted
 * @param stage the apply stage, lower first (Namespaces and CRDs before the rest); prunes run after all applies
 */
public record Change(ResourceKey key, Action action, String reason, List<FieldChange> diff, int stage) {
    /** Copies the diff. */
    public Change {
        Checks.notNull(key, "key");
        Checks.notNull(action, "action");
        Checks.notNull(reason, "reason");
        diff = List.copyOf(Checks.notNull(diff, "diff"));
        Checks.notNegative(stage, "stage");
    }

    /** @return true for CREATE, UPDATE and PRUNE */
    public boolean isWrite() {
        return action == Action.CREATE || action == Action.UPDATE || action == Action.PRUNE;
    }

    @Override
    public String toString() {
        return action + " " + key.displayName() + (reason.isEmpty() ? "" : " (" + reason + ")");
    }
}
