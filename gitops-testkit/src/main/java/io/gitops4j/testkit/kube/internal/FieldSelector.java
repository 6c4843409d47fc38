package io.gitops4j.testkit.kube.internal;

import io.gitops4j.testkit.kube.FakeKubeException;
import io.gitops4j.testkit.kube.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed field selector: {@code field=value}, {@code field==value}, {@code field!=value} joined by commas.
 * Every type supports {@code metadata.name} and {@code metadata.namespace}; a few built-ins support more fields, as
 * on the real server (pods: {@code spec.nodeName}, {@code status.phase}, …; secrets: {@code type}; namespaces:
 * {@code status.phase}; events: {@code involvedObject.*}, {@code reason}, {@code type}). Immutable, thread-safe.
 */
public final class FieldSelector {

    /** Selects everything. */
    public static final FieldSelector EVERYTHING = new FieldSelector(List.of());

    private static final Set<String> COMMON = Set.of("metadata.name", "metadata.namespace");
    private static final Map<String, Set<String>> EXTRA = Map.of(
            "pods", Set.of("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
                    "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"),
            "secrets", Set.of("type"),
            "namespaces", Set.of("status.phase"),
            "events", Set.of("involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
                    "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
                    "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"),
            "replicasets", Set.of("status.replicas"),
            "jobs", Set.of("status.successful"),
            "nodes", Set.of("spec.unschedulable"));

    private record Term(String field, boolean equal, String value) {
    }

    private final List<Term> terms;

    private FieldSelector(List<Term> terms) {
        this.terms = List.copyOf(terms);
    }

    /**
     * Parses a selector for a type.
     *
     * @throws FakeKubeException 400 BadRequest for a syntax error or a field the type does not support
     */
    public static FieldSelector parse(String text, ResourceType type) {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        List<Term> terms = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            String field;
            String value;
            boolean equal;
            int neq = p.indexOf("!=");
            int eq = p.indexOf('=');
            if (neq >= 0 && neq <= eq) {
                field = p.substring(0, neq);
                value = p.substring(neq + 2);
                equal = false;
            } else if (eq >= 0) {
                field = p.substring(0, eq);
                value = p.substring(p.startsWith("==", eq) ? eq + 2 : eq + 1);
                equal = true;
            } else {
                throw FakeKubeException.badRequest("invalid selector: '" + text
                        + "'; can't understand '" + p + "'");
            }
            field = field.trim();
            if (!COMMON.contains(field) && !EXTRA.getOrDefault(type.plural(), Set.of()).contains(field)) {
                throw FakeKubeException.badRequest("field label not supported: " + field);
            }
            terms.add(new Term(field, equal, value.trim()));
        }
        return new FieldSelector(terms);
    }

    /** Whether the object satisfies every term. */
    public boolean matches(Map<String, Object> object) {
        if (terms.isEmpty()) {
            return true;
        }
        for (Term t : terms) {
            Object v = Trees.path(object, t.field);
            String actual = v == null ? "" : String.valueOf(v);
            if (t.field.equals("source") && v instanceof Map<?, ?> m) {
                Object component = m.get("component");
                actual = component == null ? "" : String.valueOf(component);
            }
            if (actual.equals(t.value) != t.equal) {
                return false;
            }
        }
        return true;
    }

    /** The value this selector requires for {@code metadata.name}, or "" when it does not pin one. */
    public String requiredName() {
        for (Term t : terms) {
            if (t.equal && t.field.equals("metadata.name")) {
                return t.value;
            }
        }
        return "";
    }

    /** Whether this selects everything. */
    public boolean isEmpty() {
        return terms.isEmpty();
    }
}
