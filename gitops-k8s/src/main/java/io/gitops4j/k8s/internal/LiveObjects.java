package io.gitops4j.k8s.internal;

import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.target.LiveObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Live objects from API answers. List items may come without {@code apiVersion} and {@code kind} (a real server
 * leaves them out of list items); they are filled in from the request. A Secret's
 * {@code kubectl.kubernetes.io/last-applied-configuration} annotation holds its data in clear text, so it is replaced
 * by {@value #REDACTED} before anyone can show it (DA-11).
 */
public final class LiveObjects {
    /** The annotation client-side {@code kubectl apply} keeps the applied object in. */
    public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    /** What replaces a redacted value. */
    public static final String REDACTED = "<redacted>";

    private LiveObjects() {}

    /** @return the live object an answer holds, with {@code apiVersion}/{@code kind} filled in when absent */
    public static LiveObject of(Map<String, Object> tree, String apiVersion, String kind) {
        Map<String, Object> t = tree;
        if (!(tree.get("apiVersion") instanceof String) || !(tree.get("kind") instanceof String)) {
            t = new LinkedHashMap<>(tree);
            t.putIfAbsent("apiVersion", apiVersion);
            t.putIfAbsent("kind", kind);
            if (!(t.get("apiVersion") instanceof String)) {
                t.put("apiVersion", apiVersion);
            }
            if (!(t.get("kind") instanceof String)) {
                t.put("kind", kind);
            }
        }
        return LiveObject.of(Manifest.of(redacted(t)));
    }

    /** @return the tree, with a Secret's last-applied annotation redacted */
    static Map<String, Object> redacted(Map<String, Object> tree) {
        if (!"Secret".equals(tree.get("kind")) || !"v1".equals(tree.get("apiVersion"))) {
            return tree;
        }
        Map<String, Object> meta = Json.map(tree, "metadata");
        Map<String, Object> annotations = Json.map(meta, "annotations");
        if (!annotations.containsKey(LAST_APPLIED)) {
            return tree;
        }
        Map<String, Object> a = new LinkedHashMap<>(annotations);
        a.put(LAST_APPLIED, REDACTED);
        Map<String, Object> m = new LinkedHashMap<>(meta);
        m.put("annotations", a);
        Map<String, Object> t = new LinkedHashMap<>(tree);
        t.put("metadata", m);
        return t;
    }
}
