/**
 * Kubernetes clusters as a gitops4j {@link io.gitops4j.api.target.Target}: {@link io.gitops4j.k8s.KubernetesTarget},
 * its builder and its option values ({@link io.gitops4j.k8s.FieldOwnership}, {@link io.gitops4j.k8s.RetryOptions},
 * {@link io.gitops4j.k8s.Identity}). The machinery (discovery, apply, delete, retries, connections) lives in
 * {@code io.gitops4j.k8s.internal} and is not part of the API.
 */
package io.gitops4j.k8s;
