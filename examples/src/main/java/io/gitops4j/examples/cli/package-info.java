/**
 * The {@code ./gitops4j} command-line tool (picocli): {@code demo}, {@code render}, {@code source}, {@code reconcile}
 * (one engine pass through a Kubernetes cluster, for pipelines), {@code fake-apiserver} and {@code bench}. Entry point:
 * {@link io.gitops4j.examples.cli.Main}.
 */
package io.gitops4j.examples.cli;
