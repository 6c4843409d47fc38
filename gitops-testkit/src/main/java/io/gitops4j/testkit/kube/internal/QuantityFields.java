package io.gitops4j.testkit.kube.internal;

import io.gitops4j.core.merge.BuiltInSchemas;
import io.gitops4j.core.merge.Quantities;
import io.gitops4j.core.merge.SchemaRegistry;
import io.gitops4j.core.merge.TypeSchema;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the resource quantities of a built-in object by its v1.33 schema (every field typed
 * {@code io.k8s.apimachinery.pkg.api.resource.Quantity}: container resources, claim sizes, LimitRange and quota
 * amounts, autoscaler targets, downward-API divisors, ...) and writes each in canonical form
 * ({@link Quantities}), as a server's decoding does. Fields the schema does not know are left alone. Stateless.
 */
final class QuantityFields {

    private static final String QUANTITY = Quantities.TYPE_NAME;
    private static final SchemaRegistry SCHEMAS = BuiltInSchemas.registry();

    private QuantityFields() {
    }

    /** Canonicalizes every quantity of {@code object}, a built-in kind of {@code apiVersion}/{@code kind}. */
    static void canonicalize(String apiVersion, String kind, Map<String, Object> object) {
        Optional<TypeSchema> schema = SCHEMAS.find(apiVersion, kind);
        schema.ifPresent(s -> walk(s, object));
    }

    @SuppressWarnings("unchecked")
    private static Object walk(TypeSchema type, Object value) {
        if (QUANTITY.equals(type.name())) {
            return Quantities.canonical(value);
        }
        if (value instanceof Map<?, ?> raw && type.kind() == TypeSchema.Kind.OBJECT) {
            Map<String, Object> map = (Map<String, Object>) raw;
            for (Map.Entry<String, Object> e : map.entrySet()) {
                Optional<TypeSchema> field = type.fieldType(e.getKey());
                if (field.isPresent() && (QUANTITY.equals(field.get().name()) || !field.get().isUntyped())) {
                    Object next = walk(field.get(), e.getValue());
                    if (next != e.getValue()) {
                        e.setValue(next);
                    }
                }
            }
        } else if (value instanceof List<?> raw && type.kind() == TypeSchema.Kind.LIST) {
            List<Object> list = (List<Object>) raw;
            TypeSchema element = type.elementType();
            for (int i = 0; i < list.size(); i++) {
                Object next = walk(element, list.get(i));
                if (next != list.get(i)) {
                    list.set(i, next);
                }
            }
        }
        return value;
    }
}
