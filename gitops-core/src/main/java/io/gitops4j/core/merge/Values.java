package io.gitops4j.core.merge;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Operations on plain JSON-like trees ({@code Map<String,Object>}, {@code List<Object>}, {@code String},
 * {@code Long}, {@code Double}, {@code Boolean}, {@code null}). Stateless and thread-safe.
 */
public final class Values {

    private Values() {
    }

    /**
     * A deep copy with canonical types: maps become insertion-ordered {@link LinkedHashMap}s, lists
     * {@link ArrayList}s, integral numbers {@code Long} and other numbers {@code Double}.
     *
     * @throws MergeException for values that are not JSON-like
     */
    public static Object normalize(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) {
            return v;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>(Math.max(4, m.size() * 2));
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(String.valueOf(e.getKey()), normalize(e.getValue()));
            }
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(normalize(o));
            }
            return out;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b) {
            return b.bitLength() < 64 ? (Object) b.longValue() : b.doubleValue();
        }
        if (v instanceof BigDecimal d) {
            return d.scale() <= 0 && d.precision() - d.scale() < 19 ? (Object) d.longValue() : d.doubleValue();
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Character c) {
            return c.toString();
        }
        throw new MergeException("not a JSON value: " + v.getClass().getName());
    }

    /**
     * {@code v} with canonical types (as {@link #normalize}), reusing its {@link LinkedHashMap}s and
     * {@link ArrayList}s and fixing their contents in place; other containers are replaced by normalised copies.
     * For trees the caller owns and hands over.
     *
     * @throws MergeException for values that are not JSON-like
     */
    @SuppressWarnings("unchecked")
    static Object normalizeInPlace(Object v) {
        if (v instanceof LinkedHashMap<?, ?> raw) {
            Map<Object, Object> m = (Map<Object, Object>) raw;
            for (Map.Entry<Object, Object> e : m.entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    return normalize(v);
                }
                Object n = normalizeInPlace(e.getValue());
                if (n != e.getValue()) {
                    e.setValue(n);
                }
            }
            return v;
        }
        if (v instanceof ArrayList<?> raw) {
            List<Object> l = (List<Object>) raw;
            for (int i = 0; i < l.size(); i++) {
                Object n = normalizeInPlace(l.get(i));
                if (n != l.get(i)) {
                    l.set(i, n);
                }
            }
            return v;
        }
        return normalize(v);
    }

    /** A deep copy of a map tree with canonical types. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> copyMap(Map<String, ?> m) {
        return (Map<String, Object>) normalize(m);
    }

    /** JSON equality: maps ignore order, lists do not, numbers compare by value ({@code 1 == 1.0}). */
    public static boolean equal(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof Number x && b instanceof Number y) {
            if ((x instanceof Double || x instanceof Float || y instanceof Double || y instanceof Float)) {
                return x.doubleValue() == y.doubleValue();
            }
            return x.longValue() == y.longValue();
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !equal(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!equal(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        return o instanceof Map ? (Map<String, Object>) o : null;
    }

    @SuppressWarnings("unchecked")
    static List<Object> asList(Object o) {
        return o instanceof List ? (List<Object>) o : null;
    }

    static boolean isScalar(Object o) {
        return !(o instanceof Map) && !(o instanceof List);
    }
}
