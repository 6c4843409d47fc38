package io.gitops4j.examples.serve.html;

import io.gitops4j.api.ApplicationStatus;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.plan.Change;
import io.gitops4j.api.plan.FieldChange;
import io.gitops4j.api.plan.GuardVerdict;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.examples.serve.Fleet;
import io.gitops4j.examples.serve.ObjectHealth;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code GET /applications/NAME}: one Application's state, the objects of its last pass with their health now, the
 * pending plan (what a reconcile of its ref would change, with the field diff: Secret values arrive redacted from
 * the planner) and its history. Read-only; every value escaped. Stateless.
 */
public final class ApplicationPage {
    private ApplicationPage() {}

    /**
     * @param app the Application
     * @param status its status
     * @param objects the objects of its last pass with their health
     * @param pending the plan of its own ref, or the reason it could not be computed
     * @param history its recent passes, newest first
     * @return the page
     */
    public static String render(Fleet.Placement app, ApplicationStatus status,
            List<ObjectHealth.Entry> objects, PendingPlan pending, List<ReconcileResult> history) {
        Html h = PageFrame.open("gitops4j: " + app.name());
        h.open("p").link("/", "all applications").close("p");
        summary(h, app, status);
        h.element("h2", "", "Objects");
        if (objects.isEmpty()) {
            h.element("p", "note", "No pass has planned any object yet.");
        } else {
            h.open("table", "objects").row("th", null, "Kind", "Namespace", "Name", "Health", "Message");
            for (ObjectHealth.Entry e : objects) {
                h.row("td", new String[] {"", "", "", "health " + PageFrame.css(e.health().status()), ""},
                        e.key().kind(), e.key().namespace(), e.key().name(), e.health().status().name(),
                        e.health().message());
            }
            h.close("table");
        }
        plan(h, pending);
        history(h, history);
        return PageFrame.close(h);
    }

    /**
     * The plan of the Application's own ref, or why there is none.
     *
     * @param plan the plan, when it could be computed
     * @param error why it could not, {@code ""} when it could
     */
    public record PendingPlan(Optional<Plan> plan, String error) {}

    private static void summary(Html h, Fleet.Placement app, ApplicationStatus status) {
        var a = app.declared().application();
        Optional<ReconcileResult> last = status.lastResult();
        h.open("table", "summary");
        pair(h, "Cluster", app.declared().cluster());
        pair(h, "Source", a.source().url() + " @ " + a.source().ref() + " : "
                + (a.source().path().isEmpty() ? "/" : a.source().path()));
        pair(h, "Renderer", a.render().renderer());
        pair(h, "Sync", a.syncPolicy().mode().name().toLowerCase(java.util.Locale.ROOT)
                + (status.reconciling() ? ", reconciling now" : ""));
        h.open("tr").element("th", "", "Outcome").element("td", "outcome " + last.map(r -> PageFrame.css(
                r.outcome())).orElse("unknown"), last.map(r -> r.outcome().name()).orElse("not reconciled yet"))
                .close("tr");
        h.open("tr").element("th", "", "Health (last pass)").element("td", "health " + last.map(r -> PageFrame.css(
                r.health().status())).orElse("unknown"), last.map(r -> r.health().status().name()
                + (r.health().message().isEmpty() ? "" : ": " + r.health().message())).orElse("-")).close("tr");
        pair(h, "Last revision", last.flatMap(ReconcileResult::revision).map(Object::toString).orElse("-"));
        pair(h, "Last synced", status.lastSyncedRevision()
                .map(Object::toString).orElse("-"));
        pair(h, "Error", last.flatMap(ReconcileResult::error).orElse(""));
        h.close("table");
    }

    private static void pair(Html h, String label, String value) {
        h.open("tr").element("th", "", label).element("td", "", value).close("tr");
    }

    private static void plan(Html h, PendingPlan pending) {
        h.element("h2", "", "Pending plan");
        if (pending.plan().isEmpty()) {
            h.element("p", "error", "The plan could not be computed: " + pending.error());
            return;
        }
        Plan p = pending.plan().get();
        h.element("p", "note", "A reconcile of " + p.revision() + " would do this"
                + (p.isPruneHeld() ? " (prunes held by a guard)" : "") + (p.isBlocked() ? " (blocked)" : "") + ".");
        for (GuardVerdict v : p.verdicts()) {
            if (v.decision() != GuardVerdict.Decision.ALLOW) {
                h.element("p", "blocked", v.guard() + ": " + v.decision() + ": " + v.message());
            }
        }
        List<Change> writes = p.changes().changes().stream().filter(c -> c.action() != io.gitops4j.api.plan.Action
                .UNCHANGED).collect(Collectors.toList());
        if (writes.isEmpty()) {
            h.element("p", "synced", "In sync: nothing to change.");
            return;
        }
        h.open("table", "plan").row("th", null, "Action", "Kind", "Namespace", "Name", "Reason", "Field diff");
        for (Change c : writes) {
            h.open("tr").element("td", "action", c.action().name()).element("td", "", c.key().kind())
                    .element("td", "", c.key().namespace()).element("td", "", c.key().name())
                    .element("td", "", c.reason());
            h.element("td", "diff", c.diff().stream().map(FieldChange::toString).collect(Collectors.joining("\n")));
            h.close("tr");
        }
        h.close("table");
    }

    private static void history(Html h, List<ReconcileResult> history) {
        h.element("h2", "", "History");
        if (history.isEmpty()) {
            h.element("p", "note", "No pass has finished yet.");
            return;
        }
        h.open("table", "history").row("th", null, "Started", "Revision", "Outcome", "Health", "Duration",
                "Changes", "Error");
        for (ReconcileResult r : history) {
            String counts = r.changes().counts().entrySet().stream().filter(e -> e.getValue() > 0)
                    .map(e -> e.getKey().name().toLowerCase(java.util.Locale.ROOT) + " " + e.getValue())
                    .collect(Collectors.joining(", "));
            h.row("td", new String[] {"", "", "outcome " + PageFrame.css(r.outcome()), "health "
                    + PageFrame.css(r.health().status())}, r.timings().started().toString(),
                    r.revision().map(Object::toString).orElse("-"), r.outcome().name(), r.health().status().name(),
                    r.timings().total().toMillis() + " ms", counts, r.error().orElse(""));
        }
        h.close("table");
    }
}
