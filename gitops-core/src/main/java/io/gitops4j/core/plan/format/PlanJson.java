package io.gitops4j.core.plan.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.Change;
import io.gitops4j.api.plan.FieldChange;
import io.gitops4j.api.plan.GuardVerdict;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.LiveObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plan as JSON for programs (a review page, a pipeline), in the shape {@value #FORMAT} that {@code docs/plans.md}
 * describes: members always present and in a fixed order, actions and decisions as their enum names, field values as
 * the planner shows them (compact JSON text, Secret values redacted, {@code ""} when absent). A later shape gets
 * another {@code format}. Only keys, reasons, diffs and the live objects' UID and resourceVersion are included, never
 * a whole object. Stateless and thread-safe.
 */
public final class PlanJson {
    /** The value of the {@code format} member of this shape. */
    public static final String FORMAT = "gitops4j.plan/v1";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PlanJson() {}

    /** @return the plan as pretty-printed JSON */
    public static String of(Plan plan) {
        try {
            return JSON.writeValueAsString(tree(plan));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a plan's tree is plain maps, lists and strings", e);
        }
    }

    /** @return the plan as a tree of maps (in member order), lists, strings, numbers and booleans */
    public static Map<String, Object> tree(Plan plan) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("format", FORMAT);
        out.put("id", plan.id());
        out.put("application", plan.application());
        Map<String, Object> revision = new LinkedHashMap<>();
        revision.put("ref", plan.revision().ref());
        revision.put("commit", plan.revision().id());
        out.put("revision", revision);
        Map<Action, Integer> n = plan.changes().counts();
        Map<String, Object> summary = new LinkedHashMap<>();
        for (Action a : Action.values()) {
            summary.put(a.name(), n.get(a));
        }
        summary.put("HELD_PRUNE", plan.heldPrunes().size());
        out.put("summary", summary);
        out.put("blocked", plan.isBlocked());
        out.put("pruneHeld", plan.isPruneHeld());
        out.put("inSync", plan.isInSync());
        List<Object> changes = new ArrayList<>();
        plan.changes().changes().forEach(c -> changes.add(change(c, plan)));
        out.put("changes", changes);
        List<Object> verdicts = new ArrayList<>();
        for (GuardVerdict v : plan.verdicts()) {
            Map<String, Object> verdict = new LinkedHashMap<>();
            verdict.put("guard", v.guard());
            verdict.put("decision", v.decision().name());
            verdict.put("message", v.message());
            verdicts.add(verdict);
        }
        out.put("verdicts", verdicts);
        return out;
    }

    private static Map<String, Object> change(Change c, Plan plan) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("object", key(c.key()));
        out.put("action", c.action().name());
        out.put("reason", c.reason());
        out.put("stage", c.stage());
        out.put("heldPrune", c.isHeldPrune());
        LiveObject live = plan.live().get(c.key().id());
        if (live == null) {
            out.put("live", null);
        } else {
            Map<String, Object> seen = new LinkedHashMap<>();
            seen.put("uid", live.uid());
            seen.put("resourceVersion", live.resourceVersion());
            out.put("live", seen);
        }
        List<Object> diff = new ArrayList<>();
        for (FieldChange d : c.diff()) {
            Map<String, Object> field = new LinkedHashMap<>();
            field.put("path", d.path());
            field.put("before", d.before());
            field.put("after", d.after());
            diff.add(field);
        }
        out.put("diff", diff);
        return out;
    }

    private static Map<String, Object> key(ResourceKey key) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("group", key.group());
        out.put("version", key.version());
        out.put("kind", key.kind());
        out.put("namespace", key.namespace());
        out.put("name", key.name());
        return out;
    }
}
