/**
 * How {@link io.gitops4j.k8s.KubernetesTarget} talks to an API server: raw requests through the client's
 * {@code ApiClient} ({@code ApiTransport}), retries under a budget ({@code Retrying}), discovery, reads, server-side
 * apply ({@code Applier}), creates ({@code Creator}) and the checks both make first ({@code WriteChecks}), deletes
 * ({@code Deleter}), bounded parallel batches ({@code WritePool}). Not an API: anything here may change.
 */
package io.gitops4j.k8s.internal;
