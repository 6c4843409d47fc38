/**
 * Deploy tracking and rollback, as values: {@link io.gitops4j.api.deploy.Deployment} (a commit deployed and healthy,
 * the answer of {@code Reconciler.awaitDeployed}), {@link io.gitops4j.api.deploy.DeployFailedException} (why it did
 * not get there, typed), and {@link io.gitops4j.api.deploy.Pin} with {@link io.gitops4j.api.deploy.PinOptions} (an
 * Application held at an earlier revision by {@code Reconciler.pin}).
 */
package io.gitops4j.api.deploy;
