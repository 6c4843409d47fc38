package io.gitops4j.api;

/**
 * Why a reconcile pass ran, as its {@link ReconcileResult} records it. Several requests that arrive while a pass is
 * in flight share one follow-up pass (EN-02); that pass records the last of them that {@linkplain #overridesPolicy()
 * overrides the policy} ({@link #MANUAL}, {@link #PIN}), else the trigger of the first that arrived.
 */
public enum Trigger {
    /** The Application's interval elapsed (or a failure's backoff), or it was just registered. */
    SCHEDULE,
    /** A push to the followed repository and ref ({@link Reconciler#onPush}). */
    PUSH,
    /**
     * Someone else changed one of the Application's objects (seen on its cluster's change feed, after the debounce):
     * the pass applies the drift mode (DA-12).
     */
    DRIFT,
    /** {@link Reconciler#reconcileNow}: writes whatever the sync policy says (a manual Application too). */
    MANUAL,
    /** {@link Reconciler#apply}: a reviewed plan was applied (never coalesced with other requests). */
    PLAN_APPLY,
    /** {@link Reconciler#pin}: the Application was pinned to a revision; writes whatever the sync policy says. */
    PIN,
    /** {@link Reconciler#unpin}: an automated Application's pin was released; the policy decides. */
    UNPIN;

    /**
     * @return true when a pass for this trigger writes whatever the sync policy says ({@link #MANUAL}, {@link
     *     #PLAN_APPLY}, {@link #PIN}: a human asked); false when the policy decides (a manual Application is only
     *     planned)
     */
    public boolean overridesPolicy() {
        return this == MANUAL || this == PLAN_APPLY || this == PIN;
    }
}
