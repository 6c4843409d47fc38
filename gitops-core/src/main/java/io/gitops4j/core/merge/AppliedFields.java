package io.gitops4j.core.merge;

import java.util.List;
import java.util.Map;

/**
 * The set of fields an applied configuration specifies: every scalar and atomic value, every item of an
 * associative list (with the item's own path, so an applier owns the item), every entry of a map that is not a
 * declared field, every null or empty object. Declared struct fields with content are not members themselves.
 */
final class AppliedFields {

    private final Shapes shapes;
    private final FieldSet.Builder out = FieldSet.builder();

    private AppliedFields(Shapes shapes) {
        this.shapes = shapes;
    }

    static FieldSet of(Map<String, Object> config, TypeSchema type, Shapes shapes) {
        AppliedFields w = new AppliedFields(shapes);
        w.walk(config, type, FieldPath.ROOT);
        return w.out.build();
    }

    @SuppressWarnings("unchecked")
    private void walk(Object value, TypeSchema type, FieldPath path) {
        switch (shapes.of(type, value, path)) {
            case LEAF -> out.add(path);
            case MAP -> {
                Map<String, Object> map = (Map<String, Object>) value;
                for (Map.Entry<String, Object> e : map.entrySet()) {
                    FieldPath p = path.child(PathElement.field(e.getKey()));
                    Object v = e.getValue();
                    walk(v, shapes.fieldType(type, e.getKey(), path), p);
                    if (v == null || (v instanceof Map<?, ?> m && m.isEmpty()) || !type.declaresField(e.getKey())) {
                        out.add(p);
                    }
                }
            }
            case LIST -> {
                List<Object> list = (List<Object>) value;
                ListIndex index = ListIndex.of(shapes, type, list, path).requireUnique(path);
                for (PathElement pe : index.order()) {
                    FieldPath p = path.child(pe);
                    walk(index.items().get(pe), type.elementType(), p);
                    out.add(p);
                }
            }
            default -> throw new IllegalStateException();
        }
    }
}
