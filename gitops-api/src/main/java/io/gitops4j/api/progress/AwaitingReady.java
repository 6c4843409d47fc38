package io.gitops4j.api.progress;

import io.gitops4j.api.Checks;
import io.gitops4j.api.resource.ResourceKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A pass waits for objects it wrote to become ready or healthy before it goes on (CRDs Established and Namespaces
 * Active before the stages that need them, DA-07), at most {@code timeout}.
 *
 * @param application the Application's name
 * @param cluster the name of the cluster it reconciles into
 * @param objects the objects waited for
 * @param timeout the longest the wait lasts
 * @param at when the wait started
 */
public record AwaitingReady(String application, String cluster, List<ResourceKey> objects, Duration timeout,
        Instant at) implements ProgressEvent {
    /** Copies the list. */
    public AwaitingReady {
        Checks.notBlank(application, "application");
        Checks.notBlank(cluster, "cluster");
        objects = List.copyOf(Checks.notNull(objects, "objects"));
        Checks.notNull(timeout, "timeout");
        Checks.notNull(at, "at");
    }
}
