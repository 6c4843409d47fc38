package io.gitops4j.core.merge;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What differs between two versions of an object: fields added, removed and modified (leaves and atomic values
 * compared by value). Objects and associative-list items that appear or disappear are listed with all their
 * contents; the path of an associative list itself, and struct fields the server always materialises
 * ({@link TypeSchema#isValueStruct()}), are not listed as added or removed themselves.
 */
record Comparison(FieldSet added, FieldSet modified, FieldSet removed) {

    /** Added or modified fields. */
    FieldSet changed() {
        return added.union(modified);
    }

    boolean isSame() {
        return added.isEmpty() && modified.isEmpty() && removed.isEmpty();
    }

    Comparison restrictedTo(Ownership ownership) {
        return new Comparison(ownership.ownable(added), ownership.ownable(modified), ownership.ownable(removed));
    }

    static Comparison of(Map<String, Object> before, Map<String, Object> after, TypeSchema type, Shapes shapes) {
        Walker w = new Walker(shapes);
        w.compare(before, after, type, FieldPath.ROOT);
        return new Comparison(w.added.build(), w.modified.build(), w.removed.build());
    }

    private static final class Walker {
        final Shapes shapes;
        final FieldSet.Builder added = FieldSet.builder();
        final FieldSet.Builder modified = FieldSet.builder();
        final FieldSet.Builder removed = FieldSet.builder();

        Walker(Shapes shapes) {
            this.shapes = shapes;
        }

        @SuppressWarnings("unchecked")
        void compare(Object l, Object r, TypeSchema type, FieldPath path) {
            boolean lp = l != null;
            boolean rp = r != null;
            Shapes.Shape shape = shapes.of(type, l, r, path);
            if (shape == Shapes.Shape.MAP && emptyOrAbsent(l) && emptyOrAbsent(r)) {
                shape = Shapes.Shape.LEAF;
            }
            if (shape == Shapes.Shape.LEAF) {
                if (!lp && rp) {
                    added.add(path);
                } else if (lp && !rp) {
                    removed.add(path);
                } else if (lp && !Values.equal(l, r)) {
                    modified.add(path);
                }
                return;
            }
            if (shape == Shapes.Shape.MAP && !type.isValueStruct()) {
                if (!lp && rp) {
                    added.add(path);
                } else if (lp && !rp) {
                    removed.add(path);
                }
            }
            if (shape == Shapes.Shape.MAP) {
                Map<String, Object> lm = lp ? (Map<String, Object>) l : Map.of();
                Map<String, Object> rm = rp ? (Map<String, Object>) r : Map.of();
                Set<String> keys = new LinkedHashSet<>(lm.keySet());
                keys.addAll(rm.keySet());
                for (String k : keys) {
                    compare(lm.get(k), rm.get(k), shapes.fieldType(type, k, path),
                            path.child(PathElement.field(k)));
                }
                return;
            }
            ListIndex li = lp ? ListIndex.of(shapes, type, (List<Object>) l, path) : null;
            ListIndex ri = rp ? ListIndex.of(shapes, type, (List<Object>) r, path) : null;
            if ((li != null && li.hasDuplicates()) || (ri != null && ri.hasDuplicates())) {
                if (!lp) {
                    added.add(path);
                } else if (!rp) {
                    removed.add(path);
                } else if (!Values.equal(l, r)) {
                    modified.add(path);
                }
                return;
            }
            Set<PathElement> all = new LinkedHashSet<>();
            if (li != null) {
                all.addAll(li.order());
            }
            if (ri != null) {
                all.addAll(ri.order());
            }
            for (PathElement pe : all) {
                Object a = li == null ? null : li.items().get(pe);
                Object b = ri == null ? null : ri.items().get(pe);
                FieldPath p = path.child(pe);
                if (a == null) {
                    added.add(p);
                } else if (b == null) {
                    removed.add(p);
                }
                if (type.listType() == TypeSchema.ListType.MAP) {
                    compare(a, b, type.elementType(), p);
                }
            }
        }

        private static boolean emptyOrAbsent(Object o) {
            return o == null || (o instanceof Map<?, ?> m && m.isEmpty());
        }
    }
}
