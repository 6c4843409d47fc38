package io.gitops4j.api.render;

import io.gitops4j.api.Checks;
import java.util.Set;

/**
 * What one Application's rendered objects may contain (RD-16). The engine checks every render against the
 * Application's policy ({@code io.gitops4j.core.render.RenderPolicyCheck}) before anything is applied; a violation
 * fails the reconcile with {@link RenderException.Reason#POLICY} and nothing is written.
 *
 * @param namespaces namespaces namespaced objects may land in; empty means any
 * @param kinds kinds allowed, as {@code Kind} or {@code group/Kind} ({@code ""} group for the core API); empty
 *     means any
 * @param clusterScoped whether cluster-scoped objects (Namespaces, ClusterRoles, CRDs…) are allowed
 * @param clusterAdmin whether a (Cluster)RoleBinding may grant the {@code cluster-admin} ClusterRole
 * @param webhooks whether admission webhook configurations are allowed
 */
public record RenderPolicy(Set<String> namespaces, Set<String> kinds, boolean clusterScoped, boolean clusterAdmin,
        boolean webhooks) {
    /** Copies the sets; throws NullPointerException naming a null set. */
    public RenderPolicy {
        namespaces = Set.copyOf(Checks.notNull(namespaces, "namespaces"));
        kinds = Set.copyOf(Checks.notNull(kinds, "kinds"));
    }

    /** @return everything allowed (a trusted, cluster-admin Application) */
    public static RenderPolicy permissive() {
        return new RenderPolicy(Set.of(), Set.of(), true, true, true);
    }

    /** @return only namespaced objects in {@code namespace}: no cluster-scoped objects, webhooks or cluster-admin */
    public static RenderPolicy namespaced(String namespace) {
        return new RenderPolicy(Set.of(namespace), Set.of(), false, false, false);
    }

    /** @return a copy allowing only these kinds */
    public RenderPolicy withKinds(Set<String> allowed) {
        return new RenderPolicy(namespaces, allowed, clusterScoped, clusterAdmin, webhooks);
    }

    /** @return a copy allowing these namespaces */
    public RenderPolicy withNamespaces(Set<String> allowed) {
        return new RenderPolicy(allowed, kinds, clusterScoped, clusterAdmin, webhooks);
    }

    /** @return a copy with cluster-scoped objects allowed or not */
    public RenderPolicy withClusterScoped(boolean allowed) {
        return new RenderPolicy(namespaces, kinds, allowed, clusterAdmin, webhooks);
    }
}
