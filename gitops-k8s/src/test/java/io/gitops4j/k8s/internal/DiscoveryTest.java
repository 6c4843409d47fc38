package io.gitops4j.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.target.KindInfo;
import io.gitops4j.k8s.RetryOptions;
import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.server.RequestRecord;
import io.kubernetes.client.util.Config;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DiscoveryTest {
    private FakeApiServer server;
    private ApiTransport transport;
    private Retrying http;

    @BeforeEach
    void start() {
        server = FakeApiServer.builder().kubernetesMinor(29).start();
        transport = new ApiTransport(Config.fromUrl(server.url(), false), 4, Duration.ofSeconds(10), "gitops4j/test");
        http = new Retrying(transport, RetryOptions.defaults().withInitialDelay(Duration.ofMillis(5)));
    }

    @AfterEach
    void stop() {
        transport.close();
        server.close();
    }

    @Test
    void aggregatedDiscoveryReadsEveryKindInTwoRequests() {
        Discovery discovery = new Discovery(http);

        KindInfo deployments = discovery.find(new GroupKind("apps", "Deployment")).orElseThrow().info();
        ServedKind hpa = discovery.find(new GroupKind("autoscaling", "HorizontalPodAutoscaler")).orElseThrow();
        discovery.find(new GroupKind("", "Namespace")).orElseThrow();

        assertThat(deployments.resource()).isEqualTo("deployments");
        assertThat(deployments.namespaced()).isTrue();
        assertThat(deployments.versions()).containsExactly("v1");
        assertThat(deployments.verbs()).contains("patch", "delete", "watch", "list");
        assertThat(discovery.find(new GroupKind("apps", "Deployment")).orElseThrow().subresources())
                .contains("status", "scale");
        assertThat(hpa.info().versions()).hasSizeGreaterThan(1);
        assertThat(discovery.find(new GroupKind("", "Namespace")).orElseThrow().namespaced()).isFalse();
        List<RequestRecord> requests = server.requests().records();
        assertThat(requests).extracting(RequestRecord::path).containsExactly("/api", "/apis");
    }

    @Test
    void legacyDocumentsGiveTheSameKindsAsAggregatedOnes() {
        List<KindInfo> aggregated = new Discovery(http).all();
        server.requests().clear();

        List<KindInfo> legacy = new Discovery(http, ApiRequest.JSON).all();

        assertThat(legacy).isEqualTo(aggregated);
        assertThat(server.requests().records()).extracting(RequestRecord::path)
                .contains("/api", "/api/v1", "/apis", "/apis/apps/v1");
    }

    @Test
    void serverVersionIsReadOnce() {
        Discovery discovery = new Discovery(http);

        assertThat(discovery.serverVersion().majorMinor()).isEqualTo("1.29");
        assertThat(discovery.serverVersion().minor()).isEqualTo(29);
        assertThat(server.requests().records()).extracting(RequestRecord::path).containsExactly("/version");
    }

    @Test
    void aKindNotServedIsLookedUpAgainOnceThenReportedMissing() {
        Discovery discovery = new Discovery(http);
        discovery.all();
        server.requests().clear();

        assertThat(discovery.find(new GroupKind("example.com", "Widget"))).isEmpty();

        assertThat(server.requests().records()).extracting(RequestRecord::path).containsExactly("/api", "/apis");
    }
}
