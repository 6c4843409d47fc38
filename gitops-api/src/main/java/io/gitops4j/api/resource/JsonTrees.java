package io.gitops4j.api.resource;

import io.gitops4j.api.InvalidSpecException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.List;
import java.util.Map;

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
        return copyRoot(value);
    }

    /** Like {@link #immutableCopy(Object)} for a map at the root. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> immutableMap(Map<String, ?> map) {
        return (Map<String, Object>) copyRoot(map);
    }

    private static Object copyRoot(Object value) {
        try {
            return copy(value, 0);
        } catch (BadValue e) {
            String where = e.path();
            throw new InvalidSpecException(where.isEmpty() ? "<root>" : where, e.getMessage());
        }
    }

    /**
     * The copy proper. Paths are only needed in errors, so none is built while copying: a {@link BadValue} collects
     * the path on its way up instead.
     */
    private static Object copy(Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new BadValue("nested deeper than " + MAX_DEPTH);
        }
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long) {
            return value;
        }
        if (value instanceof Map) {
            Map<?, ?> in = (Map<?, ?>) value;
            if (in instanceof ImmutableTreeMap) {
                return in;
            }
            int n = in.size();
            String[] keys = new String[n];
            Object[] values = new Object[n];
            int i = 0;
            for (Map.Entry<?, ?> e : in.entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw new BadValue("map key '" + e.getKey() + "' is not a string");
                }
                String k = (String) e.getKey();
                try {
                    values[i] = copy(e.getValue(), depth + 1);
                } catch (BadValue b) {
                    throw b.under("." + k);
                }
                keys[i++] = k;
            }
            if (i != n) {
                throw new IllegalStateException("map changed while it was copied");
            }
            return new ImmutableTreeMap(keys, values);
        }
        if (value instanceof List) {
            List<?> in = (List<?>) value;
            if (in instanceof ImmutableTreeList) {
                return in;
            }
            Object[] out = new Object[in.size()];
            int i = 0;
            for (Object item : in) {
                if (i == out.length) {
                    throw new IllegalStateException("list changed while it was copied");
                }
                try {
                    out[i] = copy(item, depth + 1);
                } catch (BadValue b) {
                    throw b.under("[" + i + "]");
                }
                i++;
            }
            return new ImmutableTreeList(out);
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new BadValue("NaN and infinity cannot be represented in JSON");
            }
            return d;
        }
        if (value instanceof BigInteger) {
            BigInteger b = (BigInteger) value;
            return b.bitLength() < 64 ? (Object) b.longValue() : b;
        }
        if (value instanceof BigDecimal) {
            return copy(((BigDecimal) value).doubleValue(), depth);
        }
        throw new BadValue("unsupported value type " + value.getClass().getSimpleName());
    }

    /** A value that cannot be copied; carries the path below the failing root, built on the way up. */
    private static final class BadValue extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final java.util.ArrayList<String> steps = new java.util.ArrayList<>();

        BadValue(String message) {
            super(message, null, false, false);
        }

        BadValue under(String step) {
            steps.add(step);
            return this;
        }

        String path() {
            StringBuilder b = new StringBuilder();
            for (int i = steps.size() - 1; i >= 0; i--) {
                b.append(steps.get(i));
            }
            return b.toString();
        }
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
            String[] keys = new String[map.size()];
            int n = 0;
            for (Object k : map.keySet()) {
                keys[n++] = (String) k;
            }
            Arrays.sort(keys, 0, n);   // String.compareTo orders by UTF-16 unit, which is code point order here
            out.append('{');
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    out.append(',');
                }
                writeString(keys[i], out);
                out.append(':');
                write(map.get(keys[i]), out);
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

    /**
     * An unmodifiable map that marks a tree already copied, so copying it again is free. Keys and values sit in two
     * arrays in insertion order: far smaller than a {@code LinkedHashMap}. Small maps are searched linearly, larger
     * ones through an open-addressing index.
     */
    static final class ImmutableTreeMap extends AbstractMap<String, Object> {
        private static final int LINEAR = 8;
        private final String[] keys;
        private final Object[] values;
        private final int[] index;

        ImmutableTreeMap(String[] keys, Object[] values) {
            this.keys = keys;
            this.values = values;
            this.index = keys.length <= LINEAR ? null : buildIndex(keys);
        }

        private static int[] buildIndex(String[] keys) {
            int[] table = new int[Integer.highestOneBit(keys.length * 2 - 1) << 1];
            int mask = table.length - 1;
            for (int i = 0; i < keys.length; i++) {
                int slot = spread(keys[i].hashCode()) & mask;
                while (table[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                table[slot] = i + 1;
            }
            return table;
        }

        private static int spread(int h) {
            return h ^ (h >>> 16);
        }

        private int find(Object key) {
            if (!(key instanceof String)) {
                return -1;
            }
            if (index == null) {
                for (int i = 0; i < keys.length; i++) {
                    if (keys[i].equals(key)) {
                        return i;
                    }
                }
                return -1;
            }
            int mask = index.length - 1;
            for (int slot = spread(key.hashCode()) & mask; index[slot] != 0; slot = (slot + 1) & mask) {
                if (keys[index[slot] - 1].equals(key)) {
                    return index[slot] - 1;
                }
            }
            return -1;
        }

        @Override
        public Object get(Object key) {
            int i = find(key);
            return i < 0 ? null : values[i];
        }

        @Override
        public boolean containsKey(Object key) {
            return find(key) >= 0;
        }

        @Override
        public int size() {
            return keys.length;
        }

        @Override
        public void forEach(BiConsumer<? super String, ? super Object> action) {
            for (int i = 0; i < keys.length; i++) {
                action.accept(keys[i], values[i]);
            }
        }

        @Override
        public Set<Map.Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<String, Object>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < keys.length;
                        }

                        @Override
                        public Map.Entry<String, Object> next() {
                            if (next >= keys.length) {
                                throw new NoSuchElementException();
                            }
                            int i = next++;
                            return new AbstractMap.SimpleImmutableEntry<>(keys[i], values[i]);
                        }
                    };
                }

                @Override
                public int size() {
                    return keys.length;
                }
            };
        }
    }

    /** An unmodifiable list that marks a tree already copied. */
    static final class ImmutableTreeList extends java.util.AbstractList<Object> implements java.util.RandomAccess {
        private final Object[] items;

        ImmutableTreeList(Object[] items) {
            this.items = items;
        }

        @Override
        public Object get(int index) {
            return items[index];
        }

        @Override
        public int size() {
            return items.length;
        }
    }
}
