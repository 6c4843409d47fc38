/**
 * What a reconciler is doing while it does it, as typed values: {@link io.gitops4j.api.progress.ProgressEvent} and
 * its records (a pass queued and started, each phase started and finished, a dry run, each object written, a wait
 * for objects to become ready, a pass finished with its result, drift seen on the cluster, a shard's lease taken or
 * lost). A host receives them through {@link io.gitops4j.api.ReconcileListener#onProgress}. No event carries a
 * secret, a message from the cluster or a host path: names, enums, counts and times only.
 */
package io.gitops4j.api.progress;
