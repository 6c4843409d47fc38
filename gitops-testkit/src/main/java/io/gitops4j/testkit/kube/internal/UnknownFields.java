package io.gitops4j.testkit.kube.internal;

import io.gitops4j.core.merge.TypeSchema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds, and optionally drops, the fields of an object its schema does not declare, as the API server's decoder
 * (built-ins) and structural pruning (custom resources) do. Paths are written as the server's warnings and strict
 * errors write them: {@code spec.template.spec.containers[0].imagePullPolicyy}. Untyped parts of a schema and
 * {@code x-kubernetes-preserve-unknown-fields} accept anything. Stateless, thread-safe.
 */
final class UnknownFields {

    private UnknownFields() {
    }

    /**
     * Collects the undeclared fields of {@code object}; when {@code drop} is true they are removed from it.
     *
     * @return the paths, in document order
     */
    static List<String> find(Map<String, Object> object, TypeSchema schema, boolean drop) {
        List<String> out = new ArrayList<>();
        if (schema != null && !schema.isUntyped()) {
            walk(object, schema, "", drop, out);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void walk(Object value, TypeSchema schema, String path, boolean drop, List<String> out) {
        if (value == null || schema.isUntyped()) {
            return;
        }
        if (schema.kind() == TypeSchema.Kind.OBJECT && value instanceof Map<?, ?> raw) {
            Map<String, Object> map = (Map<String, Object>) raw;
            Iterator<Map.Entry<String, Object>> it = map.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, Object> e = it.next();
                String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                Optional<TypeSchema> type = schema.fieldType(e.getKey());
                if (type.isPresent()) {
                    walk(e.getValue(), type.get(), child, drop, out);
                } else {
                    out.add(child);
                    if (drop) {
                        it.remove();
                    }
                }
            }
        } else if (schema.kind() == TypeSchema.Kind.LIST && value instanceof List<?> list) {
            TypeSchema element = schema.elementType();
            if (element == null) {
                return;
            }
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), element, path + "[" + i + "]", drop, out);
            }
        }
    }
}
