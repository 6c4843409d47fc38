package io.gitops4j.testkit.kube.internal;

import io.gitops4j.testkit.kube.FakeKubeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The checks a v1.33 API server makes of an apps/v1 workload's spec on every create and update (Deployment,
 * ReplicaSet, DaemonSet, StatefulSet): a selector is required and may not be empty, it must select the pod
 * template's labels, and the template's pods must restart Always. Messages and fields are the server's, e.g.
 * {@code spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match
 * template `labels`}. Stateless.
 */
final class WorkloadValidation {

    private static final String NOT_MATCHING = "`selector` does not match template `labels`";

    private WorkloadValidation() {
    }

    /** The causes of the spec of an apps/v1 workload, none for anything else (or when there is no spec). */
    static List<Map<String, Object>> check(String group, String plural, Map<String, Object> object) {
        Map<String, Object> spec = Trees.map(object, "spec");
        if (!group.equals("apps") || spec == null) {
            return List.of();
        }
        String what = switch (plural) {
            case "deployments", "replicasets" -> "deployment"; // the server says "deployment" for both
            case "daemonsets" -> "daemonset";
            case "statefulsets" -> "statefulset";
            default -> null;
        };
        if (what == null) {
            return List.of();
        }
        List<Map<String, Object>> causes = new ArrayList<>();
        Object rawSelector = spec.get("selector");
        Map<String, Object> selector = Trees.map(spec, "selector");
        boolean empty = selector != null && isEmpty(Trees.map(selector, "matchLabels"))
                && isEmpty(Trees.list(selector, "matchExpressions"));
        if (rawSelector == null) {
            causes.add(FakeKubeException.cause("FieldValueRequired", "Required value", "spec.selector"));
        } else if (empty) {
            causes.add(invalid("spec.selector", GoSyntax.labelSelector(selector),
                    "empty selector is invalid for " + what));
        }
        Map<String, Object> templateLabels = Trees.map(Trees.map(Trees.map(spec, "template"), "metadata"),
                "labels");
        if (!empty && !selects(selector, templateLabels)) {
            causes.add(invalid("spec.template.metadata.labels", GoSyntax.stringMap(templateLabels), NOT_MATCHING));
        }
        Object restart = Trees.path(spec, "template.spec.restartPolicy");
        if (restart != null && !"Always".equals(restart)) {
            causes.add(FakeKubeException.cause("FieldValueNotSupported", "Unsupported value: "
                    + GoSyntax.quote(restart) + ": supported values: \"Always\"",
                    "spec.template.spec.restartPolicy"));
        }
        return causes;
    }

    /** A FieldValueInvalid cause whose value is already in Go syntax. */
    static Map<String, Object> invalid(String field, String goValue, String message) {
        return FakeKubeException.cause("FieldValueInvalid", "Invalid value: " + goValue + ": " + message, field);
    }

    /**
     * Whether a structured selector ({@code matchLabels}, {@code matchExpressions}) selects {@code labels}; a
     * missing selector selects nothing, as the server reads a nil one.
     */
    static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, Object> have = labels == null ? Map.of() : labels;
        Map<String, Object> matchLabels = Trees.map(selector, "matchLabels");
        if (matchLabels != null) {
            for (Map.Entry<String, Object> e : matchLabels.entrySet()) {
                if (!have.containsKey(e.getKey()) || !Objects.equals(String.valueOf(have.get(e.getKey())),
                        String.valueOf(e.getValue()))) {
                    return false;
                }
            }
        }
        List<Object> expressions = Trees.list(selector, "matchExpressions");
        for (Object o : expressions == null ? List.of() : expressions) {
            if (o instanceof Map<?, ?> r && !requirementHolds(r, have)) {
                return false;
            }
        }
        return true;
    }

    private static boolean requirementHolds(Map<?, ?> requirement, Map<String, Object> labels) {
        String key = String.valueOf(requirement.get("key"));
        List<String> values = new ArrayList<>();
        if (requirement.get("values") instanceof List<?> list) {
            list.forEach(v -> values.add(String.valueOf(v)));
        }
        boolean present = labels.containsKey(key);
        String value = present ? String.valueOf(labels.get(key)) : null;
        return switch (String.valueOf(requirement.get("operator"))) {
            case "In" -> present && values.contains(value);
            case "NotIn" -> !present || !values.contains(value);
            case "Exists" -> present;
            case "DoesNotExist" -> !present;
            default -> false;
        };
    }

    private static boolean isEmpty(Map<String, Object> map) {
        return map == null || map.isEmpty();
    }

    private static boolean isEmpty(List<Object> list) {
        return list == null || list.isEmpty();
    }
}
