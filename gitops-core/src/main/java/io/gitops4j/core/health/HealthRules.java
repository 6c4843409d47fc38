package io.gitops4j.core.health;

import io.gitops4j.api.health.Health;
import io.gitops4j.api.health.HealthCheck;
import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.target.LiveObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Picks the health rule for an object's kind. Rules registered later win over earlier ones (so user rules added
 * after {@link #builtIn()} replace built-ins). Kinds without a rule are judged by their {@code Ready} or {@code
 * Available} condition when they report one, else HEALTHY (a ConfigMap has no health to speak of). A rule that
 * throws yields UNKNOWN. Immutable and thread-safe.
 */
public final class HealthRules {
    private final Map<GroupKind, HealthCheck> rules;

    private HealthRules(Map<GroupKind, HealthCheck> rules) {
        this.rules = Map.copyOf(rules);
    }

    /** @return the built-in rules */
    public static HealthRules builtIn() {
        List<HealthCheck> checks = new ArrayList<>(List.of(WorkloadHealth.deployment(), WorkloadHealth.statefulSet(),
                WorkloadHealth.daemonSet(), WorkloadHealth.replicaSet()));
        checks.addAll(SimpleHealth.all());
        return new HealthRules(Map.of()).with(checks);
    }

    /** @return these rules plus the given ones, which win for their kinds */
    public HealthRules with(List<HealthCheck> checks) {
        Map<GroupKind, HealthCheck> copy = new HashMap<>(rules);
        checks.forEach(c -> copy.put(c.kind(), c));
        return new HealthRules(copy);
    }

    /** @return the verdict for one live object; never throws */
    public Health assess(LiveObject object) {
        HealthCheck check = rules.get(object.key().groupKind());
        try {
            if (check != null) {
                return check.assess(object);
            }
            if (object.isTerminating()) {
                return Health.progressing("being deleted");
            }
            for (String type : new String[] {"Ready", "Available"}) {
                var c = Status.condition(object, type);
                if (c.isPresent()) {
                    return "True".equals(c.get().get("status")) ? Health.healthy()
                            : Health.progressing(type + " is " + c.get().get("status") + ": " + Status.message(c.get()));
                }
            }
            return Health.healthy();
        } catch (RuntimeException e) {
            return Health.unknown("health rule failed: " + e.getClass().getSimpleName());
        }
    }
}
