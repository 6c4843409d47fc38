package io.gitops4j.core.plan;

import io.gitops4j.api.PruneGuard;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.Change;
import io.gitops4j.api.plan.GuardVerdict;
import io.gitops4j.api.plan.GuardVerdict.Decision;
import io.gitops4j.api.resource.ManifestSet;
import io.gitops4j.api.target.Inventory;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The safety guards a plan passes before anything is written.
 * <ul>
 *   <li>{@code empty-render} (PR-01): a desired state of zero objects while the inventory owns objects blocks
 *       every write unless the policy allows empty.</li>
 *   <li>{@code prune-blast-radius} (PR-03): pruning more than the policy's share or count of the inventory, or any
 *       Namespace, CRD or PVC, holds the prunes until confirmed.</li>
 * </ul>
 */
public final class Guards {
    /** Name of the empty-render guard. */
    public static final String EMPTY_RENDER = "empty-render";
    /** Name of the prune blast-radius guard. */
    public static final String PRUNE_BLAST_RADIUS = "prune-blast-radius";

    private Guards() {}

    /**
     * @param confirmedPrunes whether a human confirmed held prunes for this run
     * @return one verdict per guard, in order
     */
    public static List<GuardVerdict> check(SyncPolicy policy, ManifestSet desired, Inventory inventory,
            List<Change> changes, boolean confirmedPrunes) {
        List<GuardVerdict> verdicts = new ArrayList<>();
        if (desired.isEmpty() && !inventory.isEmpty() && !policy.allowEmpty()) {
            verdicts.add(new GuardVerdict(EMPTY_RENDER, Decision.BLOCK, "desired state empty: the render produced "
                    + "zero objects while " + inventory.size() + " are owned; nothing is written or pruned "
                    + "(set allowEmpty to prune everything)"));
        } else {
            verdicts.add(new GuardVerdict(EMPTY_RENDER, Decision.ALLOW, desired.size() + " desired objects"));
        }
        verdicts.add(blastRadius(policy.pruneGuard(), inventory, changes, confirmedPrunes));
        return verdicts;
    }

    private static GuardVerdict blastRadius(PruneGuard guard, Inventory inventory, List<Change> changes,
            boolean confirmed) {
        List<Change> prunes = changes.stream().filter(c -> c.action() == Action.PRUNE).collect(Collectors.toList());
        if (prunes.isEmpty()) {
            return new GuardVerdict(PRUNE_BLAST_RADIUS, Decision.ALLOW, "nothing to prune");
        }
        List<String> reasons = new ArrayList<>();
        int owned = Math.max(1, inventory.size());
        if (prunes.size() * 100L > (long) guard.maxPercent() * owned) {
            reasons.add(prunes.size() + " of " + inventory.size() + " owned objects (over " + guard.maxPercent() + " %)");
        }
        if (prunes.size() > guard.maxCount()) {
            reasons.add(prunes.size() + " objects (over " + guard.maxCount() + ")");
        }
        if (guard.confirmCriticalKinds()) {
            prunes.stream().filter(c -> Stages.isCritical(c.key().groupKind()))
                    .forEach(c -> reasons.add(c.key().displayName()));
        }
        if (reasons.isEmpty()) {
            return new GuardVerdict(PRUNE_BLAST_RADIUS, Decision.ALLOW, prunes.size() + " objects to prune");
        }
        String what = "prune of " + String.join(", ", reasons);
        return confirmed ? new GuardVerdict(PRUNE_BLAST_RADIUS, Decision.ALLOW, what + " confirmed")
                : new GuardVerdict(PRUNE_BLAST_RADIUS, Decision.HOLD_PRUNE, what + " held until confirmed");
    }
}
