package io.gitops4j.testkit.server;

import io.gitops4j.testkit.kube.ResourceRegistry;
import io.gitops4j.testkit.kube.ResourceType;

import java.util.ArrayList;
import java.util.List;

/**
 * The discovery and OpenAPI documents of the served types, rebuilt lazily after the registry changes (a CRD was
 * created or deleted). Thread-safe.
 */
final class ServedDocuments {
    private record Snapshot(List<ResourceType> types, DiscoveryDocuments discovery, OpenApiV3Documents openApiV3,
                            OpenApiV2Document openApiV2) {
    }

    private final ResourceRegistry registry;
    private final String gitVersion;
    private volatile Snapshot snapshot;

    ServedDocuments(ResourceRegistry registry, String gitVersion) {
        this.registry = registry;
        this.gitVersion = gitVersion;
    }

    DiscoveryDocuments discovery() {
        return current().discovery();
    }

    OpenApiV3Documents openApiV3() {
        return current().openApiV3();
    }

    OpenApiV2Document openApiV2() {
        return current().openApiV2();
    }

    private Snapshot current() {
        List<ResourceType> types = registry.types();
        Snapshot s = snapshot;
        if (s != null && s.types() == types) {
            return s;
        }
        synchronized (this) {
            s = snapshot;
            if (s != null && s.types() == types) {
                return s;
            }
            List<ResourceType> ordered = new ArrayList<>(types);
            // preferred version first within a group, registration order otherwise
            java.util.Map<String, Integer> groupOrder = new java.util.HashMap<>();
            for (ResourceType t : types) {
                groupOrder.putIfAbsent(t.group(), groupOrder.size());
            }
            ordered.sort(java.util.Comparator.<ResourceType>comparingInt(t -> groupOrder.get(t.group()))
                    .thenComparing(ResourceType::version, ResourceRegistry.VERSION_PRIORITY));
            s = new Snapshot(types, new DiscoveryDocuments(ordered),
                    OpenApiV3Documents.render(ordered, gitVersion, s == null ? null : s.openApiV3()), new OpenApiV2Document(ordered, gitVersion));
            snapshot = s;
            return s;
        }
    }
}
