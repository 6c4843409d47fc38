package io.gitops4j.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.plan.FieldChange;
import io.gitops4j.api.plan.GuardVerdict;
import io.gitops4j.api.resource.ResourceKey;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Prints a {@link ReconcileSummary} as text (one line per object, then the guards' holds and one summary line) or as
 * one JSON document. Field values appear only in JSON, as the planner shows them (Secret values redacted); text
 * names the changed fields only. Stateless.
 */
final class ReconcileOutput {
    private static final int FIELDS_SHOWN = 5;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReconcileOutput() {}

    /** Prints the text form. */
    static void text(ReconcileSummary s, PrintWriter out) {
        int kindWidth = s.objects().stream().mapToInt(o -> o.kind().length()).max().orElse(0);
        int whereWidth = s.objects().stream().mapToInt(o -> o.where().length()).max().orElse(0);
        for (ObjectLine o : s.objects()) {
            StringBuilder line = new StringBuilder(String.format("%-10s  %-" + kindWidth + "s  %-" + whereWidth + "s",
                    o.verb(), o.kind(), o.where()));
            if (!o.fields().isEmpty()) {
                line.append("  changed ").append(fields(o.fields()));
            }
            o.health().ifPresent(h -> line.append("  health ").append(h.status())
                    .append(h.message().isEmpty() ? "" : " (" + h.message() + ")"));
            o.failure().ifPresent(f -> line.append("  error ").append(f.reason()).append(": ").append(f.message()));
            if (!o.note().isEmpty()) {
                line.append("  (").append(o.note()).append(')');
            }
            out.println(flat(line.toString()).stripTrailing());
        }
        for (GuardVerdict v : s.verdicts()) {
            out.println(flat(v.decision() + " by " + v.guard() + ": " + v.message()));
        }
        String counts = s.counts().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        String requests = s.requestsByFrequency().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        out.println(flat(s.outcome() + " " + s.application() + " at " + s.revision().map(r -> r.ref()
                + (r.id().isEmpty() ? "" : "@" + abbreviate(r.id()))).orElse("(no revision)") + ": "
                + (counts.isEmpty() ? "no objects" : counts) + "; " + s.totalRequests() + " API requests"
                + (requests.isEmpty() ? "" : " (" + requests + ")")));
        out.flush();
    }

    /** Prints the JSON form. */
    static void json(ReconcileSummary s, PrintWriter out) throws java.io.IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("application", s.application());
        root.put("outcome", s.outcome());
        s.revision().ifPresent(r -> root.putObject("revision").put("ref", r.ref()).put("id", r.id()));
        ArrayNode objects = root.putArray("objects");
        for (ObjectLine o : s.objects()) {
            ObjectNode n = objects.addObject();
            key(n, o.key());
            n.put("action", o.action().name());
            o.outcome().ifPresent(v -> n.put("outcome", v.toUpperCase(java.util.Locale.ROOT)));
            ArrayNode fields = n.putArray("changed");
            for (FieldChange f : o.fields()) {
                fields.addObject().put("path", f.path()).put("before", f.before()).put("after", f.after());
            }
            o.health().ifPresent(h -> n.putObject("health").put("status", h.status().name())
                    .put("message", h.message()));
            o.failure().ifPresent(f -> {
                ObjectNode e = n.putObject("error");
                e.put("reason", f.reason().name()).put("message", f.message());
                f.details().forEach(e.putArray("details")::add);
            });
            if (!o.note().isEmpty()) {
                n.put("note", o.note());
            }
        }
        ObjectNode counts = root.putObject("counts");
        s.counts().forEach(counts::put);
        ArrayNode verdicts = root.putArray("guards");
        s.verdicts().forEach(v -> verdicts.addObject().put("guard", v.guard()).put("decision", v.decision().name())
                .put("message", v.message()));
        s.failure().ifPresent(f -> failure(root.putObject("failure"), f));
        ObjectNode requests = root.putObject("requests");
        requests.put("total", s.totalRequests());
        ObjectNode byVerb = requests.putObject("byVerb");
        s.requestsByFrequency().forEach(e -> byVerb.put(e.getKey(), e.getValue()));
        out.println(JSON.writeValueAsString(root));
        out.flush();
    }

    private static void failure(ObjectNode n, ReconcileFailure f) {
        n.put("phase", f.phase().name()).put("reason", f.reason().name()).put("message", f.message());
        f.object().ifPresent(k -> key(n.putObject("object"), k));
        if (!f.path().isEmpty()) {
            n.put("path", f.path());
        }
    }

    private static void key(ObjectNode n, ResourceKey k) {
        n.put("apiVersion", k.apiVersion()).put("kind", k.kind()).put("namespace", k.namespace())
                .put("name", k.name());
    }

    private static String fields(List<FieldChange> fields) {
        String shown = fields.stream().limit(FIELDS_SHOWN).map(FieldChange::path).collect(Collectors.joining(", "));
        return fields.size() > FIELDS_SHOWN ? shown + " and " + (fields.size() - FIELDS_SHOWN) + " more" : shown;
    }

    private static String abbreviate(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /** @return the text on one line: line breaks and other control characters become spaces */
    private static String flat(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ").replaceAll("\\p{Cntrl}", " ");
    }
}
