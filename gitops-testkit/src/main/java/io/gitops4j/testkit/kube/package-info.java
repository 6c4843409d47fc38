/**
 * The vocabulary of {@code FakeKube}, the in-memory Kubernetes API: resource types and their registry, call options
 * and results, watches, and the Status-carrying {@link io.gitops4j.testkit.kube.FakeKubeException}.
 */
package io.gitops4j.testkit.kube;
