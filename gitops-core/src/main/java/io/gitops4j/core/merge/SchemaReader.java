package io.gitops4j.core.merge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds {@link TypeSchema} graphs from the compact schema format written by the schema generator.
 *
 * <p>Format: {@code {"types": {name: node}, "gvk": {"apps/v1/Deployment": name}}}. A node is either a string
 * ({@code string}, {@code integer}, {@code number}, {@code boolean}, {@code int-or-string}, {@code any}, or
 * {@code @name} for a reference) or an object with the optional members {@code ref}, {@code type},
 * {@code props}, {@code req} (required field names), {@code add}, {@code mapType}, {@code unknown}, {@code items}, {@code listType}, {@code keys},
 * {@code ps} (patch strategy), {@code pk} (merge key), {@code default}, {@code zero} (value struct),
 * {@code unions}.
 */
final class SchemaReader {

    private final Map<String, TypeSchema> named = new LinkedHashMap<>();
    private final List<TypeSchema> references = new ArrayList<>();

    /** Reads the whole document and returns a registry over its group/version/kinds. */
    static Map<String, TypeSchema> read(Map<String, Object> document) {
        SchemaReader reader = new SchemaReader();
        Map<String, Object> types = mapOf(document.get("types"));
        for (Map.Entry<String, Object> e : types.entrySet()) {
            reader.named.put(e.getKey(), TypeSchema.reference(e.getKey()));
        }
        for (Map.Entry<String, Object> e : types.entrySet()) {
            TypeSchema structure = reader.node(e.getValue());
            reader.named.get(e.getKey()).link(TypeSchema.named(e.getKey(), structure));
        }
        reader.linkReferences();
        Map<String, TypeSchema> byKey = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : mapOf(document.get("gvk")).entrySet()) {
            TypeSchema t = reader.named.get(String.valueOf(e.getValue()));
            if (t != null) {
                byKey.put(e.getKey(), t);
            }
        }
        return byKey;
    }

    private void linkReferences() {
        for (TypeSchema ref : references) {
            if (!ref.isLinked()) {
                TypeSchema target = named.get(ref.name());
                ref.link(target == null ? TypeSchema.UNTYPED : target);
            }
        }
    }

    private TypeSchema refTo(String name) {
        TypeSchema target = named.get(name);
        TypeSchema ref = TypeSchema.reference(name);
        if (target != null) {
            ref.link(target);
        } else {
            references.add(ref);
        }
        return ref;
    }

    @SuppressWarnings("unchecked")
    private TypeSchema node(Object raw) {
        if (raw instanceof String s) {
            return shorthand(s);
        }
        if (!(raw instanceof Map)) {
            return TypeSchema.UNTYPED;
        }
        Map<String, Object> m = (Map<String, Object>) raw;
        TypeSchema t;
        if (m.get("ref") instanceof String ref) {
            t = refTo(ref);
        } else if (m.containsKey("items")) {
            String lt = String.valueOf(m.getOrDefault("listType", "atomic"));
            List<String> keys = new ArrayList<>();
            if (m.get("keys") instanceof List<?> ks) {
                ks.forEach(k -> keys.add(String.valueOf(k)));
            }
            t = list(node(m.get("items")), lt, keys);
        } else if (m.containsKey("props") || m.containsKey("add") || "object".equals(m.get("type"))) {
            Map<String, TypeSchema> fields = new LinkedHashMap<>();
            for (Map.Entry<String, Object> p : mapOf(m.get("props")).entrySet()) {
                fields.put(p.getKey(), node(p.getValue()));
            }
            t = TypeSchema.struct(fields);
            if (m.containsKey("add")) {
                t = t.withAdditionalProperties(node(m.get("add")));
            }
            if ("atomic".equals(m.get("mapType"))) {
                t = t.withMapType(TypeSchema.MapType.ATOMIC);
            }
            if (Boolean.TRUE.equals(m.get("unknown"))) {
                t = t.withPreserveUnknownFields();
            }
            if (m.get("req") instanceof List<?> req) {
                t = t.withRequired(req.stream().map(String::valueOf).toList());
            }
            if (m.get("unions") != null) {
                t = t.withUnsupported("discriminated unions (x-kubernetes-unions) are not modelled");
            }
        } else if (m.get("type") instanceof String s) {
            t = shorthand(s);
        } else {
            t = TypeSchema.UNTYPED;
        }
        if (m.containsKey("ps") || m.containsKey("pk")) {
            t = t.withPatchStrategy((String) m.get("ps"), (String) m.get("pk"));
        }
        if (m.containsKey("default")) {
            t = t.withDefault(normalize(m.get("default")));
        }
        if (Boolean.TRUE.equals(m.get("zero"))) {
            t = t.withValueStruct();
        }
        return t;
    }

    private TypeSchema shorthand(String s) {
        if (s.startsWith("@")) {
            return refTo(s.substring(1));
        }
        return switch (s) {
            case "any" -> TypeSchema.UNTYPED;
            case "object" -> TypeSchema.map(TypeSchema.UNTYPED);
            default -> TypeSchema.scalar(s);
        };
    }

    static TypeSchema list(TypeSchema items, String listType, List<String> keys) {
        return switch (listType) {
            case "atomic" -> TypeSchema.list(items, TypeSchema.ListType.ATOMIC);
            case "set" -> TypeSchema.list(items, TypeSchema.ListType.SET);
            case "map" -> TypeSchema.list(items, TypeSchema.ListType.MAP, keys.toArray(String[]::new));
            default -> TypeSchema.list(items, TypeSchema.ListType.ATOMIC)
                    .withUnsupported("unknown x-kubernetes-list-type " + listType);
        };
    }

    static Object normalize(Object v) {
        if (v instanceof Integer i) {
            return i.longValue();
        }
        if (v instanceof Short s) {
            return s.longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapOf(Object o) {
        return o instanceof Map ? (Map<String, Object>) o : Map.of();
    }
}
