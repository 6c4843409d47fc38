package io.gitops4j.testkit.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiPathTest {
    @Test
    void coreNamespacedObject() {
        assertThat(ApiPath.parse("/api/v1/namespaces/default/configmaps/demo")).contains(
                new ApiPath("", "v1", "default", "configmaps", "demo", ""));
    }

    @Test
    void groupCollectionAcrossNamespaces() {
        assertThat(ApiPath.parse("/apis/apps/v1/deployments")).contains(
                new ApiPath("apps", "v1", "", "deployments", "", ""));
    }

    @Test
    void subresource() {
        assertThat(ApiPath.parse("/apis/apps/v1/namespaces/ns1/deployments/web/status")).contains(
                new ApiPath("apps", "v1", "ns1", "deployments", "web", "status"));
    }

    @Test
    void namespacesAreClusterScoped() {
        assertThat(ApiPath.parse("/api/v1/namespaces")).contains(new ApiPath("", "v1", "", "namespaces", "", ""));
        assertThat(ApiPath.parse("/api/v1/namespaces/team-a")).contains(
                new ApiPath("", "v1", "", "namespaces", "team-a", ""));
        assertThat(ApiPath.parse("/api/v1/namespaces/team-a/status")).contains(
                new ApiPath("", "v1", "", "namespaces", "team-a", "status"));
        assertThat(ApiPath.parse("/api/v1/namespaces/team-a/configmaps")).contains(
                new ApiPath("", "v1", "team-a", "configmaps", "", ""));
    }

    @Test
    void clusterScopedObject() {
        assertThat(ApiPath.parse("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com"))
                .contains(new ApiPath("apiextensions.k8s.io", "v1", "", "customresourcedefinitions",
                        "widgets.example.com", ""));
    }

    @Test
    void discoveryAndGarbageAreNotResourcePaths() {
        assertThat(ApiPath.parse("/api")).isEmpty();
        assertThat(ApiPath.parse("/api/v1")).isEmpty();
        assertThat(ApiPath.parse("/apis/apps")).isEmpty();
        assertThat(ApiPath.parse("/apis/apps/v1")).isEmpty();
        assertThat(ApiPath.parse("/api/v1/a/b/c/d/e")).isEmpty();
        assertThat(ApiPath.parse("/api/v1//configmaps")).isEmpty();
        assertThat(ApiPath.parse("/healthz")).isEmpty();
    }
}
