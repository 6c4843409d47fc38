package io.gitops4j.examples.cli;

import io.gitops4j.api.ObjectReport;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.health.Health;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.core.health.HealthRules;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a plan or a pass's result into what {@code reconcile} prints. The health of each object the pass left in the
 * cluster is judged by the built-in rules from the object as the target's view holds it (its watch cache, so
 * usually no request); the requests are read from the counter last, so they include those reads. Stateless.
 */
final class ReconcileLines {
    private static final Set<ObjectOutcome> PRESENT = Set.of(ObjectOutcome.CREATED, ObjectOutcome.CONFIGURED,
            ObjectOutcome.UNCHANGED, ObjectOutcome.RECREATED);

    private ReconcileLines() {}

    /** @return the lines of a plan */
    static ReconcileSummary of(Plan plan, RequestCounter counter) {
        List<ObjectLine> lines = plan.changes().changes().stream().map(ObjectLine::planned).toList();
        return new ReconcileSummary(plan.application(), "PLAN", Optional.of(plan.revision()), lines, plan.verdicts(),
                Optional.empty(), counter.byVerb());
    }

    /** @return the lines of a pass, with the health of the objects it left in the cluster */
    static ReconcileSummary of(ReconcileResult result, ClusterView view, RequestCounter counter) {
        HealthRules rules = HealthRules.builtIn();
        List<ObjectLine> lines = result.objects().stream().map(o -> ObjectLine.done(o, health(o, view, rules)))
                .toList();
        return new ReconcileSummary(result.application(), result.outcome().name(), result.revision(), lines,
                result.verdicts(), result.failure(), counter.byVerb());
    }

    private static Optional<Health> health(ObjectReport report, ClusterView view, HealthRules rules) {
        if (!PRESENT.contains(report.outcome())) {
            return Optional.empty();
        }
        try {
            return Optional.of(view.get(report.key().id()).map(rules::assess).orElse(Health.missing()));
        } catch (TargetException e) {
            return Optional.of(Health.unknown("not read: " + e.reason()));
        }
    }
}
