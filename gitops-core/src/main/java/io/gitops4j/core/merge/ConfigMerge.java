package io.gitops4j.core.merge;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges an applied configuration into the live object: the configuration wins on every field it specifies;
 * granular maps merge entry by entry; associative lists merge item by item (live-only items keep their place,
 * items the configuration names follow its order); leaves and atomic values are replaced. A {@code null} in the
 * configuration removes the field. Defaulted key fields missing from a {@code map} list item are filled in.
 */
final class ConfigMerge {

    private final Shapes shapes;

    ConfigMerge(Shapes shapes) {
        this.shapes = shapes;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> merge(Map<String, Object> live, Map<String, Object> config, TypeSchema type) {
        return (Map<String, Object>) merge(live, config, type, FieldPath.ROOT);
    }

    @SuppressWarnings("unchecked")
    private Object merge(Object l, Object r, TypeSchema type, FieldPath path) {
        if (r == null) {
            return Values.normalize(l);
        }
        Shapes.Shape shape = shapes.of(type, l, r, path);
        if (l == null) {
            shape = shapes.of(type, r, path);
        }
        switch (shape) {
            case MAP: {
                Map<String, Object> out = l instanceof Map ? Values.copyMap((Map<String, Object>) l)
                        : new LinkedHashMap<>();
                for (Map.Entry<String, Object> e : ((Map<String, Object>) r).entrySet()) {
                    String k = e.getKey();
                    if (e.getValue() == null) {
                        out.remove(k);
                        continue;
                    }
                    out.put(k, merge(out.get(k), e.getValue(), shapes.fieldType(type, k, path),
                            path.child(PathElement.field(k))));
                }
                return out;
            }
            case LIST: {
                List<Object> rl = (List<Object>) r;
                ListIndex ri = ListIndex.of(shapes, type, rl, path).requireUnique(path);
                ListIndex li = l instanceof List ? ListIndex.of(shapes, type, (List<Object>) l, path) : null;
                if (li != null && li.hasDuplicates()) {
                    return withDefaultedKeys(type, Values.normalize(r));
                }
                return mergeItems(li, ri, type, path);
            }
            default:
                return withDefaultedKeys(type, Values.normalize(r));
        }
    }

    /**
     * Orders the merged list: walk both lists; a live item the configuration does not name stays where it is;
     * items the configuration names appear in the configuration's order.
     */
    private List<Object> mergeItems(ListIndex li, ListIndex ri, TypeSchema type, FieldPath path) {
        List<PathElement> lo = li == null ? List.of() : li.order();
        List<PathElement> ro = ri.order();
        List<PathElement> shared = new ArrayList<>();
        for (PathElement pe : ro) {
            if (li != null && li.items().containsKey(pe)) {
                shared.add(pe);
            }
        }
        int nextShared = 0;
        Set<PathElement> emitted = new HashSet<>();
        List<Object> out = new ArrayList<>(lo.size() + ro.size());
        int a = 0;
        int b = 0;
        while (a < lo.size() || b < ro.size()) {
            if (a < lo.size()) {
                PathElement pe = lo.get(a);
                boolean named = ri.items().containsKey(pe);
                if (!named) {
                    out.add(Values.normalize(li.items().get(pe)));
                    a++;
                    continue;
                }
                if (emitted.contains(pe)
                        || (nextShared < shared.size() && !shared.get(nextShared).equals(pe))) {
                    a++;
                    continue;
                }
            }
            if (b < ro.size()) {
                PathElement pe = ro.get(b++);
                Object live = li == null ? null : li.items().get(pe);
                Object merged = merge(live, ri.items().get(pe), type.elementType(), path.child(pe));
                out.add(type.listType() == TypeSchema.ListType.MAP ? fillKeys(type, merged) : merged);
                emitted.add(pe);
                if (nextShared < shared.size() && shared.get(nextShared).equals(pe)) {
                    nextShared++;
                }
            } else {
                a++;
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object withDefaultedKeys(TypeSchema type, Object value) {
        if (type.kind() == TypeSchema.Kind.LIST && type.listType() == TypeSchema.ListType.MAP
                && value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(fillKeys(type, item));
            }
            return out;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Object fillKeys(TypeSchema type, Object item) {
        if (item instanceof Map<?, ?> m) {
            Map<String, Object> missing = Shapes.missingDefaultedKeys(type, (Map<String, Object>) m);
            if (!missing.isEmpty()) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) m);
                copy.putAll(missing);
                return copy;
            }
        }
        return item;
    }
}
