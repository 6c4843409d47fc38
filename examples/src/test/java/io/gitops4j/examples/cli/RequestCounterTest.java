package io.gitops4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.ApplyRequest;
import io.gitops4j.api.target.WriteContext;
import io.gitops4j.k8s.KubernetesTarget;
import io.gitops4j.testkit.FakeApiServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.Config;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/** The client-side request count of {@code reconcile}'s summary line. */
class RequestCounterTest {
    @Test
    void namesTheVerbTheServerAuthorizes() {
        assertThat(verb("GET", "/api")).isEqualTo("discovery");
        assertThat(verb("GET", "/apis/apps/v1")).isEqualTo("discovery");
        assertThat(verb("GET", "/version")).isEqualTo("discovery");
        assertThat(verb("GET", "/openapi/v3/api/v1")).isEqualTo("discovery");
        assertThat(verb("GET", "/api/v1/namespaces")).isEqualTo("list");
        assertThat(verb("GET", "/api/v1/namespaces/shop")).isEqualTo("get");
        assertThat(verb("GET", "/api/v1/namespaces/shop/configmaps")).isEqualTo("list");
        assertThat(verb("GET", "/api/v1/namespaces/shop/configmaps/settings")).isEqualTo("get");
        assertThat(verb("GET", "/apis/apps/v1/deployments?watch=true&labelSelector=x")).isEqualTo("watch");
        assertThat(verb("GET", "/apis/apps/v1/namespaces/shop/deployments/web/status")).isEqualTo("get");
        assertThat(verb("PATCH", "/apis/rbac.authorization.k8s.io/v1/clusterroles/view")).isEqualTo("patch");
        assertThat(verb("POST", "/api/v1/namespaces/default/configmaps")).isEqualTo("create");
        assertThat(verb("PUT", "/api/v1/namespaces/default/configmaps/inv")).isEqualTo("update");
        assertThat(verb("DELETE", "/api/v1/namespaces/default/configmaps/inv")).isEqualTo("delete");
        assertThat(verb("DELETE", "/api/v1/namespaces/default/configmaps")).isEqualTo("deletecollection");
        assertThat(verb("PUT", "/api/v1/namespaces/shop/finalize")).isEqualTo("update");
    }

    @Test
    void countsWhatTheServerAnswersThroughTheTargetsClient() throws Exception {
        try (FakeApiServer server = FakeApiServer.start()) {
            RequestCounter counter = new RequestCounter();
            ApiClient client = counter.install(Config.fromUrl(server.url(), false));
            try (KubernetesTarget target = KubernetesTarget.builder().apiClient(client).build()) {
                List<ApplyRequest> requests = IntStream.range(0, 3).mapToObj(i -> ApplyRequest.of(Manifest.of(Map.of(
                        "apiVersion", "v1", "kind", "ConfigMap",
                        "metadata", Map.of("name", "cm-" + i, "namespace", "default"),
                        "data", Map.of("k", "v"))))).toList();
                target.applyAll(requests, ApplyOptions.defaults(), WriteContext.of("shop", 3));
                target.view().list(new GroupKind("", "ConfigMap"), "default", Map.of());
                target.view().get(requests.get(0).key().id());
            }

            Map<String, Long> served = server.requests().countsByVerb();
            long nonResource = server.requests().records(r -> r.resource().isEmpty()).size();
            Map<String, Long> ours = counter.byVerb();
            assertThat(ours.get("patch")).isEqualTo(3).isEqualTo(served.get("patch"));
            assertThat(ours.get("list")).isEqualTo(1).isEqualTo(served.get("list"));
            assertThat(ours.get("discovery")).isEqualTo(nonResource).isPositive();
            assertThat(ours.get("get") + nonResource).isEqualTo(served.get("get")); // the server logs GET /api as get
            assertThat(counter.total()).isEqualTo(server.requests().total());
        }
    }

    private static String verb(String method, String pathAndQuery) {
        return RequestCounter.verb(method, HttpUrl.get("https://cluster.example" + pathAndQuery));
    }
}
