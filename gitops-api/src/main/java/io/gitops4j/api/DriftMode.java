package io.gitops4j.api;

/**
 * What the engine does, on its own, about a live object that no longer matches the desired state of the revision
 * it last reconciled (someone edited or deleted it): the one drift setting of a {@link SyncPolicy} (DA-12). It
 * governs the passes nobody asked for — interval ticks and passes started by the target's change events; a pass
 * asked for with {@link Reconciler#reconcileNow} writes whatever the mode.
 */
public enum DriftMode {
    /**
     * Correct it: a change event of a managed object starts a pass (debounced) that re-applies the desired state.
     * An object re-applied over and over (another controller fights over it) is backed off and reported. Only for
     * automated policies.
     */
    CORRECT,
    /**
     * Report it: a change event starts a pass that records the drift (OUT_OF_SYNC, with the fields, who changed
     * them and when) and writes nothing.
     */
    REPORT,
    /** Ignore it: change events start no pass, and interval passes neither report nor correct drift. */
    IGNORE
}
