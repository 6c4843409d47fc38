package io.gitops4j.examples.serve;

import io.gitops4j.api.GitOpsException;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.health.Health;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.Change;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.core.health.HealthRules;
import java.util.ArrayList;
import java.util.List;

/**
 * The objects an Application's last pass desired, each with its health as the cluster shows it now: read through
 * the target's {@link ClusterView} and judged by the library's built-in health rules (the same ones the engine
 * uses). Stateless and thread-safe; {@link #of} blocks on one read per object (at most {@link #MAX_OBJECTS}).
 */
public final class ObjectHealth {
    /** The most objects read for one view. */
    public static final int MAX_OBJECTS = 500;
    private static final HealthRules RULES = HealthRules.builtIn();

    /**
     * One object and its health.
     *
     * @param key the object
     * @param health its health now ({@code MISSING} when it is gone, {@code UNKNOWN} when it could not be read)
     */
    public record Entry(ResourceKey key, Health health) {}

    private ObjectHealth() {}

    /** @return the desired objects of the pass (created, updated or unchanged ones), with their health now */
    public static List<Entry> of(ReconcileResult last, ClusterView view) {
        List<Entry> out = new ArrayList<>();
        for (Change c : last.changes().changes()) {
            if (out.size() == MAX_OBJECTS) {
                break;
            }
            if (c.action() == Action.PRUNE || c.action() == Action.SKIP) {
                continue;
            }
            out.add(new Entry(c.key(), read(view, c.key())));
        }
        return out;
    }

    private static Health read(ClusterView view, ResourceKey key) {
        try {
            return view.get(key).map(RULES::assess).orElseGet(Health::missing);
        } catch (GitOpsException e) {
            return Health.unknown("could not be read: " + e.getMessage());
        }
    }
}
