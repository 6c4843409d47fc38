package io.gitops4j.core.merge;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One step of a {@link FieldPath}: a field of an object, the key of an item of a {@code map} list, the value of
 * an item of a {@code set} list, or the index of a list item.
 *
 * <p>Ordering (used for serialization) is: fields, then keys, then values, then indexes, each by their text.
 */
public sealed interface PathElement extends Comparable<PathElement>
        permits PathElement.Field, PathElement.Key, PathElement.Value, PathElement.Index {

    /** {@code f:name} in FieldsV1, {@code .name} in kubectl's text form. */
    record Field(String name) implements PathElement {
        public Field {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String fieldsV1() {
            return "f:" + name;
        }

        @Override
        public String toString() {
            return "." + name;
        }
    }

    /** {@code k:{"name":"app"}}: the key fields of a {@code map} list item, kept sorted by field name. */
    final class Key implements PathElement {
        private final Map<String, Object> fields;
        private final String text;

        public Key(Map<String, Object> fields) {
            Objects.requireNonNull(fields, "fields");
            if (fields.isEmpty()) {
                throw new IllegalArgumentException("a list key needs at least one field");
            }
            this.fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(fields)));
            this.text = "k:" + JsonText.write(this.fields);
        }

        /** The key fields, sorted by name. */
        public Map<String, Object> fields() {
            return fields;
        }

        @Override
        public String fieldsV1() {
            return text;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.text.equals(text);
        }

        @Override
        public int hashCode() {
            return text.hashCode();
        }

        /** kubectl's form: {@code [containerPort=80,protocol="TCP"]}. */
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("[");
            fields.forEach((k, v) -> {
                if (b.length() > 1) {
                    b.append(',');
                }
                b.append(k).append('=').append(JsonText.write(v));
            });
            return b.append(']').toString();
        }
    }

    /** {@code v:"x"}: an item of a {@code set} list. */
    final class Value implements PathElement {
        private final Object value;
        private final String text;

        public Value(Object value) {
            this.value = value;
            this.text = "v:" + JsonText.write(value);
        }

        /** The item's value. */
        public Object value() {
            return value;
        }

        @Override
        public String fieldsV1() {
            return text;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Value v && v.text.equals(text);
        }

        @Override
        public int hashCode() {
            return text.hashCode();
        }

        @Override
        public String toString() {
            return "[=" + JsonText.write(value) + "]";
        }
    }

    /** {@code i:0}: a list item by position. */
    record Index(int index) implements PathElement {
        public Index {
            if (index < 0) {
                throw new IllegalArgumentException("negative index " + index);
            }
        }

        @Override
        public String fieldsV1() {
            return "i:" + index;
        }

        @Override
        public String toString() {
            return "[" + index + "]";
        }
    }

    /** The FieldsV1 key of this element ({@code f:x}, {@code k:{...}}, {@code v:...}, {@code i:N}). */
    String fieldsV1();

    static Field field(String name) {
        return new Field(name);
    }

    static Key key(Map<String, Object> fields) {
        return new Key(fields);
    }

    static Value value(Object value) {
        return new Value(value);
    }

    static Index index(int index) {
        return new Index(index);
    }

    /**
     * Parses one FieldsV1 key.
     *
     * @throws MergeException when the key is malformed
     */
    @SuppressWarnings("unchecked")
    static PathElement parseFieldsV1(String text) {
        if (text.length() < 2 || text.charAt(1) != ':') {
            throw new MergeException("invalid FieldsV1 key " + JsonText.write(text));
        }
        String body = text.substring(2);
        switch (text.charAt(0)) {
            case 'f':
                return new Field(body);
            case 'k': {
                Object parsed = JsonText.parse(body);
                if (!(parsed instanceof Map) || ((Map<?, ?>) parsed).isEmpty()) {
                    throw new MergeException("invalid FieldsV1 key " + JsonText.write(text));
                }
                return new Key((Map<String, Object>) parsed);
            }
            case 'v':
                return new Value(JsonText.parse(body));
            case 'i':
                try {
                    return new Index(Integer.parseInt(body));
                } catch (IllegalArgumentException e) {
                    throw new MergeException("invalid FieldsV1 key " + JsonText.write(text));
                }
            default:
                throw new MergeException("invalid FieldsV1 key " + JsonText.write(text));
        }
    }

    private int rank() {
        if (this instanceof Field) {
            return 0;
        }
        if (this instanceof Key) {
            return 1;
        }
        return this instanceof Value ? 2 : 3;
    }

    @Override
    default int compareTo(PathElement o) {
        int r = Integer.compare(rank(), o.rank());
        if (r != 0) {
            return r;
        }
        if (this instanceof Index a && o instanceof Index b) {
            return Integer.compare(a.index(), b.index());
        }
        if (this instanceof Field a && o instanceof Field b) {
            return a.name().compareTo(b.name());
        }
        return Comparator.<String>naturalOrder().compare(fieldsV1(), o.fieldsV1());
    }
}
