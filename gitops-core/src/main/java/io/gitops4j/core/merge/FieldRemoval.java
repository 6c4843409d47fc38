package io.gitops4j.core.merge;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Removes fields that an applier stopped specifying from a (mutable, freshly merged) object.
 *
 * <p>A path is removed only when nobody owns it or anything below it. Owning a path above it does not keep it: a
 * manager that owns a list item ({@code containers[name=app]}, its {@code "."}) or a struct owns that the item
 * exists, not the item's fields, so a field the applier stopped applying inside an item that stays (a container's
 * {@code workingDir}, an env var, a port, a value of a set list, an atomic list) is removed unless a manager owns
 * that field itself, as the API server's structured merge removes it. When a removal leaves an empty list or an
 * empty map of additional properties ({@code labels}, {@code data}) that nobody owns, that container is removed
 * as well, like the API server's serialization drops empty optional collections. Empty structs stay.
 */
final class FieldRemoval {

    private final Shapes shapes;

    FieldRemoval(Shapes shapes) {
        this.shapes = shapes;
    }

    /** Removes from {@code object} each path of {@code candidates} that {@code owned} does not cover. */
    void prune(Map<String, Object> object, TypeSchema type, FieldSet candidates, FieldSet owned) {
        List<FieldPath> removed = new ArrayList<>();
        for (FieldPath p : candidates.paths()) {
            if (owned.containsAtOrBelow(p) || removed.stream().anyMatch(r -> r.isPrefixOf(p))) {
                continue;
            }
            if (remove(object, type, p)) {
                removed.add(p);
                cleanUpEmptyParents(object, type, p, owned);
            }
        }
    }

    private void cleanUpEmptyParents(Map<String, Object> object, TypeSchema type, FieldPath removed,
                                     FieldSet owned) {
        List<PathElement> els = removed.elements();
        for (int n = els.size() - 1; n >= 1; n--) {
            FieldPath parent = new FieldPath(els.subList(0, n));
            Located at = locate(object, type, parent);
            if (at == null || owned.containsAtOrBelow(parent)) {
                return;
            }
            boolean emptyCollection = (at.value instanceof List<?> l && l.isEmpty())
                    || (at.value instanceof Map<?, ?> m && m.isEmpty() && at.type.kind() == TypeSchema.Kind.OBJECT
                    && at.type.fields().isEmpty() && at.type.additionalProperties().isPresent());
            if (!emptyCollection || !remove(object, type, parent)) {
                return;
            }
        }
    }

    private record Located(Object value, TypeSchema type) {
    }

    @SuppressWarnings("unchecked")
    private Located locate(Map<String, Object> object, TypeSchema type, FieldPath path) {
        Object cur = object;
        TypeSchema t = type;
        FieldPath at = FieldPath.ROOT;
        for (PathElement e : path.elements()) {
            if (e instanceof PathElement.Field f) {
                if (!(cur instanceof Map<?, ?> m)) {
                    return null;
                }
                TypeSchema ft = shapes.fieldType(t, f.name(), at);
                cur = ((Map<String, Object>) m).get(f.name());
                t = ft;
            } else {
                if (!(cur instanceof List<?> l)) {
                    return null;
                }
                int idx = find((List<Object>) l, t, e, at);
                if (idx < 0) {
                    return null;
                }
                cur = l.get(idx);
                t = t.elementType();
            }
            at = at.child(e);
            if (cur == null) {
                return null;
            }
        }
        return new Located(cur, t);
    }

    @SuppressWarnings("unchecked")
    private boolean remove(Map<String, Object> object, TypeSchema type, FieldPath path) {
        List<PathElement> els = path.elements();
        Located parent = els.size() == 1 ? new Located(object, type)
                : locate(object, type, new FieldPath(els.subList(0, els.size() - 1)));
        if (parent == null) {
            return false;
        }
        PathElement last = els.get(els.size() - 1);
        if (last instanceof PathElement.Field f) {
            if (parent.value instanceof Map<?, ?> m && m.containsKey(f.name())) {
                ((Map<String, Object>) m).remove(f.name());
                return true;
            }
            return false;
        }
        if (!(parent.value instanceof List<?> l)) {
            return false;
        }
        int idx = find((List<Object>) l, parent.type, last, path);
        if (idx < 0) {
            return false;
        }
        l.remove(idx);
        return true;
    }

    private int find(List<Object> list, TypeSchema listType, PathElement e, FieldPath path) {
        if (e instanceof PathElement.Index i) {
            return i.index() < list.size() ? i.index() : -1;
        }
        Iterator<Object> it = list.iterator();
        for (int i = 0; it.hasNext(); i++) {
            Object item = it.next();
            if (e instanceof PathElement.Value v) {
                if (Values.equal(v.value(), item)) {
                    return i;
                }
            } else if (listType.kind() == TypeSchema.Kind.LIST && listType.listType() == TypeSchema.ListType.MAP
                    && item instanceof Map) {
                if (e.equals(shapes.itemElement(listType, item, i, path))) {
                    return i;
                }
            }
        }
        return -1;
    }
}
