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
    /**
     * How the reason of a prune held by a guard until confirmed (PR-03) starts; such a change is a {@link
     * Action#SKIP}, followed by the guard's name in parentheses.
     */
    public static final String PRUNE_HELD = "prune held until confirmed";

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

    /** @return true for a prune that a guard holds until confirmed (PR-03): a SKIP whose reason says so */
    public boolean isHeldPrune() {
        return action == Action.SKIP && reason.startsWith(PRUNE_HELD);
    }

    @Override
    public String toString() {
        return action + " " + key.displayName() + (reason.isEmpty() ? "" : " (" + reason + ")");
    }
}
