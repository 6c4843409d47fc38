package io.gitops4j.core.plan;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ManifestSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which kinds are cluster-scoped: the built-in cluster-scoped kinds of Kubernetes 1.33, plus the kinds of
 * cluster-scoped CustomResourceDefinitions found in the same desired state. Everything else is namespaced.
 */
public final class Scopes {
    private static final Set<GroupKind> BUILT_IN = Set.of(
            new GroupKind("", "Namespace"), new GroupKind("", "Node"), new GroupKind("", "PersistentVolume"),
            new GroupKind("", "ComponentStatus"),
            new GroupKind("apiextensions.k8s.io", "CustomResourceDefinition"),
            new GroupKind("apiregistration.k8s.io", "APIService"),
            new GroupKind("rbac.authorization.k8s.io", "ClusterRole"),
            new GroupKind("rbac.authorization.k8s.io", "ClusterRoleBinding"),
            new GroupKind("storage.k8s.io", "StorageClass"), new GroupKind("storage.k8s.io", "CSIDriver"),
            new GroupKind("storage.k8s.io", "CSINode"), new GroupKind("storage.k8s.io", "VolumeAttachment"),
            new GroupKind("scheduling.k8s.io", "PriorityClass"),
            new GroupKind("networking.k8s.io", "IngressClass"),
            new GroupKind("node.k8s.io", "RuntimeClass"),
            new GroupKind("admissionregistration.k8s.io", "MutatingWebhookConfiguration"),
            new GroupKind("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"),
            new GroupKind("admissionregistration.k8s.io", "ValidatingAdmissionPolicy"),
            new GroupKind("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"),
            new GroupKind("flowcontrol.apiserver.k8s.io", "FlowSchema"),
            new GroupKind("flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration"),
            new GroupKind("certificates.k8s.io", "CertificateSigningRequest"));

    private final Set<GroupKind> clusterScoped;

    private Scopes(Set<GroupKind> clusterScoped) {
        this.clusterScoped = Set.copyOf(clusterScoped);
    }

    /** @return the built-in scopes plus cluster-scoped CRDs declared in {@code desired} */
    public static Scopes of(ManifestSet desired) {
        Set<GroupKind> kinds = new HashSet<>(BUILT_IN);
        for (Manifest m : desired) {
            if (m.kind().equals("CustomResourceDefinition") && "Cluster".equals(m.get("spec", "scope").orElse(null))) {
                Object group = m.get("spec", "group").orElse("");
                Object names = m.get("spec", "names").orElse(Map.of());
                Object kind = names instanceof Map ? ((Map<?, ?>) names).get("kind") : null;
                if (group instanceof String && kind instanceof String) {
                    kinds.add(new GroupKind((String) group, (String) kind));
                }
            }
        }
        return new Scopes(kinds);
    }

    /** @return true when objects of this kind have no namespace */
    public boolean isClusterScoped(GroupKind kind) {
        return clusterScoped.contains(kind);
    }
}
