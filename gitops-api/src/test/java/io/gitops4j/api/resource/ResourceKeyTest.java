package io.gitops4j.api.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.InvalidSpecException;
import org.junit.jupiter.api.Test;

class ResourceKeyTest {
    @Test
    void textFormRoundTripsForCoreNamespacedAndClusterScopedKeys() {
        ResourceKey deployment = ResourceKey.of("apps/v1", "Deployment", "shop", "web");
        ResourceKey configMap = ResourceKey.of("v1", "ConfigMap", "shop", "settings");
        ResourceKey namespace = ResourceKey.of("v1", "Namespace", "", "shop");
        ResourceKey clusterRole = ResourceKey.of("rbac.authorization.k8s.io/v1", "ClusterRole", "", "admin");

        assertThat(deployment).hasToString("apps/v1/Deployment/shop/web");
        assertThat(configMap).hasToString("/v1/ConfigMap/shop/settings");
        assertThat(namespace).hasToString("/v1/Namespace//shop");
        for (ResourceKey k : new ResourceKey[] {deployment, configMap, namespace, clusterRole}) {
            assertThat(ResourceKey.parse(k.toString())).isEqualTo(k);
        }
        assertThat(namespace.isClusterScoped()).isTrue();
        assertThat(deployment.apiVersion()).isEqualTo("apps/v1");
        assertThat(configMap.apiVersion()).isEqualTo("v1");
        assertThat(deployment.displayName()).isEqualTo("Deployment.apps shop/web");
    }

    @Test
    void invalidPartsAreRejectedNamingTheField() {
        assertThatThrownBy(() -> ResourceKey.of("v1", "ConfigMap", "Shop_Prod", "x"))
                .isInstanceOf(InvalidSpecException.class).hasMessageStartingWith("namespace:");
        assertThatThrownBy(() -> ResourceKey.of("v1", "ConfigMap", "shop", "a/b"))
                .isInstanceOf(InvalidSpecException.class).hasMessageStartingWith("name:");
        assertThatThrownBy(() -> ResourceKey.of("v1", "", "shop", "x"))
                .isInstanceOf(InvalidSpecException.class).hasMessageStartingWith("kind:");
        assertThatThrownBy(() -> ResourceKey.parse("v1/ConfigMap/x"))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("group/version/kind/namespace/name");
    }

    @Test
    void identityIgnoresVersion() {
        ResourceKey v1 = ResourceKey.of("apps/v1", "Deployment", "shop", "web");
        ResourceKey beta = ResourceKey.of("apps/v1beta2", "Deployment", "shop", "web");
        assertThat(v1).isNotEqualTo(beta);
        assertThat(v1.id()).isEqualTo(beta.id()).hasToString("apps/Deployment/shop/web");
        assertThat(v1.id().inVersion("v1beta2")).isEqualTo(beta);
    }

    @Test
    void labelAndAnnotationRulesMatchKubernetes() {
        KubernetesNames.requireQualifiedName("app.kubernetes.io/name", "label");
        KubernetesNames.requireLabelValue("", "label");
        assertThatThrownBy(() -> KubernetesNames.requireLabelValue("-bad", "labels[x]"))
                .isInstanceOf(InvalidSpecException.class).hasMessageStartingWith("labels[x]:");
        assertThatThrownBy(() -> KubernetesNames.requireQualifiedName("a".repeat(64), "label"))
                .isInstanceOf(InvalidSpecException.class);
        assertThatThrownBy(() -> KubernetesNames.requireAnnotations(
                java.util.Map.of("big", "x".repeat(KubernetesNames.MAX_ANNOTATIONS_BYTES)), "annotations"))
                .hasMessageContaining("annotations are too long");
    }
}
