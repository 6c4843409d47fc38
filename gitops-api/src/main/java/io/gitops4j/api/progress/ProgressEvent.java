package io.gitops4j.api.progress;

import java.time.Instant;

/**
 * One step of a reconciler's work, delivered to {@link io.gitops4j.api.ReconcileListener#onProgress} on the thread
 * that did the step, in the order the steps happened for one Application. Events of different Applications
 * interleave. Every event is an immutable record; none carries a secret, a message from the cluster or a host path.
 */
public sealed interface ProgressEvent permits PassQueued, PassStarted, PhaseStarted, PhaseFinished, ObjectWritten,
        AwaitingReady, DryRunChecked, PassFinished, DriftSeen, ShardOwnershipChanged {
    /** @return when it happened (the reconciler's wall clock) */
    Instant at();
}
