/**
 * Built-in health rules for the common kinds ({@link io.gitops4j.core.health.WorkloadHealth}, {@link
 * io.gitops4j.core.health.SimpleHealth}) and {@link io.gitops4j.core.health.HealthRules}, the registry that picks
 * the rule for a kind (user rules win).
 */
package io.gitops4j.core.health;
