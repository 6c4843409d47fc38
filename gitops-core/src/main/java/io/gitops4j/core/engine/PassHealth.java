package io.gitops4j.core.engine;

import io.gitops4j.api.health.Health;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.core.health.HealthRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The health of a pass: the worst verdict of the desired objects, judged in the engine by the {@link HealthRules}
 * (built-ins plus the host's {@code HealthCheck}s, which win) from the objects as last seen — returned by this pass's
 * writes, or read by its plan — so assessing health costs no read. An object that does not exist is MISSING.
 * Stateless.
 */
final class PassHealth {
    private PassHealth() {}

    /** @param after the objects as the writes returned them, by identity; the plan's reads stand for the rest */
    static Health of(Plan plan, Map<ObjectId, LiveObject> after, HealthRules rules) {
        List<Health> verdicts = new ArrayList<>();
        for (Manifest m : plan.desired()) {
            ObjectId id = m.key().id();
            LiveObject live = after.containsKey(id) ? after.get(id) : plan.live().get(id);
            verdicts.add(live == null ? Health.missing() : rules.assess(live));
        }
        return Health.worst(verdicts);
    }
}
