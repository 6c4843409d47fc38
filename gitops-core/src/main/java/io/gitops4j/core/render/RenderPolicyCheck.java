package io.gitops4j.core.render;

import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderPolicy;
import io.gitops4j.api.render.RenderException.Reason;
import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ManifestSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks rendered objects against an Application's {@link RenderPolicy} (RD-16). Cluster scope is decided from a
 * built-in list of the cluster-scoped kinds of Kubernetes' own API groups; other kinds count as namespaced. Messages
 * name objects by kind, namespace and name and origin, never by content. Stateless.
 */
public final class RenderPolicyCheck {
    private static final Set<String> CLUSTER_SCOPED = Set.of("/Namespace", "/Node", "/PersistentVolume",
            "/ComponentStatus", "rbac.authorization.k8s.io/ClusterRole",
            "rbac.authorization.k8s.io/ClusterRoleBinding", "apiextensions.k8s.io/CustomResourceDefinition",
            "storage.k8s.io/StorageClass", "storage.k8s.io/CSIDriver", "storage.k8s.io/CSINode",
            "storage.k8s.io/VolumeAttachment", "scheduling.k8s.io/PriorityClass", "node.k8s.io/RuntimeClass",
            "networking.k8s.io/IngressClass", "apiregistration.k8s.io/APIService",
            "certificates.k8s.io/CertificateSigningRequest",
            "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
            "admissionregistration.k8s.io/MutatingWebhookConfiguration",
            "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
            "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
            "flowcontrol.apiserver.k8s.io/FlowSchema", "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration");
    private static final int MAX_LISTED = 10;
    private static final RenderPolicy PERMISSIVE = RenderPolicy.permissive();

    private RenderPolicyCheck() {}

    /**
     * @param targetNamespace the Application's namespace, used for namespaced objects without one ({@code ""} for
     *     none)
     * @throws RenderException {@link Reason#POLICY} listing the violations (at most 10, then a count)
     */
    public static void check(ManifestSet set, RenderPolicy policy, String targetNamespace) {
        if (policy.equals(PERMISSIVE)) {
            return;
        }
        List<String> violations = new ArrayList<>();
        for (Manifest m : set) {
            GroupKind gk = m.groupKind();
            String qualified = gk.group() + "/" + gk.kind();
            String who = m.kind() + " " + (m.namespace().isEmpty() ? m.name() : m.namespace() + "/" + m.name())
                    + " (" + m.origin() + ")";
            if (!policy.kinds().isEmpty() && !policy.kinds().contains(gk.kind())
                    && !policy.kinds().contains(qualified)) {
                violations.add(who + ": kind not allowed");
                continue;
            }
            if (gk.group().equals("admissionregistration.k8s.io") && gk.kind().endsWith("WebhookConfiguration")
                    && !policy.webhooks()) {
                violations.add(who + ": admission webhook configurations are not allowed");
                continue;
            }
            if (gk.group().equals("rbac.authorization.k8s.io") && gk.kind().endsWith("Binding") && !policy
                    .clusterAdmin() && m.get("roleRef", "name").map("cluster-admin"::equals).orElse(false)
                    && m.get("roleRef", "kind").map("ClusterRole"::equals).orElse(false)) {
                violations.add(who + ": binding to cluster-admin is not allowed");
                continue;
            }
            if (CLUSTER_SCOPED.contains(qualified)) {
                if (!policy.clusterScoped()) {
                    violations.add(who + ": cluster-scoped objects are not allowed");
                }
                continue;
            }
            String ns = m.namespace().isEmpty() ? targetNamespace : m.namespace();
            if (!policy.namespaces().isEmpty() && !policy.namespaces().contains(ns)) {
                violations.add(who + ": namespace '" + ns + "' is not allowed");
            }
        }
        if (!violations.isEmpty()) {
            List<String> shown = violations.subList(0, Math.min(MAX_LISTED, violations.size()));
            String more = violations.size() > MAX_LISTED ? " (and " + (violations.size() - MAX_LISTED) + " more)" : "";
            throw new RenderException(Reason.POLICY, "rendered objects violate the Application's policy: "
                    + String.join("; ", shown) + more, null);
        }
    }
}
