package io.gitops4j.core.plan;

import io.gitops4j.api.resource.GroupKind;
import java.util.Set;

/**
 * Apply order (DA-07): CRDs and Namespaces first (stage 0), then configuration and access (stage 1: ConfigMaps,
 * Secrets, ServiceAccounts, RBAC, storage), then everything built in (stage 2: workloads, Services, …), then
 * custom resources (stage 3). Prune runs the other way round (PR-08).
 */
public final class Stages {
    /** Number of stages. */
    public static final int COUNT = 4;

    private static final Set<String> BUILT_IN_GROUPS = Set.of("", "apps", "batch", "autoscaling", "policy",
            "networking.k8s.io", "rbac.authorization.k8s.io", "storage.k8s.io", "scheduling.k8s.io",
            "apiextensions.k8s.io", "admissionregistration.k8s.io", "coordination.k8s.io", "discovery.k8s.io",
            "node.k8s.io", "events.k8s.io", "certificates.k8s.io", "apiregistration.k8s.io",
            "flowcontrol.apiserver.k8s.io", "resource.k8s.io", "storagemigration.k8s.io");
    private static final Set<String> CONFIG_KINDS = Set.of("ConfigMap", "Secret", "ServiceAccount", "Role",
            "RoleBinding", "ClusterRole", "ClusterRoleBinding", "PersistentVolumeClaim", "PersistentVolume",
            "StorageClass", "LimitRange", "ResourceQuota", "PriorityClass", "NetworkPolicy");

    private Stages() {}

    /** @return the apply stage of a kind, 0 first */
    public static int of(GroupKind kind) {
        if (kind.kind().equals("CustomResourceDefinition") || (kind.isCore() && kind.kind().equals("Namespace"))) {
            return 0;
        }
        if (!BUILT_IN_GROUPS.contains(kind.group())) {
            return 3;
        }
        return CONFIG_KINDS.contains(kind.kind()) ? 1 : 2;
    }

    /** @return true for kinds whose prune always needs confirmation (PR-03): Namespace, CRD, PVC */
    public static boolean isCritical(GroupKind kind) {
        return (kind.isCore() && (kind.kind().equals("Namespace") || kind.kind().equals("PersistentVolumeClaim")))
                || kind.kind().equals("CustomResourceDefinition");
    }
}
