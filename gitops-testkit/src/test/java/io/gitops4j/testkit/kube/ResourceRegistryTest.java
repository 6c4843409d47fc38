package io.gitops4j.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ResourceRegistryTest {

    private final ResourceRegistry registry = ResourceRegistry.builtin();

    @Test
    void builtinsCarryTheirDiscoveryNames() {
        ResourceType deployments = registry.require("apps", "v1", "deployments");
        assertThat(deployments.kind()).isEqualTo("Deployment");
        assertThat(deployments.shortNames()).containsExactly("deploy");
        assertThat(deployments.categories()).containsExactly("all");
        assertThat(deployments.subresources()).containsExactlyInAnyOrder("status", "scale");
        assertThat(deployments.groupResource()).isEqualTo("deployments.apps");
        assertThat(deployments.apiVersion()).isEqualTo("apps/v1");
        assertThat(deployments.listKind()).isEqualTo("DeploymentList");
        ResourceType namespaces = registry.require("", "v1", "namespaces");
        assertThat(namespaces.namespaced()).isFalse();
        assertThat(namespaces.supports("deletecollection")).isFalse();
        assertThat(namespaces.groupResource()).isEqualTo("namespaces");
        assertThat(registry.findKind("v1", "ConfigMap")).map(ResourceType::plural).contains("configmaps");
        assertThat(registry.require("", "v1", "pods").categories()).contains("all");
        assertThat(registry.require("", "v1", "configmaps").categories()).isEmpty();
    }

    @Test
    void everyKindTheBriefListsIsServed() {
        for (String path : List.of("/namespaces", "/configmaps", "/secrets", "/services", "/serviceaccounts",
                "/pods", "/persistentvolumeclaims", "/events", "/endpoints", "apps/deployments", "apps/statefulsets",
                "apps/daemonsets", "apps/replicasets", "batch/jobs", "batch/cronjobs", "networking.k8s.io/ingresses",
                "networking.k8s.io/networkpolicies", "rbac.authorization.k8s.io/roles",
                "rbac.authorization.k8s.io/rolebindings", "rbac.authorization.k8s.io/clusterroles",
                "rbac.authorization.k8s.io/clusterrolebindings", "apiextensions.k8s.io/customresourcedefinitions",
                "policy/poddisruptionbudgets", "autoscaling/horizontalpodautoscalers", "coordination.k8s.io/leases",
                "storage.k8s.io/storageclasses", "admissionregistration.k8s.io/mutatingwebhookconfigurations",
                "admissionregistration.k8s.io/validatingwebhookconfigurations")) {
            String group = path.substring(0, path.indexOf('/'));
            String plural = path.substring(path.indexOf('/') + 1);
            assertThat(registry.types()).as(path)
                    .anyMatch(t -> t.group().equals(group) && t.plural().equals(plural));
        }
    }

    @Test
    void versionsArePreferredByKubernetesPriority() {
        List<String> versions = new ArrayList<>(List.of("v1alpha1", "v2beta1", "v1", "v1beta2", "v2", "foo"));
        versions.sort(ResourceRegistry.VERSION_PRIORITY);
        assertThat(versions).containsExactly("v2", "v1", "v2beta1", "v1beta2", "v1alpha1", "foo");
        assertThat(registry.versions("autoscaling")).containsExactly("v2", "v1");
    }

    @Test
    void changesAreAtomicAndTold() {
        AtomicInteger told = new AtomicInteger();
        registry.addListener(told::incrementAndGet);
        ResourceType widget = ResourceType.of("example.com", "v1", "widgets", "Widget", true, List.of("wd"),
                List.of(), Set.of());
        registry.register(List.of(widget));
        assertThat(registry.find("example.com", "v1", "widgets")).contains(widget);
        registry.replace("example.com", "widgets", List.of(widget.withVersion("v2")));
        assertThat(registry.versions("example.com")).containsExactly("v2");
        registry.unregister("example.com", "widgets");
        assertThat(registry.groups()).doesNotContain("example.com");
        assertThat(told.get()).isEqualTo(3);
        assertThatThrownBy(() -> registry.require("example.com", "v1", "widgets"))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> assertThat(e.code()).isEqualTo(404));
    }

    @Test
    void resourceTypeValidatesItsParts() {
        assertThatThrownBy(() -> ResourceType.of("", "", "x", "X", true, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ResourceType.of("", "v1", "things", "Thing", true, null, null, null).singular())
                .isEqualTo("thing");
    }
}
