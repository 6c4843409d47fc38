package io.gitops4j.testkit.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MediaTypesTest {
    private static final String KUBECTL_GET = "application/json;as=Table;v=v1;g=meta.k8s.io,"
            + "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
    private static final String KUBECTL_DISCOVERY =
            "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
                    + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

    @Test
    void tableWhenAskedFirst() {
        assertThat(MediaTypes.tableVersion(KUBECTL_GET)).isEqualTo("v1");
        assertThat(MediaTypes.tableVersion("application/json;as=Table;v=v1beta1;g=meta.k8s.io")).isEqualTo("v1beta1");
    }

    @Test
    void plainJsonOtherwise() {
        assertThat(MediaTypes.tableVersion("application/json")).isEmpty();
        assertThat(MediaTypes.tableVersion(null)).isEmpty();
        assertThat(MediaTypes.tableVersion("application/json, application/json;as=Table;v=v1;g=meta.k8s.io")).isEmpty();
    }

    @Test
    void aggregatedDiscoveryVersions() {
        assertThat(MediaTypes.aggregatedDiscoveryVersion(KUBECTL_DISCOVERY)).isEqualTo("v2");
        assertThat(MediaTypes.aggregatedDiscoveryVersion(
                "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json"))
                .isEqualTo("v2beta1");
        assertThat(MediaTypes.aggregatedDiscoveryVersion("application/json, */*")).isEmpty();
    }

    @Test
    void baseTypeDropsParameters() {
        assertThat(MediaTypes.baseType("application/json; charset=utf-8")).isEqualTo("application/json");
        assertThat(MediaTypes.baseType(null)).isEmpty();
    }
}
