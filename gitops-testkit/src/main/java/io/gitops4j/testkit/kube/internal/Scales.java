package io.gitops4j.testkit.kube.internal;

import io.gitops4j.testkit.kube.FakeKubeException;
import io.gitops4j.testkit.kube.ResourceType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code scale} subresource: an {@code autoscaling/v1 Scale} view of an object and writing its
 * {@code spec.replicas} back. Built-ins use {@code .spec.replicas}, {@code .status.replicas} and
 * {@code spec.selector}; custom resources the paths their CRD declares.
 */
final class Scales {

    private record Paths(String specReplicas, String statusReplicas, String labelSelector) {
    }

    private Scales() {
    }

    static Map<String, Object> view(KubeStore store, ResourceType type, Map<String, Object> object) {
        Paths paths = paths(store, type);
        Map<String, Object> meta = new LinkedHashMap<>();
        Map<String, Object> src = Trees.map(object, "metadata");
        for (String k : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
            if (src != null && src.containsKey(k)) {
                meta.put(k, src.get(k));
            }
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        Object replicas = at(object, paths.specReplicas);
        spec.put("replicas", replicas instanceof Number n ? n.longValue() : 0L);
        Map<String, Object> status = new LinkedHashMap<>();
        Object current = at(object, paths.statusReplicas);
        status.put("replicas", current instanceof Number n ? n.longValue() : 0L);
        String selector = selector(type, object, paths);
        if (!selector.isEmpty()) {
            status.put("selector", selector);
        }
        Map<String, Object> scale = new LinkedHashMap<>();
        scale.put("kind", "Scale");
        scale.put("apiVersion", "autoscaling/v1");
        scale.put("metadata", meta);
        scale.put("spec", spec);
        scale.put("status", status);
        return Trees.copy(scale);
    }

    /** The object with {@code spec.replicas} taken from a Scale. */
    static Map<String, Object> apply(KubeStore store, ResourceType type, Map<String, Object> old,
                                     Map<String, Object> scale) {
        Object replicas = Trees.path(scale, "spec.replicas");
        if (!(replicas instanceof Number n) || n.longValue() < 0) {
            Map<String, Object> cause = ObjectValidator.invalid("spec.replicas", String.valueOf(replicas),
                    "must be greater than or equal to 0");
            throw FakeKubeException.invalid(new ResourceType("autoscaling", "v1", "scale", "scale", "Scale", true,
                    null, null, null, null, null, null), Trees.metaString(old, "name"), List.of(cause));
        }
        Map<String, Object> out = Trees.copy(old);
        String[] parts = paths(store, type).specReplicas.substring(1).split("\\.");
        Map<String, Object> cur = out;
        for (int i = 0; i < parts.length - 1; i++) {
            cur = Trees.mapOrCreate(cur, parts[i]);
        }
        cur.put(parts[parts.length - 1], n.longValue());
        String rv = Trees.metaString(scale, "resourceVersion");
        if (!rv.isEmpty()) {
            Trees.meta(out).put("resourceVersion", rv);
        }
        return out;
    }

    private static String selector(ResourceType type, Map<String, Object> object, Paths paths) {
        if (!paths.labelSelector.isEmpty()) {
            Object s = at(object, paths.labelSelector);
            return s == null ? "" : String.valueOf(s);
        }
        Map<String, Object> match = Trees.map(Trees.map(Trees.map(object, "spec"), "selector"), "matchLabels");
        if (match == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        new TreeMap<>(match).forEach((k, v) -> b.append(b.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return b.toString();
    }

    private static Object at(Map<String, Object> object, String jsonPath) {
        return jsonPath.startsWith(".") ? Trees.path(object, jsonPath.substring(1)) : null;
    }

    private static Paths paths(KubeStore store, ResourceType type) {
        if (ObjectRules.isBuiltin(type)) {
            return new Paths(".spec.replicas", ".status.replicas", "");
        }
        for (Map<String, Object> crd : store.crds()) {
            Map<String, Object> spec = Trees.map(crd, "spec");
            if (!type.group().equals(Trees.string(spec, "group"))
                    || !type.plural().equals(Trees.string(Trees.map(spec, "names"), "plural"))) {
                continue;
            }
            List<Object> versions = Trees.list(spec, "versions");
            for (Object v : versions == null ? List.of() : versions) {
                if (v instanceof Map<?, ?> m && type.version().equals(m.get("name"))) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> scale = Trees.map(Trees.map((Map<String, Object>) m, "subresources"), "scale");
                    if (scale != null) {
                        String spec2 = Trees.string(scale, "specReplicasPath");
                        return new Paths(spec2.isEmpty() ? ".spec.replicas" : spec2,
                                Trees.string(scale, "statusReplicasPath"), Trees.string(scale, "labelSelectorPath"));
                    }
                }
            }
        }
        return new Paths(".spec.replicas", ".status.replicas", "");
    }
}
