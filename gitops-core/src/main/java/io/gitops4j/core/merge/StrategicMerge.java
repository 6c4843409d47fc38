package io.gitops4j.core.merge;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The recursive strategic-merge walk behind {@link StrategicMergePatch}. Works on fresh copies it may mutate.
 */
final class StrategicMerge {

    private static final String PATCH = "$patch";
    private static final String RETAIN_KEYS = "$retainKeys";
    private static final String SET_ORDER = "$setElementOrder/";
    private static final String DELETE_FROM = "$deleteFromPrimitiveList/";

    /** Patches a map; returns null when the patch deletes it. */
    Map<String, Object> patchObject(Map<String, Object> original, Map<String, Object> patch, TypeSchema type) {
        Object directive = patch.get(PATCH);
        if (directive != null) {
            switch (String.valueOf(directive)) {
                case "delete":
                    return null;
                case "replace":
                    return clean(withoutDirectives(patch), type);
                case "merge":
                    break;
                default:
                    throw new PatchException("unknown patch type: " + directive + " in map: " + JsonText.write(patch));
            }
        }
        Map<String, Object> out = original == null ? new LinkedHashMap<>() : original;
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(DELETE_FROM)) {
                String field = key.substring(DELETE_FROM.length());
                if (!(e.getValue() instanceof List<?> gone)) {
                    throw new PatchException("invalid " + key + ": must be a list");
                }
                if (out.get(field) instanceof List<?> list) {
                    List<Object> kept = new ArrayList<>();
                    for (Object o : list) {
                        if (gone.stream().noneMatch(g -> Values.equal(g, o))) {
                            kept.add(o);
                        }
                    }
                    out.put(field, kept);
                }
            }
        }
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("$")) {
                continue;
            }
            TypeSchema ft = type.fieldType(key).orElse(TypeSchema.UNTYPED);
            Object value = e.getValue();
            if (value == null) {
                out.remove(key);
                continue;
            }
            Object patched = patchValue(out.get(key), value, ft, key);
            if (patched == null) {
                out.remove(key);
            } else {
                out.put(key, patched);
            }
        }
        if (patch.get(RETAIN_KEYS) != null) {
            retainKeys(out, patch);
        }
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            if (e.getKey().startsWith(SET_ORDER)) {
                String field = e.getKey().substring(SET_ORDER.length());
                if (!(e.getValue() instanceof List<?> order)) {
                    throw new PatchException("invalid " + e.getKey() + ": must be a list");
                }
                TypeSchema ft = type.fieldType(field).orElse(TypeSchema.UNTYPED);
                if (out.get(field) instanceof List<?> list) {
                    out.put(field, reorder(list, order, ft.patchMergeKey().orElse(null)));
                }
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private Object patchValue(Object original, Object patch, TypeSchema type, String field) {
        boolean replace = type.patchStrategy().contains("replace");
        if (patch instanceof Map<?, ?> pm) {
            Map<String, Object> p = (Map<String, Object>) pm;
            if (replace || !(original instanceof Map)) {
                Object d = p.get(PATCH);
                if ("delete".equals(d)) {
                    return null;
                }
                return patchObject(null, p, type.kind() == TypeSchema.Kind.LIST ? TypeSchema.UNTYPED : type);
            }
            return patchObject((Map<String, Object>) original, p, type);
        }
        if (patch instanceof List<?> pl) {
            List<Object> p = (List<Object>) pl;
            boolean merge = type.patchStrategy().contains("merge");
            if (!merge || !(original instanceof List)) {
                return cleanList(p, type, field);
            }
            Object first = p.stream().filter(i -> i instanceof Map<?, ?> m && m.containsKey(PATCH)).findFirst()
                    .orElse(null);
            if (first != null && "replace".equals(((Map<String, Object>) first).get(PATCH))) {
                List<Object> rest = new ArrayList<>(p);
                rest.remove(first);
                return cleanList(rest, type, field);
            }
            String key = type.patchMergeKey().orElse(null);
            List<Object> orig = (List<Object>) original;
            if (key == null || orig.stream().allMatch(Values::isScalar) && p.stream().allMatch(Values::isScalar)) {
                return mergePrimitives(orig, p);
            }
            return mergeByKey(orig, p, key, type.elementType(), field);
        }
        return patch;
    }

    private static List<Object> mergePrimitives(List<Object> original, List<Object> patch) {
        List<Object> out = new ArrayList<>(original);
        for (Object o : patch) {
            if (out.stream().noneMatch(x -> Values.equal(x, o))) {
                out.add(o);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private List<Object> mergeByKey(List<Object> original, List<Object> patch, String key, TypeSchema element,
                                    String field) {
        List<Object> out = new ArrayList<>(original);
        for (Object item : patch) {
            if (!(item instanceof Map<?, ?> im)) {
                throw new PatchException("list " + field + ": expected objects with merge key " + key);
            }
            Map<String, Object> pi = (Map<String, Object>) im;
            if (!pi.containsKey(key)) {
                throw new PatchException("map: " + JsonText.write(pi) + " does not contain declared merge key: "
                        + key);
            }
            int idx = indexOf(out, key, pi.get(key));
            Object directive = pi.get(PATCH);
            if ("delete".equals(directive)) {
                if (idx >= 0) {
                    out.remove(idx);
                }
                continue;
            }
            if (idx >= 0) {
                Map<String, Object> merged = patchObject((Map<String, Object>) out.get(idx), pi, element);
                if (merged == null) {
                    out.remove(idx);
                } else {
                    out.set(idx, merged);
                }
            } else {
                Map<String, Object> added = patchObject(null, pi, element);
                if (added != null) {
                    out.add(added);
                }
            }
        }
        return out;
    }

    private static int indexOf(List<Object> list, String key, Object value) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof Map<?, ?> m && Values.equal(m.get(key), value)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Orders {@code list} as {@code order} says (by merge key for objects, by value for primitives); items the
     * order does not mention keep their relative order after the ordered ones.
     */
    private static List<Object> reorder(List<?> list, List<?> order, String key) {
        List<Object> out = new ArrayList<>(list.size());
        Set<Integer> used = new HashSet<>();
        for (Object o : order) {
            Object wanted = key != null && o instanceof Map<?, ?> m ? m.get(key) : o;
            for (int i = 0; i < list.size(); i++) {
                Object item = list.get(i);
                Object id = key != null && item instanceof Map<?, ?> m ? m.get(key) : item;
                if (!used.contains(i) && Values.equal(id, wanted)) {
                    out.add(item);
                    used.add(i);
                    break;
                }
            }
        }
        for (int i = 0; i < list.size(); i++) {
            if (!used.contains(i)) {
                out.add(list.get(i));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void retainKeys(Map<String, Object> out, Map<String, Object> patch) {
        if (!(patch.get(RETAIN_KEYS) instanceof List<?> keep)) {
            throw new PatchException("invalid $retainKeys: must be a list");
        }
        Set<String> retained = new HashSet<>();
        keep.forEach(k -> retained.add(String.valueOf(k)));
        for (String k : patch.keySet()) {
            if (!k.startsWith("$") && patch.get(k) != null && !retained.contains(k)) {
                throw new PatchException("The $retainKeys directive does not contain the key " + JsonText.write(k)
                        + " in the patch");
            }
        }
        out.keySet().removeIf(k -> !retained.contains(k));
    }

    private static Map<String, Object> withoutDirectives(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>(m);
        out.keySet().removeIf(k -> k.startsWith("$"));
        return out;
    }

    /** A patch value inserted where nothing was: directives removed, nested maps cleaned the same way. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> clean(Map<String, Object> m, TypeSchema type) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (e.getKey().startsWith("$") || e.getValue() == null) {
                continue;
            }
            TypeSchema ft = type.fieldType(e.getKey()).orElse(TypeSchema.UNTYPED);
            Object v = e.getValue();
            if (v instanceof Map<?, ?> sub) {
                Map<String, Object> c = patchObject(null, (Map<String, Object>) sub, ft);
                if (c != null) {
                    out.put(e.getKey(), c);
                }
            } else if (v instanceof List<?> l) {
                out.put(e.getKey(), cleanList((List<Object>) l, ft, e.getKey()));
            } else {
                out.put(e.getKey(), v);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private List<Object> cleanList(List<Object> list, TypeSchema type, String field) {
        List<Object> out = new ArrayList<>(list.size());
        for (Object o : list) {
            if (o instanceof Map<?, ?> m) {
                Object d = m.get(PATCH);
                if ("delete".equals(d) || "replace".equals(d) && m.size() == 1) {
                    continue;
                }
                Map<String, Object> c = patchObject(null, (Map<String, Object>) m, type.elementType());
                if (c != null) {
                    out.add(c);
                }
            } else {
                out.add(o);
            }
        }
        return out;
    }
}
