package io.gitops4j.examples.demo;

import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.plan.GuardVerdict;
import io.gitops4j.api.target.ObjectOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The demo's closing tables: every pass of every Application as the engine's history records it (trigger, revision,
 * outcome, objects written, duration, why it failed or what drift it handled), and the API requests gitops4j sent
 * by verb. Stateless.
 */
final class HistoryTable {
    private HistoryTable() {}

    /** Prints the passes, oldest first per Application. */
    static void passes(StoryOutput out, List<ReconcileResult> history) {
        List<List<String>> rows = new ArrayList<>();
        for (ReconcileResult r : history) {
            Map<ObjectOutcome, Integer> n = r.counts();
            rows.add(List.of(r.application(), r.trigger().name().toLowerCase(Locale.ROOT),
                    r.revision().map(StoryOutput::revision).orElse("-"), r.outcome().name(),
                    n.get(ObjectOutcome.CREATED) + "/" + (n.get(ObjectOutcome.CONFIGURED) + n.get(ObjectOutcome.RECREATED))
                            + "/" + n.get(ObjectOutcome.DELETED), r.timings().total().toMillis() + " ms", note(r)));
        }
        out.table(List.of("APPLICATION", "TRIGGER", "REVISION", "OUTCOME", "C/U/D", "TOOK", "NOTE"), rows);
    }

    /** Prints the requests by verb and their total. */
    static void requests(StoryOutput out, Map<String, Long> byVerb) {
        List<List<String>> rows = new ArrayList<>();
        byVerb.forEach((verb, n) -> rows.add(List.of(verb, Long.toString(n))));
        rows.add(List.of("total", Long.toString(byVerb.values().stream().mapToLong(Long::longValue).sum())));
        out.table(List.of("VERB", "REQUESTS"), rows);
    }

    private static String note(ReconcileResult r) {
        if (!r.drift().isEmpty()) {
            return r.drift().stream().map(d -> d.handling().name().toLowerCase(Locale.ROOT) + " "
                    + d.key().displayName() + " (" + String.join(", ", d.competingManagers()) + ")")
                    .collect(Collectors.joining("; "));
        }
        return r.failure().map(f -> f.phase().name().toLowerCase(Locale.ROOT) + " " + r.verdicts().stream()
                .filter(v -> v.decision() == GuardVerdict.Decision.BLOCK).map(GuardVerdict::guard).findFirst()
                .orElse(f.reason().name())).orElse("");
    }
}
