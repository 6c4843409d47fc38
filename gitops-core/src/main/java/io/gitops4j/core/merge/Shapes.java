package io.gitops4j.core.merge;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the merge walks a value of a given schema: as a leaf (scalars, atomic lists and maps, anything the model
 * cannot take apart), as a granular map, or as an associative ({@code set}/{@code map}) list; and the
 * {@link PathElement} naming each item of an associative list.
 */
final class Shapes {

    enum Shape { LEAF, MAP, LIST }

    private final boolean strict;

    Shapes(boolean strict) {
        this.strict = strict;
    }

    boolean strict() {
        return strict;
    }

    /** The shape of {@code value} under {@code type}. */
    Shape of(TypeSchema type, Object value, FieldPath path) {
        if (value == null) {
            return Shape.LEAF;
        }
        switch (type.kind()) {
            case UNTYPED:
                return value instanceof Map ? Shape.MAP : Shape.LEAF;
            case SCALAR:
                if (!Values.isScalar(value)) {
                    mismatch(path, "a scalar", value);
                }
                return Shape.LEAF;
            case OBJECT:
                if (!(value instanceof Map)) {
                    mismatch(path, "an object", value);
                    return Shape.LEAF;
                }
                unsupported(type, path);
                return type.mapType() == TypeSchema.MapType.ATOMIC ? Shape.LEAF : Shape.MAP;
            case LIST:
                if (!(value instanceof List<?> list)) {
                    mismatch(path, "a list", value);
                    return Shape.LEAF;
                }
                if (!type.unsupported().isEmpty()) {
                    unsupported(type, path);
                    return Shape.LEAF;
                }
                if (type.listType() == TypeSchema.ListType.ATOMIC) {
                    return Shape.LEAF;
                }
                if (type.listType() == TypeSchema.ListType.SET) {
                    for (Object o : list) {
                        if (!Values.isScalar(o) || o == null) {
                            if (strict) {
                                throw new UnsupportedMergeException(path + ": set list with non-scalar items");
                            }
                            return Shape.LEAF;
                        }
                    }
                }
                return Shape.LIST;
            default:
                return Shape.LEAF;
        }
    }

    /** The shape used when comparing or merging two values: a leaf unless both have the same shape. */
    Shape of(TypeSchema type, Object a, Object b, FieldPath path) {
        if (a == null) {
            return of(type, b, path);
        }
        if (b == null) {
            return of(type, a, path);
        }
        Shape sa = of(type, a, path);
        Shape sb = of(type, b, path);
        return sa == sb ? sa : Shape.LEAF;
    }

    /** The type of entry {@code key} of a map of type {@code type}. */
    TypeSchema fieldType(TypeSchema type, String key, FieldPath path) {
        Optional<TypeSchema> t = type.fieldType(key);
        if (t.isPresent()) {
            return t.get();
        }
        if (strict) {
            throw new UnsupportedMergeException(path.child(PathElement.field(key)) + ": field not declared in schema");
        }
        return TypeSchema.UNTYPED;
    }

    /**
     * The element naming item {@code index} of an associative list: its key fields ({@code map} lists, defaulted
     * keys filled in from the schema) or its value ({@code set} lists).
     *
     * @throws MergeException when an item of a {@code map} list lacks a key field that has no default
     */
    PathElement itemElement(TypeSchema list, Object item, int index, FieldPath path) {
        if (list.listType() == TypeSchema.ListType.SET) {
            return PathElement.value(item);
        }
        if (!(item instanceof Map<?, ?> m)) {
            throw new MergeException(path + ": element " + index + ": associative list with keys has an element "
                    + "that is not an object");
        }
        Map<String, Object> key = new LinkedHashMap<>();
        for (String k : list.listMapKeys()) {
            Object v = m.get(k);
            if (v == null) {
                Optional<Object> dflt = list.elementType().fieldType(k).flatMap(TypeSchema::defaultValue);
                if (dflt.isEmpty()) {
                    throw new MergeException(path + ": element " + index + ": associative list with keys has an "
                            + "element that omits key field " + JsonText.write(k)
                            + " (and doesn't have default value)");
                }
                v = dflt.get();
            }
            if (!Values.isScalar(v)) {
                throw new MergeException(path + ": element " + index + ": key field " + JsonText.write(k)
                        + " must be a scalar");
            }
            key.put(k, v);
        }
        return PathElement.key(key);
    }

    /** Key fields of a {@code map} list item that the item omits and the schema defaults. */
    static Map<String, Object> missingDefaultedKeys(TypeSchema list, Map<String, Object> item) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (list.listType() != TypeSchema.ListType.MAP) {
            return out;
        }
        for (String k : list.listMapKeys()) {
            if (item.get(k) == null) {
                list.elementType().fieldType(k).flatMap(TypeSchema::defaultValue).ifPresent(d -> out.put(k, d));
            }
        }
        return out;
    }

    private void mismatch(FieldPath path, String expected, Object value) {
        if (strict) {
            throw new UnsupportedMergeException((path.isRoot() ? "." : path.toString()) + ": expected " + expected
                    + ", got " + (value instanceof Map ? "an object" : value instanceof List ? "a list" : "a scalar"));
        }
    }

    private void unsupported(TypeSchema type, FieldPath path) {
        if (strict && !type.unsupported().isEmpty()) {
            throw new UnsupportedMergeException((path.isRoot() ? "." : path.toString()) + ": "
                    + type.unsupported());
        }
    }
}
