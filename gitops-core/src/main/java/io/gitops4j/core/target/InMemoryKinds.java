package io.gitops4j.core.target;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.target.KindInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What an {@link InMemoryTarget} says it serves: every kind. The cluster-scoped built-in kinds of Kubernetes 1.33
 * are cluster-scoped; a kind a stored CustomResourceDefinition defines has that CRD's scope and served versions;
 * every other kind is namespaced and served in the versions its stored objects use ({@code v1} when none is
 * stored). Stateless.
 */
final class InMemoryKinds {
    private static final Set<GroupKind> CLUSTER_SCOPED = Set.of(
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
    private static final Set<String> VERBS = Set.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");

    private InMemoryKinds() {}

    /** @return what is served for {@code kind}, given the stored objects */
    static KindInfo of(GroupKind kind, List<Manifest> stored) {
        for (Manifest m : stored) {
            if (m.kind().equals("CustomResourceDefinition") && kind.equals(definedKind(m))) {
                List<String> versions = servedVersions(m);
                return new KindInfo(kind, plural(kind.kind()), !"Cluster".equals(m.get("spec", "scope").orElse("")),
                        versions.isEmpty() ? List.of("v1") : versions, VERBS);
            }
        }
        LinkedHashSet<String> versions = new LinkedHashSet<>();
        stored.stream().filter(m -> m.groupKind().equals(kind)).forEach(m -> versions.add(m.key().version()));
        return new KindInfo(kind, plural(kind.kind()), !CLUSTER_SCOPED.contains(kind),
                versions.isEmpty() ? List.of("v1") : List.copyOf(versions), VERBS);
    }

    /** @return the built-in cluster-scoped kinds, the kinds CRDs define and the kinds of stored objects */
    static List<KindInfo> all(List<Manifest> stored) {
        TreeMap<String, GroupKind> kinds = new TreeMap<>();
        CLUSTER_SCOPED.forEach(k -> kinds.put(k.group() + "/" + k.kind(), k));
        for (Manifest m : stored) {
            kinds.put(m.groupKind().group() + "/" + m.kind(), m.groupKind());
            GroupKind defined = definedKind(m);
            if (defined != null) {
                kinds.put(defined.group() + "/" + defined.kind(), defined);
            }
        }
        List<KindInfo> out = new ArrayList<>();
        kinds.values().forEach(k -> out.add(of(k, stored)));
        out.sort(Comparator.comparing((KindInfo k) -> k.kind().group()).thenComparing(k -> k.kind().kind()));
        return out;
    }

    private static GroupKind definedKind(Manifest m) {
        if (!m.kind().equals("CustomResourceDefinition")) {
            return null;
        }
        Object group = m.get("spec", "group").orElse(null);
        Object names = m.get("spec", "names").orElse(null);
        Object kind = names instanceof Map<?, ?> n ? n.get("kind") : null;
        return group instanceof String g && kind instanceof String k ? new GroupKind(g, k) : null;
    }

    private static List<String> servedVersions(Manifest crd) {
        List<String> out = new ArrayList<>();
        if (crd.get("spec", "versions").orElse(null) instanceof List<?> versions) {
            for (Object v : versions) {
                if (v instanceof Map<?, ?> m && m.get("name") instanceof String name
                        && !Boolean.FALSE.equals(m.get("served"))) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    private static String plural(String kind) {
        String lower = kind.toLowerCase(Locale.ROOT);
        if (lower.endsWith("y")) {
            return lower.substring(0, lower.length() - 1) + "ies";
        }
        return lower.endsWith("s") ? lower + "es" : lower + "s";
    }
}
