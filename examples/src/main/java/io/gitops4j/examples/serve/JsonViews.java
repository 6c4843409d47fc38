package io.gitops4j.examples.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops4j.api.Application;
import io.gitops4j.api.ApplicationStatus;
import io.gitops4j.api.ObjectReport;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.deploy.Pin;
import io.gitops4j.api.health.Health;
import io.gitops4j.api.health.HealthObservation;
import io.gitops4j.api.plan.Change;
import io.gitops4j.api.plan.ChangeSet;
import io.gitops4j.api.plan.FieldChange;
import io.gitops4j.api.plan.GuardVerdict;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.Revision;
import java.util.List;
import java.util.Optional;

/**
 * JSON views of the library's records, as the HTTP API returns them (field names: {@code docs/serve.md}). Only
 * what the records carry is shown, and they carry no secret: field diffs come redacted from the planner.
 * Stateless and thread-safe.
 */
public final class JsonViews {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private JsonViews() {}

    /** @return an Application, where it goes, and its status */
    public static ObjectNode application(Fleet.Placement placement, ApplicationStatus status) {
        Application app = placement.declared().application();
        ObjectNode n = F.objectNode().put("name", app.name()).put("cluster", placement.declared().cluster());
        n.putObject("source").put("repository", app.source().url()).put("ref", app.source().ref().toString())
                .put("path", app.source().path());
        n.put("renderer", app.render().renderer()).put("namespace", app.targetNamespace());
        SyncPolicy p = app.syncPolicy();
        n.putObject("sync").put("mode", p.mode().name().toLowerCase(java.util.Locale.ROOT))
                .put("intervalSeconds", p.interval().toSeconds()).put("prune", p.prune())
                .put("drift", p.drift().name().toLowerCase(java.util.Locale.ROOT)).put("suspended", p.suspended());
        n.set("status", status(status));
        return n;
    }

    /** @return the status: in flight, failures, last synced revision, the pin, and a summary of the last pass */
    public static ObjectNode status(ApplicationStatus s) {
        ObjectNode n = F.objectNode().put("reconciling", s.reconciling())
                .put("consecutiveFailures", s.consecutiveFailures());
        n.set("pin", s.pin().map(JsonViews::pin).orElse(null));
        n.set("lastSyncedRevision", s.lastSyncedRevision().map(JsonViews::revision).orElse(null));
        s.lastResult().ifPresentOrElse(r -> {
            n.put("outcome", r.outcome().name());
            n.set("health", health(r.health()));
            n.set("revision", r.revision().map(JsonViews::revision).orElse(null));
            n.put("finished", r.timings().started().plus(r.timings().total()).toString());
            n.put("error", r.error().orElse(null));
        }, () -> n.put("outcome", (String) null));
        return n;
    }

    /** @return a pin: the revision held, until when, why, the commit the followed ref was at, since when */
    public static ObjectNode pin(Pin p) {
        ObjectNode n = F.objectNode();
        n.set("revision", revision(p.revision()));
        n.put("release", p.options().release().name()).put("reason", p.options().reason())
                .put("followedCommit", p.followedCommit()).put("since", p.since().toString());
        return n;
    }

    /**
     * @return one pass: revision, outcome, health, timings, planned changes, what happened to each object, guard
     *     verdicts, and the error with its typed failure (phase, reason, repo-relative path)
     */
    public static ObjectNode result(ReconcileResult r) {
        ObjectNode n = F.objectNode().put("application", r.application()).put("trigger", r.trigger().name());
        n.set("revision", r.revision().map(JsonViews::revision).orElse(null));
        n.put("outcome", r.outcome().name());
        n.set("health", health(r.health()));
        n.put("started", r.timings().started().toString()).put("durationMillis", r.timings().total().toMillis());
        ObjectNode phases = n.putObject("phasesMillis");
        r.timings().phases().forEach((phase, d) -> phases.put(phase, d.toMillis()));
        n.set("counts", counts(r.changes()));
        n.set("changes", changes(r.changes()));
        ArrayNode objects = n.putArray("objects");
        for (ObjectReport o : r.objects()) {
            objects.add(key(o.key()).put("outcome", o.outcome().name()).put("note", o.note())
                    .put("failure", o.failure().map(f -> f.message()).orElse(null)));
        }
        n.set("verdicts", verdicts(r.verdicts()));
        n.put("error", r.error().orElse(null));
        n.set("failure", r.failure().map(f -> F.objectNode().put("phase", f.phase().name())
                .put("reason", f.reason().name()).put("path", f.path()).put("message", f.message())).orElse(null));
        return n;
    }

    /** @return the objects with their health now */
    public static ArrayNode objects(List<ObjectHealth.Entry> entries) {
        ArrayNode a = F.arrayNode();
        entries.forEach(e -> a.add(key(e.key()).set("health", health(e.health()))));
        return a;
    }

    /** @return a revision: full ref, commit id, and the short text form */
    public static ObjectNode revision(Revision r) {
        return F.objectNode().put("ref", r.ref()).put("id", r.id()).put("text", r.toString());
    }

    private static ObjectNode health(HealthObservation h) {
        return health(h.verdict()).put("basis", h.basis().name()).put("observedAt", h.observedAt().toString());
    }

    private static ObjectNode health(Health h) {
        return F.objectNode().put("status", h.status().name()).put("message", h.message());
    }

    private static ObjectNode key(ResourceKey k) {
        return F.objectNode().put("apiVersion", k.apiVersion()).put("kind", k.kind()).put("namespace", k.namespace())
                .put("name", k.name());
    }

    private static ObjectNode counts(ChangeSet changes) {
        ObjectNode n = F.objectNode();
        changes.counts().forEach((action, count) -> n.put(action.name(), count));
        return n;
    }

    private static ArrayNode changes(ChangeSet changes) {
        ArrayNode a = F.arrayNode();
        for (Change c : changes.changes()) {
            ObjectNode n = key(c.key()).put("action", c.action().name()).put("reason", c.reason())
                    .put("stage", c.stage());
            ArrayNode diff = n.putArray("diff");
            for (FieldChange f : c.diff()) {
                diff.add(F.objectNode().put("path", f.path()).put("before", f.before()).put("after", f.after()));
            }
            a.add(n);
        }
        return a;
    }

    private static ArrayNode verdicts(List<GuardVerdict> verdicts) {
        ArrayNode a = F.arrayNode();
        verdicts.forEach(v -> a.add(F.objectNode().put("guard", v.guard()).put("decision", v.decision().name())
                .put("message", v.message())));
        return a;
    }
}
