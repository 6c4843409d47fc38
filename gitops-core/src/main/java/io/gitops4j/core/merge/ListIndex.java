package io.gitops4j.core.merge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The items of an associative list by their {@link PathElement}, in list order. */
record ListIndex(List<PathElement> order, Map<PathElement, Object> items, PathElement duplicate) {

    static ListIndex of(Shapes shapes, TypeSchema type, List<?> list, FieldPath path) {
        List<PathElement> order = new ArrayList<>(list.size());
        Map<PathElement, Object> items = new HashMap<>(list.size() * 2);
        PathElement duplicate = null;
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            PathElement pe = shapes.itemElement(type, item, i, path);
            if (items.containsKey(pe)) {
                if (duplicate == null) {
                    duplicate = pe;
                }
                continue;
            }
            order.add(pe);
            items.put(pe, item);
        }
        return new ListIndex(order, items, duplicate);
    }

    boolean hasDuplicates() {
        return duplicate != null;
    }

    /** Fails on duplicate keys: a request may not name the same item twice. */
    ListIndex requireUnique(FieldPath path) {
        if (duplicate != null) {
            throw new MergeException(path + ": duplicate entries for key " + duplicate);
        }
        return this;
    }
}
