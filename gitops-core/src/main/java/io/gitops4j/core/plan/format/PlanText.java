package io.gitops4j.core.plan.format;

import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.Change;
import io.gitops4j.api.plan.FieldChange;
import io.gitops4j.api.plan.GuardVerdict;
import io.gitops4j.api.plan.Plan;
import java.util.Map;

/**
 * A plan as text for a person, in the spirit of {@code terraform plan}: a header naming the plan, the Application and
 * the revision; one line per object in execution order ({@code +} create, {@code ~} update, {@code -} prune,
 * {@code =} unchanged, {@code !} skip) with the planner's reason, and below an update the fields that differ
 * ({@code path: before → after}, values as compact JSON, Secret values redacted by the planner, values over
 * {@value #MAX_VALUE} characters shortened); the guards' verdicts; a summary line, and what blocks or holds. Only
 * keys, reasons and diffs are shown, never a whole object. Stateless and thread-safe.
 *
 * <pre>
 * Plan 5f0c2e7d9a81b3c4 for shop at main@sha1:3f2a9c1d0e7b
 *
 *   ~ update     Deployment.apps shop/web (1 field differs)
 *         .spec.replicas: 2 → 3
 *   + create     ConfigMap shop/settings (not in cluster)
 *   ! skip       Namespace old (prune held until confirmed (prune-blast-radius))
 *
 * Guards:
 *   empty-render        ALLOW       2 desired objects
 *   prune-blast-radius  HOLD_PRUNE  prune of Namespace old held until confirmed
 *
 * Plan: 1 to create, 1 to update, 0 to prune, 0 unchanged, 1 skipped.
 * Prunes held until confirmed: 1 (applying this plan confirms them, for this plan only).
 * </pre>
 */
public final class PlanText {
    /** Longest value shown in full; longer ones are cut and say how long they were. */
    static final int MAX_VALUE = 200;

    private PlanText() {}

    /** @return the plan as text, lines ending in {@code \n} */
    public static String of(Plan plan) {
        StringBuilder out = new StringBuilder();
        out.append("Plan ").append(plan.id()).append(" for ").append(plan.application()).append(" at ")
                .append(plan.revision()).append("\n\n");
        if (plan.changes().size() == 0) {
            out.append("  (no objects)\n");
        }
        for (Change c : plan.changes().changes()) {
            out.append("  ").append(symbol(c.action())).append(' ').append(pad(word(c.action()), 10)).append(' ')
                    .append(c.key().displayName());
            if (!c.reason().isEmpty()) {
                out.append(" (").append(c.reason()).append(')');
            }
            out.append('\n');
            for (FieldChange d : c.diff()) {
                out.append("        ").append(d.path()).append(": ").append(value(d.before())).append(" → ")
                        .append(value(d.after())).append('\n');
            }
        }
        out.append("\nGuards:\n");
        int width = plan.verdicts().stream().mapToInt(v -> v.guard().length()).max().orElse(0);
        for (GuardVerdict v : plan.verdicts()) {
            out.append("  ").append(pad(v.guard(), width)).append("  ").append(pad(v.decision().name(), 10))
                    .append("  ").append(v.message()).append('\n');
        }
        Map<Action, Integer> n = plan.changes().counts();
        out.append("\nPlan: ").append(n.get(Action.CREATE)).append(" to create, ").append(n.get(Action.UPDATE))
                .append(" to update, ").append(n.get(Action.PRUNE)).append(" to prune, ")
                .append(n.get(Action.UNCHANGED)).append(" unchanged, ").append(n.get(Action.SKIP))
                .append(" skipped.\n");
        if (plan.isBlocked()) {
            out.append("Blocked: nothing is written (").append(blocking(plan)).append(").\n");
        } else if (plan.isPruneHeld()) {
            out.append("Prunes held until confirmed: ").append(plan.heldPrunes().size())
                    .append(" (applying this plan confirms them, for this plan only).\n");
        } else if (plan.isInSync()) {
            out.append("The cluster matches; applying writes nothing.\n");
        }
        return out.toString();
    }

    private static String blocking(Plan plan) {
        return plan.verdicts().stream().filter(v -> v.decision() == GuardVerdict.Decision.BLOCK)
                .map(GuardVerdict::guard).reduce((a, b) -> a + ", " + b).orElse("");
    }

    static char symbol(Action action) {
        return switch (action) {
            case CREATE -> '+';
            case UPDATE -> '~';
            case PRUNE -> '-';
            case UNCHANGED -> '=';
            case SKIP -> '!';
        };
    }

    private static String word(Action action) {
        return action.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String value(String json) {
        if (json.isEmpty()) {
            return "<absent>";
        }
        return json.length() <= MAX_VALUE ? json
                : json.substring(0, MAX_VALUE) + "… (" + json.length() + " characters)";
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
