package io.gitops4j.api;

/** How one reconcile ended. */
public enum Outcome {
    /** The cluster matches the revision (writes done, or none needed). */
    SYNCED,
    /** Differences exist and were not corrected (manual policy, drift mode report, held prunes). */
    OUT_OF_SYNC,
    /** Something failed: source, render, apply or prune. Nothing is pruned after a source or render failure. */
    FAILED,
    /** A guard blocked writes (empty render, blast radius, policy). */
    BLOCKED,
    /** The Application is suspended; nothing was done. */
    SUSPENDED
}
