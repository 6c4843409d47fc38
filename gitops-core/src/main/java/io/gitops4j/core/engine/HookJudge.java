package io.gitops4j.core.engine;

import io.gitops4j.api.health.Health;
import io.gitops4j.api.health.HealthStatus;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.core.health.HealthRules;

/**
 * When a hook is done: a Pod when it ended {@code Succeeded} (failed when {@code Failed}: a running, ready Pod is
 * not done), any other kind — a Job, a custom resource such as a workflow — when the health rules say HEALTHY (a Job:
 * its Complete condition; failed when DEGRADED: its Failed condition). A hook whose object vanished before it was
 * seen done failed. Stateless.
 */
final class HookJudge {
    private HookJudge() {}

    /** @return the judge of hooks, with the pass's health rules for kinds other than Pod */
    static HealthWait.Judge of(HealthRules rules) {
        return object -> object.map(o -> judge(o, rules)).orElseGet(() -> new HealthWait.Judged(
                HealthWait.State.FAILED, new Health(HealthStatus.MISSING, "deleted before it completed")));
    }

    private static HealthWait.Judged judge(LiveObject o, HealthRules rules) {
        if (o.key().groupKind().isCore() && o.key().kind().equals("Pod")) {
            String phase = o.manifest().get("status", "phase").map(String::valueOf).orElse("");
            String why = o.manifest().get("status", "message").or(() -> o.manifest().get("status", "reason"))
                    .map(m -> ": " + m).orElse("");
            return switch (phase) {
                case "Succeeded" -> new HealthWait.Judged(HealthWait.State.DONE, Health.healthy());
                case "Failed" -> new HealthWait.Judged(HealthWait.State.FAILED, Health.degraded("Pod failed" + why));
                default -> new HealthWait.Judged(HealthWait.State.PENDING, Health.progressing(phase.isEmpty()
                        ? "Pod is pending" : "Pod is " + phase));
            };
        }
        Health h = rules.assess(o);
        HealthWait.State state = h.status() == HealthStatus.HEALTHY ? HealthWait.State.DONE
                : h.status() == HealthStatus.DEGRADED ? HealthWait.State.FAILED : HealthWait.State.PENDING;
        return new HealthWait.Judged(state, h);
    }

    /** @return the judge of objects being deleted: done once gone */
    static HealthWait.Judge gone() {
        return object -> object.isEmpty() ? new HealthWait.Judged(HealthWait.State.DONE, Health.missing())
                : new HealthWait.Judged(HealthWait.State.PENDING, Health.progressing("being deleted"));
    }
}
