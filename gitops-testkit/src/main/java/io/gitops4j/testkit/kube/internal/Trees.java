package io.gitops4j.testkit.kube.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Helpers for JSON-like object trees ({@code Map<String,Object>}, {@code List<Object>}, scalars). Integral numbers
 * are normalised to {@code Long} and other numbers to {@code Double} so equal JSON compares equal.
 */
public final class Trees {

    private Trees() {
    }

    /** A deep, normalised, mutable copy. */
    @SuppressWarnings("unchecked")
    public static <T> T copy(T value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>(Math.max(4, m.size() * 2));
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(String.valueOf(e.getKey()), copy(e.getValue()));
            }
            return (T) out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object v : l) {
                out.add(copy(v));
            }
            return (T) out;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return (T) Long.valueOf(((Number) value).longValue());
        }
        if (value instanceof Float f) {
            return (T) Double.valueOf(f.doubleValue());
        }
        if (value instanceof BigInteger b && b.bitLength() < 64) {
            return (T) Long.valueOf(b.longValue());
        }
        if (value instanceof BigDecimal d) {
            return (T) Double.valueOf(d.doubleValue());
        }
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e15) {
            return (T) Long.valueOf(d.longValue());
        }
        return value;
    }

    /** The map at {@code key} of {@code parent}, or null when absent or not a map. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object v = parent == null ? null : parent.get(key);
        return v instanceof Map<?, ?> ? (Map<String, Object>) v : null;
    }

    /** The map at {@code key}, created (and stored) when absent or not a map. */
    public static Map<String, Object> mapOrCreate(Map<String, Object> parent, String key) {
        Map<String, Object> m = map(parent, key);
        if (m == null) {
            m = new LinkedHashMap<>();
            parent.put(key, m);
        }
        return m;
    }

    /** The list at {@code key}, or null when absent or not a list. */
    @SuppressWarnings("unchecked")
    public static List<Object> list(Map<String, Object> parent, String key) {
        Object v = parent == null ? null : parent.get(key);
        return v instanceof List<?> ? (List<Object>) v : null;
    }

    /** The string at {@code key}, or "" when absent or not a string. */
    public static String string(Map<String, Object> parent, String key) {
        Object v = parent == null ? null : parent.get(key);
        return v instanceof String s ? s : "";
    }

    /** {@code metadata}, created when absent. */
    public static Map<String, Object> meta(Map<String, Object> object) {
        return mapOrCreate(object, "metadata");
    }

    /** A string in {@code metadata}, "" when absent. */
    public static String metaString(Map<String, Object> object, String key) {
        return string(map(object, "metadata"), key);
    }

    /** {@code metadata.labels} as strings (empty when absent). */
    public static Map<String, String> labels(Map<String, Object> object) {
        return stringMap(map(map(object, "metadata"), "labels"));
    }

    /** A map of strings (non-strings rendered with {@code String.valueOf}); empty for null. */
    public static Map<String, String> stringMap(Map<String, Object> m) {
        if (m == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v == null ? "" : String.valueOf(v)));
        return out;
    }

    /** A value at a dotted path of map keys ({@code spec.nodeName}); null when absent. */
    public static Object path(Map<String, Object> object, String dotted) {
        Object cur = object;
        for (String part : dotted.split("\\.")) {
            if (!(cur instanceof Map<?, ?> m)) {
                return null;
            }
            cur = m.get(part);
        }
        return cur;
    }
}
