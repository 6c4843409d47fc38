/**
 * Targets that live inside the JVM: {@link io.gitops4j.core.target.InMemoryTarget}, a simple store with
 * Kubernetes-style metadata for the walking skeleton, local runs and fast tests. The faithful fake cluster is the
 * testkit's {@code FakeKube}; the real one is {@code gitops-k8s}.
 */
package io.gitops4j.core.target;
