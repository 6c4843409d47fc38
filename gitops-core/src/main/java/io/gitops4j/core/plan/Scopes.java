package io.gitops4j.core.plan;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ManifestSet;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.api.target.KindInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which kinds are cluster-scoped, as the cluster serves them ({@link ClusterView#kind}), and for a kind the cluster
 * does not serve yet because a CustomResourceDefinition in the same desired state defines it, as that CRD declares
 * ({@code spec.scope}). A kind neither served nor defined is taken as namespaced (its apply then fails with
 * {@code UNKNOWN_KIND}, DA-08). One lookup per kind; not thread-safe (one per plan).
 */
public final class Scopes {
    private static final String CRD = "CustomResourceDefinition";

    private final ClusterView view;
    private final Map<GroupKind, Boolean> definedInDesired = new HashMap<>();
    private final Map<GroupKind, Optional<KindInfo>> served = new HashMap<>();

    private Scopes(ClusterView view) {
        this.view = view;
    }

    /** @return the scopes of the kinds {@code view} serves, and of those {@code desired}'s CRDs define */
    public static Scopes of(ClusterView view, ManifestSet desired) {
        Scopes scopes = new Scopes(view);
        for (Manifest m : desired) {
            if (m.kind().equals(CRD) && m.groupKind().group().equals("apiextensions.k8s.io")) {
                Object group = m.get("spec", "group").orElse("");
                Object names = m.get("spec", "names").orElse(Map.of());
                Object kind = names instanceof Map<?, ?> n ? n.get("kind") : null;
                if (group instanceof String g && kind instanceof String k) {
                    scopes.definedInDesired.put(new GroupKind(g, k),
                            !"Cluster".equals(m.get("spec", "scope").orElse(null)));
                }
            }
        }
        return scopes;
    }

    /** @return what the cluster serves for {@code kind}, looked up once; empty when not served */
    public Optional<KindInfo> served(GroupKind kind) {
        return served.computeIfAbsent(kind, view::kind);
    }

    /** @return true when a CRD of the desired state defines {@code kind} */
    public boolean definedInDesired(GroupKind kind) {
        return definedInDesired.containsKey(kind);
    }

    /** @return true when objects of this kind have no namespace */
    public boolean isClusterScoped(GroupKind kind) {
        Optional<KindInfo> info = served(kind);
        if (info.isPresent()) {
            return !info.get().namespaced();
        }
        return !definedInDesired.getOrDefault(kind, true);
    }
}
