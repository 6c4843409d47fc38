/**
 * Kubernetes clusters as a gitops4j {@link io.gitops4j.api.target.Target}: {@link io.gitops4j.k8s.KubernetesTarget},
 * its builder and its option values ({@link io.gitops4j.k8s.RetryOptions}, {@link io.gitops4j.k8s.Identity}; whose
 * fields an apply may take is core's {@link io.gitops4j.core.target.FieldOwnership}, the rule every target follows). The machinery (discovery, apply, delete, retries, connections) lives in
 * {@code io.gitops4j.k8s.internal} and is not part of the API.
 */
package io.gitops4j.k8s;
