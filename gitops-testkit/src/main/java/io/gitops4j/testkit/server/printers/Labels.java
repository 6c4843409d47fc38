package io.gitops4j.testkit.server.printers;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Label maps and label selectors as the server prints them: {@code a=1,b=2} sorted by key, selectors as
 * requirements sorted by key ({@code app=web,tier in (a,b),!legacy}). Stateless and thread-safe.
 */
public final class Labels {
    private Labels() {
    }

    /** A label map as {@code k=v,…} sorted by key; {@code <none>} when empty or absent. */
    public static String map(JsonNode labels) {
        if (labels == null || !labels.isObject() || labels.isEmpty()) {
            return "<none>";
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        labels.fields().forEachRemaining(e -> sorted.put(e.getKey(), Fields.text(e.getValue())));
        List<String> parts = new ArrayList<>();
        sorted.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(",", parts);
    }

    /**
     * A {@code LabelSelector} ({@code matchLabels}, {@code matchExpressions}) as a selector string; {@code ""} when
     * absent or empty, {@code <error>} for an unknown operator.
     */
    public static String selector(JsonNode selector) {
        if (selector == null || !selector.isObject()) {
            return "";
        }
        TreeMap<String, List<String>> byKey = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> labels = selector.path("matchLabels").fields();
        while (labels.hasNext()) {
            Map.Entry<String, JsonNode> e = labels.next();
            byKey.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getKey() + "=" + Fields.text(e.getValue()));
        }
        for (JsonNode expr : selector.path("matchExpressions")) {
            String key = Fields.text(expr.path("key"));
            TreeSet<String> values = new TreeSet<>();
            expr.path("values").forEach(v -> values.add(Fields.text(v)));
            String requirement = switch (Fields.text(expr.path("operator"))) {
                case "In" -> key + " in (" + String.join(",", values) + ")";
                case "NotIn" -> key + " notin (" + String.join(",", values) + ")";
                case "Exists" -> key;
                case "DoesNotExist" -> "!" + key;
                default -> null;
            };
            if (requirement == null) {
                return "<error>";
            }
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(requirement);
        }
        List<String> parts = new ArrayList<>();
        byKey.values().forEach(parts::addAll);
        return String.join(",", parts);
    }

    /** {@link #selector} with {@code <none>} for an empty selector (the form workload Selector columns use). */
    public static String selectorOrNone(JsonNode selector) {
        String s = selector(selector);
        return s.isEmpty() ? "<none>" : s;
    }
}
