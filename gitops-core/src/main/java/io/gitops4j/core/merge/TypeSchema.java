package io.gitops4j.core.merge;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The structural schema of one value: a scalar, an object (declared fields and/or additional properties),
 * a list, or {@link #UNTYPED} (no schema: maps are granular, lists atomic, element types deduced from values).
 *
 * <p>Instances are immutable once published and may form cycles (a named type referring to itself, e.g.
 * {@code JSONSchemaProps}). A schema node may be a <em>reference</em> to a named type that carries attributes of
 * the use site (patch strategy, merge key, default); structural accessors always answer for the referenced type.
 *
 * <p>Attributes the merge model does not understand (an unknown {@code x-kubernetes-list-type}, a {@code map} list
 * without keys, unions expressed with {@code oneOf}/{@code anyOf}) are recorded in {@link #unsupported()}; the
 * lenient engine treats such a node as atomic, the strict engine fails on it.
 *
 * <p>Thread-safe.
 */
public final class TypeSchema {

    /** What kind of value a schema describes. */
    public enum Kind { SCALAR, OBJECT, LIST, UNTYPED }

    /** {@code x-kubernetes-list-type}. */
    public enum ListType { ATOMIC, SET, MAP }

    /** {@code x-kubernetes-map-type} (also applies to objects with declared fields). */
    public enum MapType { GRANULAR, ATOMIC }

    /** No schema: maps granular, lists atomic, unknown fields allowed. */
    public static final TypeSchema UNTYPED = new TypeSchema("", Kind.UNTYPED);

    private final String name;
    private Kind kind;
    private String scalarType = "";
    private Map<String, TypeSchema> fields = Map.of();
    private List<String> required = List.of();
    private TypeSchema additional;
    private MapType mapType = MapType.GRANULAR;
    private boolean preserveUnknown;
    private TypeSchema items;
    private ListType listType = ListType.ATOMIC;
    private List<String> keys = List.of();
    private String patchStrategy = "";
    private String patchMergeKey = "";
    private Object defaultValue;
    private boolean valueStruct;
    private String unsupported = "";
    private TypeSchema target;

    private TypeSchema(String name, Kind kind) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = kind;
    }

    private TypeSchema copy() {
        TypeSchema c = new TypeSchema(name, kind);
        c.scalarType = scalarType;
        c.fields = fields;
        c.required = required;
        c.additional = additional;
        c.mapType = mapType;
        c.preserveUnknown = preserveUnknown;
        c.items = items;
        c.listType = listType;
        c.keys = keys;
        c.patchStrategy = patchStrategy;
        c.patchMergeKey = patchMergeKey;
        c.defaultValue = defaultValue;
        c.valueStruct = valueStruct;
        c.unsupported = unsupported;
        c.target = target;
        return c;
    }

    // ------------------------------------------------------------------ factories

    /** A scalar of JSON schema type {@code string}, {@code integer}, {@code number}, {@code boolean} or
     * {@code int-or-string}. */
    public static TypeSchema scalar(String type) {
        TypeSchema t = new TypeSchema("", Kind.SCALAR);
        t.scalarType = Objects.requireNonNull(type, "type");
        return t;
    }

    /** An object with declared fields (a struct); unknown fields are not allowed unless
     * {@link #withPreserveUnknownFields()} or {@link #withAdditionalProperties(TypeSchema)}. */
    public static TypeSchema struct(Map<String, TypeSchema> fields) {
        TypeSchema t = new TypeSchema("", Kind.OBJECT);
        t.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        return t;
    }

    /** An object whose entries all have the given value type ({@code additionalProperties}). */
    public static TypeSchema map(TypeSchema valueType) {
        TypeSchema t = new TypeSchema("", Kind.OBJECT);
        t.additional = Objects.requireNonNull(valueType, "valueType");
        return t;
    }

    /** A list; for {@link ListType#MAP} give the key field names. */
    public static TypeSchema list(TypeSchema elementType, ListType listType, String... keys) {
        TypeSchema t = new TypeSchema("", Kind.LIST);
        t.items = Objects.requireNonNull(elementType, "elementType");
        t.listType = Objects.requireNonNull(listType, "listType");
        t.keys = List.of(keys);
        if (listType == ListType.MAP && keys.length == 0) {
            t.unsupported = "list-type map without x-kubernetes-list-map-keys";
        }
        return t;
    }

    /** A reference to a named type, linked later with {@link #link(TypeSchema)}. */
    static TypeSchema reference(String name) {
        return new TypeSchema(name, Kind.UNTYPED);
    }

    /** A named type whose structure is copied from {@code structure}. */
    static TypeSchema named(String name, TypeSchema structure) {
        TypeSchema t = new TypeSchema(name, structure.kind);
        TypeSchema s = structure;
        t.scalarType = s.scalarType;
        t.fields = s.fields;
        t.required = s.required;
        t.additional = s.additional;
        t.mapType = s.mapType;
        t.preserveUnknown = s.preserveUnknown;
        t.items = s.items;
        t.listType = s.listType;
        t.keys = s.keys;
        t.unsupported = s.unsupported;
        t.target = s.target;
        return t;
    }

    void link(TypeSchema to) {
        this.target = to;
    }

    boolean isLinked() {
        return target != null;
    }

    /** This schema with {@code x-kubernetes-map-type}. */
    public TypeSchema withMapType(MapType type) {
        TypeSchema c = copy();
        c.mapType = Objects.requireNonNull(type);
        return c;
    }

    /** This schema with the names of the fields an object must have (OpenAPI {@code required}); informational,
     * the merge model does not use it. */
    public TypeSchema withRequired(List<String> names) {
        TypeSchema c = copy();
        c.required = List.copyOf(names);
        return c;
    }

    /** This schema with additional properties of the given type (an object may have both fields and these). */
    public TypeSchema withAdditionalProperties(TypeSchema valueType) {
        TypeSchema c = copy();
        c.additional = valueType;
        return c;
    }

    /** This schema with {@code x-kubernetes-preserve-unknown-fields: true}: unknown fields are untyped. */
    public TypeSchema withPreserveUnknownFields() {
        TypeSchema c = copy();
        c.preserveUnknown = true;
        return c;
    }

    /** This schema with a strategic-merge patch strategy ({@code merge}, {@code replace}, {@code retainKeys},
     * comma separated) and merge key (may be empty). */
    public TypeSchema withPatchStrategy(String strategy, String mergeKey) {
        TypeSchema c = copy();
        c.patchStrategy = strategy == null ? "" : strategy;
        c.patchMergeKey = mergeKey == null ? "" : mergeKey;
        return c;
    }

    /** This schema with a server-side default value (used for defaulted list-map keys). */
    public TypeSchema withDefault(Object value) {
        TypeSchema c = copy();
        c.defaultValue = value;
        return c;
    }

    /** This schema marked as a value struct: the server always materialises it (OpenAPI {@code default: {}}). */
    public TypeSchema withValueStruct() {
        TypeSchema c = copy();
        c.valueStruct = true;
        return c;
    }

    /** This schema marked as beyond the merge model, with the reason. */
    public TypeSchema withUnsupported(String reason) {
        TypeSchema c = copy();
        c.unsupported = reason == null ? "" : reason;
        return c;
    }

    // ------------------------------------------------------------------ accessors

    private TypeSchema r() {
        TypeSchema t = this;
        int guard = 0;
        while (t.target != null) {
            t = t.target;
            if (++guard > 64) {
                throw new IllegalStateException("reference cycle at " + name);
            }
        }
        return t;
    }

    /** The named type ({@code io.k8s.api.core.v1.PodSpec}), or "" for an anonymous schema. */
    public String name() {
        TypeSchema t = r();
        return t.name.isEmpty() ? name : t.name;
    }

    public Kind kind() {
        return r().kind;
    }

    /** For scalars: {@code string}, {@code integer}, {@code number}, {@code boolean}, {@code int-or-string}. */
    public String scalarType() {
        return r().scalarType;
    }

    /** Declared fields of an object, in schema order (empty for other kinds). */
    public Map<String, TypeSchema> fields() {
        return r().fields;
    }

    /** Names of the fields an object must have, when the schema says so (empty otherwise). */
    public List<String> required() {
        return r().required;
    }

    /** The type of undeclared entries, when the object has {@code additionalProperties}. */
    public Optional<TypeSchema> additionalProperties() {
        return Optional.ofNullable(r().additional);
    }

    public MapType mapType() {
        return r().mapType;
    }

    public boolean preservesUnknownFields() {
        return r().preserveUnknown;
    }

    /** Element type of a list; {@link #UNTYPED} for other kinds. */
    public TypeSchema elementType() {
        TypeSchema i = r().items;
        return i == null ? UNTYPED : i;
    }

    public ListType listType() {
        return r().listType;
    }

    /** Key fields of a {@link ListType#MAP} list. */
    public List<String> listMapKeys() {
        return r().keys;
    }

    /** Strategic-merge patch strategy of this use site (may be "", or e.g. {@code merge,retainKeys}). */
    public String patchStrategy() {
        return patchStrategy.isEmpty() && target != null ? target.patchStrategy() : patchStrategy;
    }

    /** Strategic-merge merge key of this use site, if any. */
    public Optional<String> patchMergeKey() {
        String k = patchMergeKey.isEmpty() && target != null ? target.patchMergeKey().orElse("") : patchMergeKey;
        return k.isEmpty() ? Optional.empty() : Optional.of(k);
    }

    /** Server-side default of this use site, if the schema declares one. */
    public Optional<Object> defaultValue() {
        if (defaultValue == null && target != null) {
            return target.defaultValue();
        }
        return Optional.ofNullable(defaultValue);
    }

    /** True for struct fields the server always materialises (so their creation is not a separate change). */
    public boolean isValueStruct() {
        return valueStruct || (target != null && target.isValueStruct());
    }

    /** Why the merge model cannot handle this node exactly, or "" when it can. */
    public String unsupported() {
        String u = r().unsupported;
        return u.isEmpty() && !unsupported.isEmpty() ? unsupported : u;
    }

    /** True for untyped (deduced) schemas. */
    public boolean isUntyped() {
        return kind() == Kind.UNTYPED;
    }

    /** True when the field is declared (not an additional property nor an unknown field). */
    public boolean declaresField(String field) {
        return r().fields.containsKey(field);
    }

    /**
     * The type of one entry of an object: its declared field, else the additional-properties type, else
     * {@link #UNTYPED} when unknown fields are preserved or this schema is untyped; empty when the field is not
     * allowed by the schema.
     */
    public Optional<TypeSchema> fieldType(String field) {
        TypeSchema t = r();
        if (t.kind == Kind.UNTYPED) {
            return Optional.of(UNTYPED);
        }
        TypeSchema f = t.fields.get(field);
        if (f != null) {
            return Optional.of(f);
        }
        if (t.additional != null) {
            return Optional.of(t.additional);
        }
        if (t.preserveUnknown) {
            return Optional.of(UNTYPED);
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        TypeSchema t = r();
        String n = name();
        return "TypeSchema[" + (n.isEmpty() ? "" : n + " ") + t.kind
                + (t.kind == Kind.LIST ? " " + t.listType + t.keys : "")
                + (t.kind == Kind.SCALAR ? " " + t.scalarType : "") + "]";
    }
}
