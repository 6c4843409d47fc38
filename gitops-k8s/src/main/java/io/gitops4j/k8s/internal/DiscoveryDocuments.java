package io.gitops4j.k8s.internal;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.target.KindInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads discovery documents into {@link ServedKind}s: the aggregated form ({@code APIGroupDiscoveryList},
 * {@code apidiscovery.k8s.io} v2 or v2beta1: one document for {@code /api}, one for {@code /apis}, versions in order
 * of preference) and the legacy form ({@code APIResourceList} per group version). Subresources are listed with their
 * parent. Stateless.
 */
final class DiscoveryDocuments {
    private final Map<GroupKind, Building> kinds = new LinkedHashMap<>();

    /** Adds every resource of an aggregated document. */
    void addAggregated(Map<String, Object> list) {
        for (Object item : Json.list(list, "items")) {
            if (!(item instanceof Map<?, ?> group)) {
                continue;
            }
            String name = Json.string(Json.map(group, "metadata"), "name");
            for (Object v : Json.list(group, "versions")) {
                if (!(v instanceof Map<?, ?> version)) {
                    continue;
                }
                String ver = Json.string(version, "version");
                for (Object r : Json.list(version, "resources")) {
                    if (r instanceof Map<?, ?> res) {
                        String kind = Json.string(Json.map(res, "responseKind"), "kind");
                        Set<String> subs = new LinkedHashSet<>();
                        for (Object s : Json.list(res, "subresources")) {
                            if (s instanceof Map<?, ?> sub) {
                                subs.add(Json.string(sub, "subresource"));
                            }
                        }
                        add(name, ver, kind, Json.string(res, "resource"),
                                "Namespaced".equals(Json.string(res, "scope")), strings(Json.list(res, "verbs")), subs);
                    }
                }
            }
        }
    }

    /** Adds every resource of a legacy {@code APIResourceList} of {@code group}/{@code version}. */
    void addLegacy(String group, String version, Map<String, Object> resourceList) {
        Map<String, Set<String>> subresources = new LinkedHashMap<>();
        for (Object r : Json.list(resourceList, "resources")) {
            if (r instanceof Map<?, ?> res) {
                String name = Json.string(res, "name");
                int slash = name.indexOf('/');
                if (slash > 0) {
                    subresources.computeIfAbsent(name.substring(0, slash), k -> new LinkedHashSet<>())
                            .add(name.substring(slash + 1));
                }
            }
        }
        for (Object r : Json.list(resourceList, "resources")) {
            if (r instanceof Map<?, ?> res && !Json.string(res, "name").contains("/")) {
                String name = Json.string(res, "name");
                add(group, version, Json.string(res, "kind"), name, Boolean.TRUE.equals(res.get("namespaced")),
                        strings(Json.list(res, "verbs")), subresources.getOrDefault(name, Set.of()));
            }
        }
    }

    private void add(String group, String version, String kind, String resource, boolean namespaced,
            List<String> verbs, Set<String> subresources) {
        if (kind.isEmpty() || resource.isEmpty() || version.isEmpty()) {
            return;
        }
        Building b = kinds.computeIfAbsent(new GroupKind(group, kind),
                k -> new Building(resource, namespaced, verbs, subresources));
        if (!b.versions.contains(version)) {
            b.versions.add(version);
        }
    }

    /** @return the kinds read so far */
    Map<GroupKind, ServedKind> result() {
        Map<GroupKind, ServedKind> out = new LinkedHashMap<>();
        kinds.forEach((gk, b) -> out.put(gk, new ServedKind(new KindInfo(gk, b.resource, b.namespaced,
                b.versions, Set.copyOf(b.verbs)), b.subresources)));
        return out;
    }

    private static List<String> strings(List<?> values) {
        List<String> out = new ArrayList<>();
        for (Object o : values) {
            if (o instanceof String s) {
                out.add(s);
            }
        }
        return out;
    }

    private static final class Building {
        final String resource;
        final boolean namespaced;
        final List<String> verbs;
        final Set<String> subresources;
        final List<String> versions = new ArrayList<>();

        Building(String resource, boolean namespaced, List<String> verbs, Set<String> subresources) {
            this.resource = resource;
            this.namespaced = namespaced;
            this.verbs = verbs;
            this.subresources = subresources;
        }
    }
}
