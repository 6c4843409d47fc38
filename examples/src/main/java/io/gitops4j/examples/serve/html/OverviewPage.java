package io.gitops4j.examples.serve.html;

import io.gitops4j.api.Application;
import io.gitops4j.api.ApplicationStatus;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.examples.serve.Fleet;
import java.util.Collection;
import java.util.Optional;

/**
 * {@code GET /}: every Application with its cluster, source, sync mode, last outcome and health, the revision of
 * its last pass and the last one that synced, and the last error. Read-only; every value escaped. Stateless.
 */
public final class OverviewPage {
    private OverviewPage() {}

    /** @return the page for these Applications */
    public static String render(Collection<Fleet.Placement> placements) {
        Html h = PageFrame.open("gitops4j: applications");
        h.open("table", "applications").row("th", null, "Application", "Cluster", "Source", "Sync", "Outcome",
                "Health (last pass)", "Last revision", "Last synced", "Error");
        for (Fleet.Placement p : placements) {
            Application app = p.declared().application();
            ApplicationStatus status = p.reconciler().status(p.name());
            Optional<ReconcileResult> last = status.lastResult();
            h.open("tr").open("td").link("/applications/" + app.name(), app.name()).close("td");
            h.element("td", "", p.declared().cluster());
            h.element("td", "", app.source().url() + " @ " + app.source().ref()
                    + (app.source().path().isEmpty() ? "" : " : " + app.source().path()));
            h.element("td", "", app.syncPolicy().mode().name().toLowerCase(java.util.Locale.ROOT)
                    + (status.reconciling() ? " (reconciling)" : ""));
            h.element("td", "outcome " + last.map(r -> PageFrame.css(r.outcome())).orElse("unknown"),
                    last.map(r -> r.outcome().name()).orElse("not reconciled yet"));
            h.element("td", "health " + last.map(r -> PageFrame.css(r.health().status())).orElse("unknown"),
                    last.map(r -> r.health().status().name()).orElse("-"));
            h.element("td", "revision", last.flatMap(ReconcileResult::revision).map(Object::toString).orElse("-"));
            h.element("td", "", status.lastSyncedRevision().map(Object::toString)
                    .orElse("-"));
            h.element("td", "error", last.flatMap(ReconcileResult::error).orElse(""));
            h.close("tr");
        }
        h.close("table");
        h.element("p", "note", "Read-only. JSON: /api/applications. Metrics: /metrics. This page refreshes every 15 s.");
        return PageFrame.close(h);
    }
}
