package io.gitops4j.testkit.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops4j.testkit.kube.ResourceType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Discovery documents built from the served resource types: legacy ({@code APIVersions}, {@code APIGroupList},
 * {@code APIGroup}, {@code APIResourceList}) and aggregated ({@code APIGroupDiscoveryList}, v2 and v2beta1).
 *
 * <p>Groups appear in the order their types are registered, the core group first; within a group the first
 * registered version is the preferred one. Subresources are listed as {@code plural/status} and
 * {@code plural/scale} (the latter answering {@code autoscaling/v1 Scale}).
 */
final class DiscoveryDocuments {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SUBRESOURCE_VERBS = List.of("get", "patch", "update");

    /** group → version → types. */
    private final Map<String, Map<String, List<ResourceType>>> groups = new LinkedHashMap<>();

    DiscoveryDocuments(Collection<ResourceType> types) {
        groups.put("", new LinkedHashMap<>());
        for (ResourceType t : types) {
            groups.computeIfAbsent(t.group(), g -> new LinkedHashMap<>())
                    .computeIfAbsent(t.version(), v -> new ArrayList<>()).add(t);
        }
    }

    /** {@code GET /api}: the core group's versions. */
    ObjectNode apiVersions(String serverAddress) {
        ObjectNode root = JSON.createObjectNode();
        root.put("kind", "APIVersions");
        ArrayNode versions = root.putArray("versions");
        groups.get("").keySet().forEach(versions::add);
        root.putArray("serverAddressByClientCIDRs").addObject()
                .put("clientCIDR", "0.0.0.0/0").put("serverAddress", serverAddress);
        return root;
    }

    /** {@code GET /apis}: every named group. */
    ObjectNode apiGroupList() {
        ObjectNode root = JSON.createObjectNode();
        root.put("kind", "APIGroupList");
        root.put("apiVersion", "v1");
        ArrayNode list = root.putArray("groups");
        groups.forEach((group, versions) -> {
            if (!group.isEmpty() && !versions.isEmpty()) {
                list.add(apiGroupBody(group, versions));
            }
        });
        return root;
    }

    /** {@code GET /apis/{group}}; empty when the group is not served. */
    Optional<ObjectNode> apiGroup(String group) {
        Map<String, List<ResourceType>> versions = groups.get(group);
        if (group.isEmpty() || versions == null || versions.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode node = apiGroupBody(group, versions);
        ObjectNode root = JSON.createObjectNode();
        root.put("kind", "APIGroup");
        root.put("apiVersion", "v1");
        root.setAll(node);
        return Optional.of(root);
    }

    private ObjectNode apiGroupBody(String group, Map<String, List<ResourceType>> versions) {
        ObjectNode g = JSON.createObjectNode();
        g.put("name", group);
        ArrayNode vs = g.putArray("versions");
        for (String v : versions.keySet()) {
            vs.addObject().put("groupVersion", group + "/" + v).put("version", v);
        }
        String preferred = versions.keySet().iterator().next();
        g.putObject("preferredVersion").put("groupVersion", group + "/" + preferred).put("version", preferred);
        return g;
    }

    /** {@code GET /api/{v}} or {@code /apis/{g}/{v}}; empty when that group/version is not served. */
    Optional<ObjectNode> apiResourceList(String group, String version) {
        Map<String, List<ResourceType>> versions = groups.get(group);
        List<ResourceType> types = versions == null ? null : versions.get(version);
        if (types == null) {
            return Optional.empty();
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("kind", "APIResourceList");
        root.put("apiVersion", "v1");
        root.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode resources = root.putArray("resources");
        for (ResourceType t : types) {
            ObjectNode r = resources.addObject();
            r.put("name", t.plural());
            r.put("singularName", t.singular());
            r.put("namespaced", t.namespaced());
            r.put("kind", t.kind());
            strings(r.putArray("verbs"), t.verbs());
            if (!t.shortNames().isEmpty()) {
                strings(r.putArray("shortNames"), t.shortNames());
            }
            if (!t.categories().isEmpty()) {
                strings(r.putArray("categories"), t.categories());
            }
            for (String sub : sorted(t)) {
                ObjectNode s = resources.addObject();
                s.put("name", t.plural() + "/" + sub);
                s.put("singularName", "");
                s.put("namespaced", t.namespaced());
                if (sub.equals("scale")) {
                    s.put("group", "autoscaling").put("version", "v1").put("kind", "Scale");
                } else {
                    s.put("kind", t.kind());
                }
                strings(s.putArray("verbs"), SUBRESOURCE_VERBS);
            }
        }
        return Optional.of(root);
    }

    /** The aggregated document for {@code /api} ({@code core=true}) or {@code /apis}, in version {@code v2} or {@code v2beta1}. */
    ObjectNode aggregated(boolean core, String discoveryVersion) {
        ObjectNode root = JSON.createObjectNode();
        root.put("kind", "APIGroupDiscoveryList");
        root.put("apiVersion", "apidiscovery.k8s.io/" + discoveryVersion);
        root.putObject("metadata");
        ArrayNode items = root.putArray("items");
        groups.forEach((group, versions) -> {
            if (group.isEmpty() != core || versions.isEmpty()) {
                return;
            }
            ObjectNode item = items.addObject();
            item.putObject("metadata").put("name", group).putNull("creationTimestamp");
            ArrayNode vs = item.putArray("versions");
            versions.forEach((version, types) -> {
                ObjectNode v = vs.addObject();
                v.put("version", version);
                ArrayNode resources = v.putArray("resources");
                for (ResourceType t : types) {
                    ObjectNode r = resources.addObject();
                    r.put("resource", t.plural());
                    kind(r.putObject("responseKind"), t.group(), t.version(), t.kind());
                    r.put("scope", t.namespaced() ? "Namespaced" : "Cluster");
                    r.put("singularResource", t.singular());
                    strings(r.putArray("verbs"), t.verbs());
                    if (!t.shortNames().isEmpty()) {
                        strings(r.putArray("shortNames"), t.shortNames());
                    }
                    if (!t.categories().isEmpty()) {
                        strings(r.putArray("categories"), t.categories());
                    }
                    List<String> subs = sorted(t);
                    if (!subs.isEmpty()) {
                        ArrayNode sa = r.putArray("subresources");
                        for (String sub : subs) {
                            ObjectNode s = sa.addObject();
                            s.put("subresource", sub);
                            if (sub.equals("scale")) {
                                kind(s.putObject("responseKind"), "autoscaling", "v1", "Scale");
                            } else {
                                kind(s.putObject("responseKind"), t.group(), t.version(), t.kind());
                            }
                            strings(s.putArray("verbs"), SUBRESOURCE_VERBS);
                        }
                    }
                }
                v.put("freshness", "Current");
            });
        });
        return root;
    }

    private static List<String> sorted(ResourceType t) {
        List<String> subs = new ArrayList<>(t.subresources());
        subs.sort(null);
        return subs;
    }

    private static void kind(ObjectNode node, String group, String version, String kind) {
        node.put("group", group).put("version", version).put("kind", kind);
    }

    private static void strings(ArrayNode array, Collection<String> values) {
        values.forEach(array::add);
    }
}
