package io.gitops4j.api.plan;

import io.gitops4j.api.Checks;
import io.gitops4j.api.resource.ResourceKey;
import java.util.List;
import java.util.Optional;

/**
 * What a plan does with one object and why.
 *
 * <p>Order: applies run by {@linkplain #wave() wave} (lower first; each wave healthy before the next) and, within a
 * wave, by {@linkplain #stage() stage}; prunes run the other way round. A change with a {@linkplain #hook() hook
 * phase} runs a hook: its action is {@link Action#CREATE} (a new object is created for the pass, never applied), and
 * its key is the hook's as declared — with {@code metadata.generateName}, the generateName stands for the name, and
 * the report of what happened names the object the server created.
 *
 * @param key the object
 * @param action the action
 * @param reason a short human reason ({@code "not in cluster"}, {@code "2 fields differ"}, {@code "prune disabled"})
 * @param diff the field-level differences (empty for CREATE, UNCHANGED, PRUNE and SKIP); Secret values redacted
 * @param stage the apply stage within a wave, lower first (Namespaces and CRDs before the rest); prunes run after
 *     all applies
 * @param wave the sync wave ({@code gitops4j.io/sync-wave}, 0 when not annotated; may be negative)
 * @param hook the phase a hook runs in; empty for an object of the desired state
 */
public record Change(ResourceKey key, Action action, String reason, List<FieldChange> diff, int stage, int wave,
        Optional<HookPhase> hook) {
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
        Checks.notNull(hook, "hook");
    }

    /** A change of an object of the desired state in wave 0. */
    public Change(ResourceKey key, Action action, String reason, List<FieldChange> diff, int stage) {
        this(key, action, reason, diff, stage, 0, Optional.empty());
    }

    /** @return true when this change runs a hook */
    public boolean isHook() {
        return hook.isPresent();
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
        return action + " " + key.displayName() + hook.map(h -> " [" + h.annotationValue() + " hook]").orElse("")
                + (reason.isEmpty() ? "" : " (" + reason + ")");
    }
}
