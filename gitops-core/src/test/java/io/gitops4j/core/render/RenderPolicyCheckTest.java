package io.gitops4j.core.render;

import io.gitops4j.api.render.RenderPolicy;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ManifestSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RenderPolicyCheckTest {
    private static ManifestSet read(String yaml) {
        return ManifestSet.of(ManifestReader.withDefaults().read("app/objects.yaml", yaml));
    }

    private static final String DEPLOYMENT = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n";

    @Test
    @DisplayName("RD-16 a ClusterRoleBinding to cluster-admin fails the render before apply")
    void clusterAdminBindingRefused() {
        ManifestSet set = read(DEPLOYMENT + "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\n"
                + "metadata:\n  name: pwn\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n"
                + "  name: cluster-admin\nsubjects:\n- kind: ServiceAccount\n  name: default\n  namespace: shop\n");
        RenderPolicy policy = RenderPolicy.namespaced("shop").withClusterScoped(true);
        assertThatThrownBy(() -> RenderPolicyCheck.check(set, policy, "shop"))
                .isInstanceOf(RenderException.class)
                .hasMessage("rendered objects violate the Application's policy: ClusterRoleBinding pwn "
                        + "(app/objects.yaml#1): binding to cluster-admin is not allowed");
        assertThatCode(() -> RenderPolicyCheck.check(set, RenderPolicy.permissive(), "shop"))
                .doesNotThrowAnyException();
    }

    @Test
    @DisplayName("RD-16 objects in another namespace fail the render before apply")
    void otherNamespaceRefused() {
        ManifestSet set = read(DEPLOYMENT + "---\n" + DEPLOYMENT.replace("web", "other")
                + "  namespace: kube-system\n");
        assertThatThrownBy(() -> RenderPolicyCheck.check(set, RenderPolicy.namespaced("shop"), "shop"))
                .hasMessageEndingWith("Deployment kube-system/other (app/objects.yaml#1): namespace 'kube-system' "
                        + "is not allowed");
        assertThatThrownBy(() -> RenderPolicyCheck.check(read(DEPLOYMENT), RenderPolicy.namespaced("shop"), "dev"))
                .hasMessageContaining("namespace 'dev' is not allowed");
    }

    @Test
    @DisplayName("RD-16 webhook configurations and cluster-scoped objects fail the render before apply")
    void webhooksAndClusterScopedRefused() {
        ManifestSet hook = read("apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\n"
                + "metadata:\n  name: inject\n");
        assertThatThrownBy(() -> RenderPolicyCheck.check(hook, RenderPolicy.namespaced("shop")
                .withClusterScoped(true), "shop")).hasMessageContaining("admission webhook configurations are not "
                + "allowed");
        ManifestSet ns = read("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: other\n");
        assertThatThrownBy(() -> RenderPolicyCheck.check(ns, RenderPolicy.namespaced("shop"), "shop"))
                .hasMessageContaining("cluster-scoped objects are not allowed");
    }

    @Test
    void kindAllowList() {
        ManifestSet set = read(DEPLOYMENT + "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n");
        assertThatCode(() -> RenderPolicyCheck.check(set, RenderPolicy.permissive().withKinds(Set.of("Deployment",
                "/Service")), "")).doesNotThrowAnyException();
        assertThatThrownBy(() -> RenderPolicyCheck.check(set, RenderPolicy.permissive().withKinds(Set.of(
                "apps/Deployment")), "")).hasMessageContaining("Service web (app/objects.yaml#1): kind not allowed");
        assertThatCode(() -> RenderPolicyCheck.check(ManifestSet.of(List.of()), RenderPolicy.namespaced("x"), "x"))
                .doesNotThrowAnyException();
    }
}
