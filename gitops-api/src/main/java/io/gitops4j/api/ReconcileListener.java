package io.gitops4j.api;

/**
 * Receives every reconcile result, in completion order per Application. Called on an engine thread: it must not
 * block for long. An exception thrown here is logged and does not affect the engine or other listeners.
 */
@FunctionalInterface
public interface ReconcileListener {
    /** @param result a completed reconcile */
    void onResult(ReconcileResult result);
}
