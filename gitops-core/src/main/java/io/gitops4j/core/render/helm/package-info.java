/**
 * The Helm child process: {@link io.gitops4j.core.render.helm.HelmChildMain} renders a chart with helm-java in a JVM
 * of its own, started by the Helm renderer of {@code io.gitops4j.core.render}, against a Kubernetes API inside the
 * child that knows nothing. The only code of gitops4j that loads Helm's native library.
 */
package io.gitops4j.core.render.helm;
