package io.gitops4j.testkit.kube.internal;

import static io.gitops4j.testkit.kube.internal.Defaults.maps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The LimitRanger admission plugin for new Pods: resource defaults from the namespace's LimitRanges; their
 * min/max/ratio constraints are checked after it by {@link LimitRangeCheck}. Runs under the store lock. Stateless.
 */
final class LimitRanger {

    private LimitRanger() {
    }

    /**
     * LimitRanger: each LimitRange of the namespace fills in its {@code Container} defaults (limits from
     * {@code default}, requests from {@code defaultRequest}) the containers leave out, and says so in the
     * {@code kubernetes.io/limit-ranger} annotation (the last LimitRange that set something wins).
     */
    static void admit(KubeStore store, String ns, Map<String, Object> pod, Map<String, Object> spec) {
        KubeStore.Bucket ranges = store.bucket("/limitranges");
        if (ranges == null) {
            return;
        }
        for (Map<String, Object> range : ranges.objects.values()) {
            if (!ns.equals(Trees.metaString(range, "namespace"))) {
                continue;
            }
            Map<String, Object> limits = new TreeMap<>();
            Map<String, Object> requests = new TreeMap<>();
            for (Map<String, Object> item : maps(Trees.list(Trees.map(range, "spec"), "limits"))) {
                if ("Container".equals(item.get("type"))) {
                    Map<String, Object> d = Trees.map(item, "default");
                    Map<String, Object> r = Trees.map(item, "defaultRequest");
                    if (d != null) {
                        limits.putAll(d);
                    }
                    if (r != null) {
                        requests.putAll(r);
                    }
                }
            }
            List<String> notes = new ArrayList<>();
            for (String list : List.of("containers", "initContainers")) {
                String what = list.equals("containers") ? "container " : "init container ";
                for (Map<String, Object> c : maps(Trees.list(spec, list))) {
                    Map<String, Object> resources = Trees.mapOrCreate(c, "resources");
                    List<String> setRequests = fill(Trees.mapOrCreate(resources, "requests"), requests);
                    List<String> setLimits = fill(Trees.mapOrCreate(resources, "limits"), limits);
                    for (String k : List.of("requests", "limits")) {
                        if (Trees.map(resources, k).isEmpty()) {
                            resources.remove(k);
                        }
                    }
                    if (!setRequests.isEmpty()) {
                        notes.add(String.join(", ", setRequests) + " request for " + what + Trees.string(c, "name"));
                    }
                    if (!setLimits.isEmpty()) {
                        notes.add(String.join(", ", setLimits) + " limit for " + what + Trees.string(c, "name"));
                    }
                }
            }
            if (!notes.isEmpty()) {
                Trees.mapOrCreate(Trees.meta(pod), "annotations").put("kubernetes.io/limit-ranger",
                        "LimitRanger plugin set: " + String.join("; ", notes));
            }
        }
    }

    /** Copies the entries of {@code defaults} missing from {@code target}; returns their names, sorted. */
    private static List<String> fill(Map<String, Object> target, Map<String, Object> defaults) {
        List<String> set = new ArrayList<>();
        defaults.forEach((k, v) -> {
            if (!target.containsKey(k)) {
                target.put(k, Trees.copy(v));
                set.add(k);
            }
        });
        return set;
    }
}
