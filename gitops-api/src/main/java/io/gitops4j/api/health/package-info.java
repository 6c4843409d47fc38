/**
 * Whether an object does its job: {@link io.gitops4j.api.health.HealthStatus} (ordered by severity), {@link
 * io.gitops4j.api.health.Health} and the {@link io.gitops4j.api.health.HealthCheck} SPI for one kind.
 */
package io.gitops4j.api.health;
