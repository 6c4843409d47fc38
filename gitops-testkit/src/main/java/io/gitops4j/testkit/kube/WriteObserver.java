package io.gitops4j.testkit.kube;

/**
 * Told about every committed change (never about dry runs), after it is visible and outside any lock. The seam for
 * status simulators: an observer may call back into the fake (e.g. a {@code /status} update) from its own thread or
 * directly; direct calls run on the writer's thread and nest, so keep them short and terminating.
 */
@FunctionalInterface
public interface WriteObserver {

    /**
     * @param type  the type written (its storage version)
     * @param event ADDED, MODIFIED or DELETED with the new (or last) state
     */
    void written(ResourceType type, WatchEvent event);
}
