package io.gitops4j.examples.cli;

import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.plan.GuardVerdict;
import io.gitops4j.api.source.Revision;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@code reconcile} prints: the pass's (or the plan's) objects and the summary, independent of the format.
 *
 * @param application the Application's name
 * @param outcome the pass's outcome ({@code SYNCED}, {@code OUT_OF_SYNC}, {@code FAILED}, {@code BLOCKED}), or
 *     {@code PLAN} for a plan
 * @param revision the revision reconciled or planned, when it was resolved
 * @param objects one line per object, in the plan's order
 * @param verdicts the guards' verdicts that were not ALLOW
 * @param failure why the pass failed or was blocked
 * @param requests the API requests sent, per verb ({@link RequestCounter})
 */
record ReconcileSummary(String application, String outcome, Optional<Revision> revision, List<ObjectLine> objects,
        List<GuardVerdict> verdicts, Optional<ReconcileFailure> failure, Map<String, Long> requests) {
    ReconcileSummary {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(revision, "revision");
        objects = List.copyOf(objects);
        verdicts = verdicts.stream().filter(v -> v.decision() != GuardVerdict.Decision.ALLOW).toList();
        Objects.requireNonNull(failure, "failure");
        requests = Map.copyOf(requests);
    }

    /** @return how many objects each verb ({@link ObjectLine#verb()}) has, in order of first appearance */
    Map<String, Integer> counts() {
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        objects.forEach(o -> counts.merge(o.verb(), 1, Integer::sum));
        return counts;
    }

    /** @return the requests per verb, most frequent first, then by name */
    List<Map.Entry<String, Long>> requestsByFrequency() {
        return new TreeMap<>(requests).entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).toList();
    }

    /** @return every request sent */
    long totalRequests() {
        return requests.values().stream().mapToLong(Long::longValue).sum();
    }

    /** @return true when a guard held the prunes */
    boolean pruneHeld() {
        return verdicts.stream().anyMatch(v -> v.decision() == GuardVerdict.Decision.HOLD_PRUNE);
    }
}
