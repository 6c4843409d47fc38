/**
 * Metrics of a reconciler for Micrometer ({@link io.gitops4j.core.metrics.MicrometerMetrics}), fed by its progress
 * events. Micrometer is an optional dependency of gitops-core: only a host that creates a {@code MicrometerMetrics}
 * needs {@code io.micrometer:micrometer-core} on its class path; nothing else in gitops4j touches it.
 */
package io.gitops4j.core.metrics;
