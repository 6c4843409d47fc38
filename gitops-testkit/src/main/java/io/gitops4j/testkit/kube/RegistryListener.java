package io.gitops4j.testkit.kube;

/**
 * Told when the set of served types changes (a CRD was created, changed or deleted), so discovery and OpenAPI
 * caches can be invalidated. Called after the change is visible, outside any lock; must not block for long.
 */
@FunctionalInterface
public interface RegistryListener {

    /** The served types changed; {@link ResourceRegistry#types()} already shows the new state. */
    void registryChanged();
}
