package io.gitops4j.core.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a decoded YAML mapping the way kustomize's Go code fills a struct from it: through JSON, whose decoder
 * matches a key to a field name <em>ignoring case</em> ({@code FILES:} and {@code Files:} both fill {@code files},
 * and when several keys match, the last one wins). A check that looked for the exact key would miss the others, so
 * every key that matches counts. Keys with characters outside ASCII are reported instead of matched, because Go's
 * Unicode case folding ({@code ſ} is an {@code s}, the Kelvin sign a {@code k}) is not worth reproducing for
 * names no kustomization needs. Stateless.
 */
final class GoJsonFields {
    private GoJsonFields() {}

    /** @return the values of every key matching the field name ignoring ASCII case, in order */
    static List<Object> values(Map<?, ?> struct, String field) {
        List<Object> out = new ArrayList<>();
        for (Map.Entry<?, ?> e : struct.entrySet()) {
            if (String.valueOf(e.getKey()).equalsIgnoreCase(field)) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    /** @return true when any key matches the field name ignoring ASCII case */
    static boolean has(Map<?, ?> struct, String field) {
        return !values(struct, field).isEmpty();
    }

    /** @return the first key holding a character outside printable ASCII, if any */
    static Optional<String> nonAsciiKey(Map<?, ?> struct) {
        for (Object key : struct.keySet()) {
            String k = String.valueOf(key);
            for (int i = 0; i < k.length(); i++) {
                char c = k.charAt(i);
                if (c < 0x20 || c > 0x7e) {
                    return Optional.of(k);
                }
            }
        }
        return Optional.empty();
    }

    /** @return every string of a value that is a string or a list (other elements are left to kustomize to refuse) */
    static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof String) {
            out.add((String) value);
        } else if (value instanceof List) {
            for (Object o : (List<?>) value) {
                if (o instanceof String) {
                    out.add((String) o);
                }
            }
        }
        return out;
    }

    /** @return every mapping of a value that is a mapping or a list of them */
    static List<Map<?, ?>> maps(Object value) {
        List<Map<?, ?>> out = new ArrayList<>();
        if (value instanceof Map) {
            out.add((Map<?, ?>) value);
        } else if (value instanceof List) {
            for (Object o : (List<?>) value) {
                if (o instanceof Map) {
                    out.add((Map<?, ?>) o);
                }
            }
        }
        return out;
    }
}
