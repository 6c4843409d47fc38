package io.gitops4j.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When a reconcile started and how long each phase took.
 *
 * @param started wall-clock start
 * @param phases phase name ({@code resolve}, {@code snapshot}, {@code render}, {@code plan}, {@code dry-run}, {@code inventory} (its
 *     writes), {@code apply} (with the stage waits), {@code prune}, {@code health}) → duration, in execution order
 */
public record Timings(Instant started, Map<String, Duration> phases) {
    /** Copies the phases, keeping their order. */
    public Timings {
        Checks.notNull(started, "started");
        phases = Collections.unmodifiableMap(new LinkedHashMap<>(Checks.notNull(phases, "phases")));
    }

    /** @return the sum of all phases */
    public Duration total() {
        return phases.values().stream().reduce(Duration.ZERO, Duration::plus);
    }
}
