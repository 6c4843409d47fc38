/**
 * Targets that live inside the JVM: {@link io.gitops4j.core.target.InMemoryTarget}, a
 * simple store with Kubernetes-style metadata for local runs and fast tests, and what every target shares: {@link
 * io.gitops4j.core.target.ApiStatus}, the one classification of Kubernetes API errors into reasons, {@link
 * io.gitops4j.core.target.PreconditionCheck}, {@link io.gitops4j.core.target.MemoryInventoryStore}, {@link
 * io.gitops4j.core.target.MemoryPinStore}, and {@link
 * io.gitops4j.core.target.FieldOwnership} with {@link io.gitops4j.core.target.ApplyConflicts}, the one rule of whose
 * fields an apply may take back. The faithful fake cluster is the testkit's {@code FakeKube}; the real one is {@code
 * gitops-k8s}.
 */
package io.gitops4j.core.target;
