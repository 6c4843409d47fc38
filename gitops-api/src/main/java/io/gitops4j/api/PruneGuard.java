package io.gitops4j.api;

/**
 * Limits that hold a prune until a human confirms it (PR-03): more than {@code maxPercent} % of the inventory, more
 * than {@code maxCount} objects, or any Namespace, CustomResourceDefinition or PersistentVolumeClaim.
 *
 * @param maxPercent the largest share of the inventory (0–100) pruned without confirmation
 * @param maxCount the largest number of objects pruned without confirmation
 * @param confirmCriticalKinds whether pruning a Namespace, CRD or PVC always needs confirmation
 */
public record PruneGuard(int maxPercent, int maxCount, boolean confirmCriticalKinds) {
    /** @throws InvalidSpecException when a limit is negative or the percentage is over 100 */
    public PruneGuard {
        Checks.notNegative(maxPercent, "pruneGuard.maxPercent");
        Checks.notNegative(maxCount, "pruneGuard.maxCount");
        if (maxPercent > 100) {
            throw new InvalidSpecException("pruneGuard.maxPercent", "must be at most 100, was " + maxPercent);
        }
    }

    /** @return 25 %, 50 objects, critical kinds confirmed */
    public static PruneGuard defaults() {
        return new PruneGuard(25, 50, true);
    }

    /** @return no limits (every prune proceeds) */
    public static PruneGuard unlimited() {
        return new PruneGuard(100, Integer.MAX_VALUE, false);
    }
}
