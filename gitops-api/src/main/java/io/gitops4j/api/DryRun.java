package io.gitops4j.api;

/**
 * What the server's dry run of a pass checked ({@link SyncPolicy#dryRunFirst()}, DA-06): how many objects were
 * dry-run before the pass's first write, how many just before their stage (those the server could not judge earlier:
 * custom resources whose CustomResourceDefinition the same pass creates or updates, objects in a Namespace it
 * creates), and how many of them the server refused. A pass without a dry run (the option off, nothing to create or
 * update, or a pass that stopped before writing) has {@link #NONE}.
 *
 * @param beforeWrites objects dry-run before the first write, in one batch per stage
 * @param beforeStages objects dry-run just before their own stage
 * @param rejected objects the dry run refused (each one's report is FAILED with the server's reason)
 */
public record DryRun(int beforeWrites, int beforeStages, int rejected) {
    /** No dry run. */
    public static final DryRun NONE = new DryRun(0, 0, 0);

    /** @throws IllegalArgumentException for a negative count, or more rejected than checked */
    public DryRun {
        Checks.notNegative(beforeWrites, "beforeWrites");
        Checks.notNegative(beforeStages, "beforeStages");
        Checks.notNegative(rejected, "rejected");
        if (rejected > beforeWrites + beforeStages) {
            throw new IllegalArgumentException("more objects rejected than dry-run");
        }
    }

    /** @return how many objects were dry-run in all */
    public int checked() {
        return beforeWrites + beforeStages;
    }

    /** @return true when at least one object was dry-run */
    public boolean happened() {
        return checked() > 0;
    }

    /** @return these counts plus {@code other}'s */
    public DryRun plus(DryRun other) {
        return new DryRun(beforeWrites + other.beforeWrites, beforeStages + other.beforeStages,
                rejected + other.rejected);
    }
}
