package io.gitops4j.core.merge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Schemas of custom resources, built from a CustomResourceDefinition ({@code apiextensions.k8s.io/v1}) given as a
 * plain tree.
 *
 * <p>Each version's {@code schema.openAPIV3Schema} is converted: {@code properties} become declared fields,
 * {@code additionalProperties} a map, {@code x-kubernetes-preserve-unknown-fields} untyped unknown fields,
 * {@code x-kubernetes-list-type}/{@code -list-map-keys}/{@code -map-type}, {@code x-kubernetes-int-or-string} and
 * scalar {@code default}s are honoured (lists without a list type are atomic); {@code metadata} is always typed as
 * the built-in {@code ObjectMeta}. Validation-only keywords ({@code allOf}, {@code oneOf}, {@code anyOf},
 * {@code not}, formats, patterns) are ignored. A version without a schema is {@link TypeSchema#UNTYPED}.
 *
 * <p>Stateless and thread-safe.
 */
public final class CrdSchemas {

    private CrdSchemas() {
    }

    /**
     * The schema of every version of the CRD, keyed by version name, in the CRD's order.
     *
     * @throws MergeException when the tree is not a CRD (no {@code spec.versions})
     */
    public static Map<String, TypeSchema> from(Map<String, Object> crd) {
        Map<String, Object> spec = map(crd.get("spec"));
        if (!(spec.get("versions") instanceof List<?> versions)) {
            throw new MergeException("not a CustomResourceDefinition: spec.versions is missing");
        }
        Map<String, TypeSchema> out = new LinkedHashMap<>();
        for (Object v : versions) {
            Map<String, Object> version = map(v);
            String name = String.valueOf(version.get("name"));
            Object schema = map(version.get("schema")).get("openAPIV3Schema");
            out.put(name, schema instanceof Map ? root(map(schema)) : TypeSchema.UNTYPED);
        }
        return out;
    }

    /** A registry answering for {@code group/version} and the CRD's kind, for every version listed. */
    public static SchemaRegistry registry(Map<String, Object> crd) {
        Map<String, Object> spec = map(crd.get("spec"));
        String group = String.valueOf(spec.get("group"));
        String kind = String.valueOf(map(spec.get("names")).get("kind"));
        Map<String, TypeSchema> byKey = new LinkedHashMap<>();
        from(crd).forEach((version, type) -> byKey.put(SchemaRegistry.key(group + "/" + version, kind), type));
        return SchemaRegistry.of(byKey);
    }

    /** Converts one {@code openAPIV3Schema} used as the root of a custom resource. */
    public static TypeSchema root(Map<String, Object> schema) {
        TypeSchema t = convert(schema);
        if (t.kind() != TypeSchema.Kind.OBJECT) {
            return t;
        }
        Map<String, TypeSchema> fields = new LinkedHashMap<>(t.fields());
        fields.put("apiVersion", TypeSchema.scalar("string"));
        fields.put("kind", TypeSchema.scalar("string"));
        fields.put("metadata", BuiltInSchemas.objectMeta());
        TypeSchema root = TypeSchema.struct(fields);
        if (t.additionalProperties().isPresent()) {
            root = root.withAdditionalProperties(t.additionalProperties().get());
        }
        return t.preservesUnknownFields() ? root.withPreserveUnknownFields() : root;
    }

    /** Converts one structural schema node. */
    public static TypeSchema convert(Map<String, Object> s) {
        TypeSchema t;
        String type = s.get("type") instanceof String ty ? ty : "";
        boolean preserve = Boolean.TRUE.equals(s.get("x-kubernetes-preserve-unknown-fields"));
        if (Boolean.TRUE.equals(s.get("x-kubernetes-int-or-string"))) {
            t = TypeSchema.scalar("int-or-string");
        } else if ("array".equals(type) || s.containsKey("items")) {
            List<String> keys = new ArrayList<>();
            if (s.get("x-kubernetes-list-map-keys") instanceof List<?> ks) {
                ks.forEach(k -> keys.add(String.valueOf(k)));
            }
            Object listType = s.getOrDefault("x-kubernetes-list-type", "atomic");
            Object items = s.get("items");
            t = SchemaReader.list(items instanceof Map ? convert(map(items)) : TypeSchema.UNTYPED,
                    String.valueOf(listType), keys);
        } else if ("object".equals(type) || s.containsKey("properties") || s.containsKey("additionalProperties")) {
            Map<String, TypeSchema> fields = new LinkedHashMap<>();
            map(s.get("properties")).forEach((k, v) -> fields.put(k, convert(map(v))));
            t = TypeSchema.struct(fields);
            Object add = s.get("additionalProperties");
            if (add instanceof Map) {
                t = t.withAdditionalProperties(convert(map(add)));
            } else if (Boolean.TRUE.equals(add)) {
                t = t.withAdditionalProperties(TypeSchema.UNTYPED);
            }
            if (preserve) {
                t = t.withPreserveUnknownFields();
            }
            if ("atomic".equals(s.get("x-kubernetes-map-type"))) {
                t = t.withMapType(TypeSchema.MapType.ATOMIC);
            }
        } else if (type.isEmpty()) {
            t = TypeSchema.UNTYPED;
        } else {
            t = TypeSchema.scalar(type);
        }
        if (s.containsKey("default") && !(s.get("default") instanceof Map) && !(s.get("default") instanceof List)) {
            t = t.withDefault(SchemaReader.normalize(s.get("default")));
        }
        return t;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map ? (Map<String, Object>) o : Map.of();
    }
}
