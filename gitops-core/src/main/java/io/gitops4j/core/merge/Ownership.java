package io.gitops4j.core.merge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which fields can be owned at all: those inside the request's {@link FieldScope}, never {@code apiVersion} or
 * {@code kind}, and of {@code metadata} only {@code labels}, {@code annotations}, {@code finalizers} and
 * {@code ownerReferences}.
 */
final class Ownership {

    private static final Set<String> OWNABLE_METADATA = Set.of("labels", "annotations", "finalizers",
            "ownerReferences");

    private final FieldScope scope;

    Ownership(FieldScope scope) {
        this.scope = scope;
    }

    FieldScope scope() {
        return scope;
    }

    boolean ownable(FieldPath p) {
        if (p.isRoot() || !(p.elements().get(0) instanceof PathElement.Field top)) {
            return false;
        }
        String name = top.name();
        if (name.equals("apiVersion") || name.equals("kind") || !scope.includes(name)) {
            return false;
        }
        if (name.equals("metadata")) {
            return p.size() >= 2 && p.elements().get(1) instanceof PathElement.Field f
                    && OWNABLE_METADATA.contains(f.name());
        }
        return true;
    }

    FieldSet ownable(FieldSet s) {
        List<FieldPath> keep = new ArrayList<>();
        boolean dropped = false;
        for (FieldPath p : s.paths()) {
            if (ownable(p)) {
                keep.add(p);
            } else {
                dropped = true;
            }
        }
        return dropped ? FieldSet.of(keep) : s;
    }

    /** A shallow copy of {@code config} without the top-level fields outside the scope. */
    Map<String, Object> inScope(Map<String, Object> config) {
        Map<String, Object> out = new java.util.LinkedHashMap<>(config);
        out.keySet().removeIf(k -> !scope.includes(k) && !k.equals("apiVersion") && !k.equals("kind"));
        return out;
    }

    /** {@code target} with its out-of-scope top-level fields replaced by those of {@code live}. */
    Map<String, Object> keepLiveOutsideScope(Map<String, Object> target, Map<String, Object> live) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Object> e : target.entrySet()) {
            String k = e.getKey();
            if (scope.includes(k) || k.equals("apiVersion") || k.equals("kind")) {
                out.put(k, e.getValue());
            } else if (live.containsKey(k)) {
                out.put(k, Values.normalize(live.get(k)));
            }
        }
        for (Map.Entry<String, Object> e : live.entrySet()) {
            String k = e.getKey();
            if (!out.containsKey(k) && !scope.includes(k) && !k.equals("apiVersion") && !k.equals("kind")) {
                out.put(k, Values.normalize(e.getValue()));
            }
        }
        return out;
    }
}
