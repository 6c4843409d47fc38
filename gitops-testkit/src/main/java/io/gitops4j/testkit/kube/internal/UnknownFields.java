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
            walk(object, schema, new StringBuilder(64), drop, out);
        }
        return out;
    }

    /** {@code path} is the path so far; every step appends to it and restores its length before returning. */
    @SuppressWarnings("unchecked")
    private static void walk(Object value, TypeSchema schema, StringBuilder path, boolean drop, List<String> out) {
        if (value == null || schema.isUntyped()) {
            return;
        }
        int mark = path.length();
        if (schema.kind() == TypeSchema.Kind.OBJECT && value instanceof Map<?, ?> raw) {
            Map<String, Object> map = (Map<String, Object>) raw;
            Iterator<Map.Entry<String, Object>> it = map.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, Object> e = it.next();
                if (mark > 0) {
                    path.append('.');
                }
                path.append(e.getKey());
                Optional<TypeSchema> type = schema.fieldType(e.getKey());
                if (type.isPresent()) {
                    walk(e.getValue(), type.get(), path, drop, out);
                } else {
                    out.add(path.toString());
                    if (drop) {
                        it.remove();
                    }
                }
                path.setLength(mark);
            }
        } else if (schema.kind() == TypeSchema.Kind.LIST && value instanceof List<?> list) {
            TypeSchema element = schema.elementType();
            if (element == null) {
                return;
            }
            for (int i = 0; i < list.size(); i++) {
                path.append('[').append(i).append(']');
                walk(list.get(i), element, path, drop, out);
                path.setLength(mark);
            }
        }
    }
}
