package io.gitops4j.examples.demo;

import io.gitops4j.api.GitOpsException;
import io.gitops4j.api.health.Health;
import io.gitops4j.api.health.HealthStatus;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.core.health.HealthRules;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Waits until objects are healthy, reading them through the target's {@link ClusterView} (its watch cache, so
 * waiting sends no request) and judging them with the library's built-in health rules, the ones the engine uses.
 * Reports each look to a progress callback. Stateless and thread-safe; {@link #await} blocks until every object is
 * settled (healthy, suspended or degraded) or the timeout passes.
 */
final class HealthProgress {
    private static final HealthRules RULES = HealthRules.builtIn();
    private static final Duration LOOK_EVERY = Duration.ofMillis(100);

    private HealthProgress() {}

    /**
     * @param progress told, after each look that finds something still pending, the first such object and its health
     * @return each object's health at the last look, in the order given
     * @throws InterruptedException when interrupted while waiting
     */
    static Map<ResourceKey, Health> await(ClusterView view, List<ResourceKey> keys, Duration timeout,
            Consumer<String> progress) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<ResourceKey, Health> now = now(view, keys);
            var pending = now.entrySet().stream().filter(e -> !settled(e.getValue().status())).findFirst();
            if (pending.isEmpty() || System.nanoTime() - deadline >= 0) {
                return now;
            }
            long ready = now.values().stream().filter(h -> settled(h.status())).count();
            progress.accept("waiting for health: " + ready + "/" + keys.size() + " ready; "
                    + pending.get().getKey().displayName() + " " + describe(pending.get().getValue()));
            Thread.sleep(LOOK_EVERY.toMillis());
        }
    }

    /** @return each object's health now, in the order given ({@code MISSING} when gone) */
    static Map<ResourceKey, Health> now(ClusterView view, List<ResourceKey> keys) {
        Map<ResourceKey, Health> out = new LinkedHashMap<>();
        for (ResourceKey key : keys) {
            try {
                out.put(key, view.get(key).map(RULES::assess).orElseGet(Health::missing));
            } catch (GitOpsException e) {
                out.put(key, Health.unknown("could not be read: " + e.getMessage()));
            }
        }
        return out;
    }

    /** @return true when every object is healthy, suspended or degraded: nothing is still on its way */
    static boolean allSettled(Map<ResourceKey, Health> health) {
        return health.values().stream().allMatch(h -> settled(h.status()));
    }

    /** @return the status in lower case, with the rule's message when there is one */
    static String describe(Health health) {
        String status = health.status().name().toLowerCase(java.util.Locale.ROOT);
        return health.message().isEmpty() ? status : status + " (" + health.message() + ")";
    }

    private static boolean settled(HealthStatus status) {
        return status == HealthStatus.HEALTHY || status == HealthStatus.SUSPENDED || status == HealthStatus.DEGRADED;
    }
}
