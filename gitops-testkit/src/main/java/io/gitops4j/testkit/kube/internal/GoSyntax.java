package io.gitops4j.testkit.kube.internal;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The few Go values an API server's validation messages print with {@code %#v}, spelled as Go spells them, so that
 * a client reading {@code Invalid value: v1.LabelSelector{…}: field is immutable} sees the real text: quoted
 * strings, {@code map[string]string{"a":"1", "b":"2"}} with sorted keys, {@code []string{"x"}}, and nil collections
 * as {@code map[string]string(nil)} / {@code []string(nil)}. Stateless.
 */
final class GoSyntax {

    private GoSyntax() {
    }

    /** A Go string literal as {@code %q} writes it. */
    static String quote(Object value) {
        String s = value == null ? "" : String.valueOf(value);
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** A {@code map[string]string}; null is Go's nil map. */
    static String stringMap(Map<?, ?> map) {
        if (map == null) {
            return "map[string]string(nil)";
        }
        StringBuilder b = new StringBuilder("map[string]string{");
        String sep = "";
        Map<String, Object> sorted = new TreeMap<>();
        map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
        for (Map.Entry<String, Object> e : sorted.entrySet()) {
            b.append(sep).append(quote(e.getKey())).append(':').append(quote(e.getValue()));
            sep = ", ";
        }
        return b.append('}').toString();
    }

    /** A {@code []string}; null is Go's nil slice. */
    static String stringSlice(List<?> list) {
        if (list == null) {
            return "[]string(nil)";
        }
        StringBuilder b = new StringBuilder("[]string{");
        String sep = "";
        for (Object v : list) {
            b.append(sep).append(quote(v));
            sep = ", ";
        }
        return b.append('}').toString();
    }

    /** A {@code v1.LabelSelector} (apimachinery's meta/v1), as workload validation prints it. */
    static String labelSelector(Map<String, Object> selector) {
        Map<String, Object> labels = selector == null ? null : Trees.map(selector, "matchLabels");
        List<Object> expressions = selector == null ? null : Trees.list(selector, "matchExpressions");
        StringBuilder b = new StringBuilder("v1.LabelSelector{MatchLabels:")
                .append(stringMap(labels))
                .append(", MatchExpressions:");
        if (expressions == null || expressions.isEmpty()) {
            b.append("[]v1.LabelSelectorRequirement(nil)");
        } else {
            b.append("[]v1.LabelSelectorRequirement{");
            String sep = "";
            for (Object o : expressions) {
                Map<?, ?> r = o instanceof Map<?, ?> m ? m : Map.of();
                Object values = r.get("values");
                b.append(sep).append("v1.LabelSelectorRequirement{Key:").append(quote(r.get("key")))
                        .append(", Operator:").append(quote(r.get("operator")))
                        .append(", Values:").append(stringSlice(values instanceof List<?> l && !l.isEmpty() ? l
                                : null))
                        .append('}');
                sep = ", ";
            }
            b.append('}');
        }
        return b.append('}').toString();
    }
}
