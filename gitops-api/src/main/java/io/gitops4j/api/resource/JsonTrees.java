package io.gitops4j.api.resource;

import io.gitops4j.api.InvalidSpecException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Immutable JSON-like trees and their canonical serialization. A tree holds maps with string keys (insertion order
 * kept), lists, strings, numbers ({@link Long}, {@link Double}, or {@link BigInteger} beyond the long range),
 * booleans and nulls. Thread-safe: trees are deeply immutable once copied.
 */
public final class JsonTrees {
    private static final int MAX_DEPTH = 1000;

    private JsonTrees() {}

    /**
     * Deep-copies a value into an immutable tree, normalizing numbers (integral types to {@link Long}, floating
     * types to {@link Double}).
     *
     * @throws InvalidSpecException for a non-string key, an unsupported value type, NaN or infinity, or nesting
     *     deeper than 1000 levels
     */
    public static Object immutableCopy(Object value) {
        return copy(value, "", 0);
    }

    /** Like {@link #immutableCopy(Object)} for a map at the root. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> immutableMap(Map<String, ?> map) {
        return (Map<String, Object>) copy(map, "", 0);
    }

    private static Object copy(Object value, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new InvalidSpecException(path.isEmpty() ? "<root>" : path, "nested deeper than " + MAX_DEPTH);
        }
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new InvalidSpecException(path, "NaN and infinity cannot be represented in JSON");
            }
            return d;
        }
        if (value instanceof BigInteger) {
            BigInteger b = (BigInteger) value;
            return b.bitLength() < 64 ? (Object) b.longValue() : b;
        }
        if (value instanceof BigDecimal) {
            BigDecimal b = (BigDecimal) value;
            return copy(b.doubleValue(), path, depth);
        }
        if (value instanceof Map) {
            Map<?, ?> in = (Map<?, ?>) value;
            if (isImmutableTree(in)) {
                return in;
            }
            LinkedHashMap<String, Object> out = new LinkedHashMap<>(Math.max(4, in.size() * 2));
            for (Map.Entry<?, ?> e : in.entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw new InvalidSpecException(path, "map key '" + e.getKey() + "' is not a string");
                }
                String k = (String) e.getKey();
                out.put(k, copy(e.getValue(), path + "." + k, depth + 1));
            }
            return new ImmutableTreeMap(out);
        }
        if (value instanceof List) {
            List<?> in = (List<?>) value;
            if (in instanceof ImmutableTreeList) {
                return in;
            }
            ArrayList<Object> out = new ArrayList<>(in.size());
            for (int i = 0; i < in.size(); i++) {
                out.add(copy(in.get(i), path + "[" + i + "]", depth + 1));
            }
            return new ImmutableTreeList(out);
        }
        throw new InvalidSpecException(path.isEmpty() ? "<root>" : path,
                "unsupported value type " + value.getClass().getSimpleName());
    }

    private static boolean isImmutableTree(Map<?, ?> map) {
        return map instanceof ImmutableTreeMap;
    }

    /**
     * Writes a tree as canonical JSON: object keys sorted by code point, no whitespace, integers without exponent,
     * strings escaped per RFC 8259. Equal trees give equal text, whatever their key order.
     */
    public static String canonicalJson(Object value) {
        StringBuilder out = new StringBuilder(256);
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String) {
            writeString((String) value, out);
        } else if (value instanceof Boolean || value instanceof Long || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof Double) {
            double d = (Double) value;
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                out.append((long) d);
            } else {
                out.append(d);
            }
        } else if (value instanceof Map) {
            Map<?, ?> map = (Map<?, ?>) value;
            TreeMap<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put((String) k, v));
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(e.getKey(), out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof List) {
            out.append('[');
            boolean first = true;
            for (Object item : (List<?>) value) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(item, out);
            }
            out.append(']');
        } else if (value instanceof Number) {
            out.append(value);
        } else {
            throw new IllegalArgumentException("not a JSON tree value: " + value.getClass().getSimpleName());
        }
    }

    private static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    /** An unmodifiable map that marks a tree already copied, so copying it again is free. */
    static final class ImmutableTreeMap extends java.util.AbstractMap<String, Object> {
        private final Map<String, Object> delegate;

        ImmutableTreeMap(LinkedHashMap<String, Object> delegate) {
            this.delegate = Collections.unmodifiableMap(delegate);
        }

        @Override
        public java.util.Set<Map.Entry<String, Object>> entrySet() {
            return delegate.entrySet();
        }

        @Override
        public Object get(Object key) {
            return delegate.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return delegate.containsKey(key);
        }

        @Override
        public int size() {
            return delegate.size();
        }
    }

    /** An unmodifiable list that marks a tree already copied. */
    static final class ImmutableTreeList extends java.util.AbstractList<Object> implements java.util.RandomAccess {
        private final List<Object> delegate;

        ImmutableTreeList(ArrayList<Object> delegate) {
            this.delegate = delegate;
        }

        @Override
        public Object get(int index) {
            return delegate.get(index);
        }

        @Override
        public int size() {
            return delegate.size();
        }
    }
}
