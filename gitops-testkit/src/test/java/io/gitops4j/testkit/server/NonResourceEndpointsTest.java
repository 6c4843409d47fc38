package io.gitops4j.testkit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.UnknownFieldSet;
import io.gitops4j.testkit.FakeApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NonResourceEndpointsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AGGREGATED = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
            + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

    private FakeApiServer server;
    private HttpTestClient http;

    @BeforeEach
    void start() {
        server = FakeApiServer.builder().kubernetesMinor(31).start();
        http = new HttpTestClient(server.url());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void versionAnnouncesTheConfiguredMinor() throws Exception {
        JsonNode v = JSON.readTree(http.get("/version?timeout=5s").body());
        assertThat(v.get("major").asText()).isEqualTo("1");
        assertThat(v.get("minor").asText()).isEqualTo("31");
        assertThat(v.get("gitVersion").asText()).isEqualTo("v1.31.0");
    }

    @Test
    void healthEndpoints() throws Exception {
        for (String p : List.of("/healthz", "/readyz", "/livez")) {
            HttpResponse<String> r = http.get(p);
            assertThat(r.statusCode()).as(p).isEqualTo(200);
            assertThat(r.body()).isEqualTo("ok");
        }
    }

    @Test
    void legacyDiscovery() throws Exception {
        JsonNode api = JSON.readTree(http.get("/api").body());
        assertThat(api.get("kind").asText()).isEqualTo("APIVersions");
        assertThat(api.get("versions").get(0).asText()).isEqualTo("v1");
        JsonNode apis = JSON.readTree(http.get("/apis").body());
        assertThat(apis.get("kind").asText()).isEqualTo("APIGroupList");
        List<String> names = new ArrayList<>();
        apis.get("groups").forEach(g -> names.add(g.get("name").asText()));
        assertThat(names).contains("apps", "batch", "apiextensions.k8s.io", "rbac.authorization.k8s.io");
        JsonNode autoscaling = JSON.readTree(http.get("/apis/autoscaling").body());
        assertThat(autoscaling.at("/preferredVersion/version").asText()).isEqualTo("v2");

        JsonNode apps = JSON.readTree(http.get("/apis/apps/v1").body());
        assertThat(apps.get("groupVersion").asText()).isEqualTo("apps/v1");
        JsonNode deployments = find(apps.get("resources"), "name", "deployments");
        assertThat(deployments.get("namespaced").asBoolean()).isTrue();
        assertThat(deployments.get("shortNames").get(0).asText()).isEqualTo("deploy");
        assertThat(deployments.get("categories").get(0).asText()).isEqualTo("all");
        assertThat(deployments.get("verbs").toString()).contains("patch", "watch");
        assertThat(find(apps.get("resources"), "name", "deployments/status")).isNotNull();
        assertThat(find(apps.get("resources"), "name", "deployments/scale").get("kind").asText()).isEqualTo("Scale");

        JsonNode core = JSON.readTree(http.get("/api/v1").body());
        assertThat(find(core.get("resources"), "name", "namespaces").get("namespaced").asBoolean()).isFalse();
        assertThat(http.get("/apis/nope/v1").statusCode()).isEqualTo(404);
    }

    @Test
    void aggregatedDiscoveryWhenAsked() throws Exception {
        HttpResponse<String> r = http.get("/apis", "Accept", AGGREGATED);
        assertThat(r.headers().firstValue("Content-Type")).contains(
                "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
        JsonNode list = JSON.readTree(r.body());
        assertThat(list.get("apiVersion").asText()).isEqualTo("apidiscovery.k8s.io/v2");
        JsonNode apps = find(list.get("items"), "metadata", null);
        assertThat(apps).isNotNull();
        JsonNode core = JSON.readTree(http.get("/api", "Accept",
                "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList").body());
        assertThat(core.get("apiVersion").asText()).isEqualTo("apidiscovery.k8s.io/v2beta1");
        JsonNode v1 = core.at("/items/0/versions/0");
        assertThat(v1.get("version").asText()).isEqualTo("v1");
        JsonNode pods = find(v1.get("resources"), "resource", "pods");
        assertThat(pods.get("scope").asText()).isEqualTo("Namespaced");
        assertThat(pods.at("/responseKind/kind").asText()).isEqualTo("Pod");
        assertThat(pods.at("/subresources/0/subresource").asText()).isEqualTo("status");
        assertThat(pods.get("categories").get(0).asText()).isEqualTo("all");
    }

    @Test
    @DisplayName("OpenAPI v3: index with hashes, cached documents, redirect for a stale hash, 304 on If-None-Match")
    void openApiV3() throws Exception {
        HttpResponse<String> index = http.get("/openapi/v3");
        assertThat(index.statusCode()).isEqualTo(200);
        String url = JSON.readTree(index.body()).at("/paths/apis~1apps~1v1/serverRelativeURL").asText();
        assertThat(url).startsWith("/openapi/v3/apis/apps/v1?hash=");
        HttpResponse<String> doc = http.get(url);
        assertThat(doc.statusCode()).isEqualTo(200);
        assertThat(doc.headers().firstValue("Cache-Control")).contains("public, immutable");
        String etag = doc.headers().firstValue("ETag").orElseThrow();
        JsonNode patch = JSON.readTree(doc.body())
                .at("/paths/~1apis~1apps~1v1~1namespaces~1{namespace}~1deployments~1{name}/patch");
        assertThat(patch.at("/x-kubernetes-group-version-kind/kind").asText()).isEqualTo("Deployment");
        assertThat(patch.get("parameters").toString()).contains("fieldValidation", "dryRun", "fieldManager");

        HttpResponse<String> stale = http.get("/openapi/v3/apis/apps/v1?hash=OLD");
        assertThat(stale.statusCode()).isEqualTo(301);
        assertThat(stale.headers().firstValue("Location")).contains(url);
        assertThat(http.get("/openapi/v3/apis/apps/v1", "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(http.get("/openapi/v3/apis/nope/v1").statusCode()).isEqualTo(404);
    }

    @Test
    void openApiV2AtEveryMinor() throws Exception {
        assertOpenApiV2(http);   // 1.33, the default: a real 1.33 server still serves it
        for (int minor : new int[] {27, 30}) {
            try (FakeApiServer other = FakeApiServer.builder().kubernetesMinor(minor).start()) {
                assertOpenApiV2(new HttpTestClient(other.url()));
            }
        }
    }

    private static void assertOpenApiV2(HttpTestClient client) throws Exception {
        HttpResponse<byte[]> r = client.sendBytes("GET", "/openapi/v2", null,
                "Accept", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).as("a type Go's mime parser accepts")
                .contains("application/octet-stream");
        UnknownFieldSet doc = UnknownFieldSet.parseFrom(r.body());
        assertThat(doc.getField(1).getLengthDelimitedList().get(0).toStringUtf8()).isEqualTo("2.0");
        UnknownFieldSet paths = UnknownFieldSet.parseFrom(doc.getField(8).getLengthDelimitedList().get(0));
        boolean found = false;
        for (var namedPath : paths.getField(2).getLengthDelimitedList()) {
            UnknownFieldSet np = UnknownFieldSet.parseFrom(namedPath);
            String name = np.getField(1).getLengthDelimitedList().get(0).toStringUtf8();
            if (name.equals("/api/v1/namespaces/{namespace}/configmaps/{name}")) {
                UnknownFieldSet item = UnknownFieldSet.parseFrom(np.getField(2).getLengthDelimitedList().get(0));
                UnknownFieldSet patch = UnknownFieldSet.parseFrom(item.getField(8).getLengthDelimitedList().get(0));
                UnknownFieldSet ext = UnknownFieldSet.parseFrom(patch.getField(13).getLengthDelimitedList().get(0));
                assertThat(ext.getField(1).getLengthDelimitedList().get(0).toStringUtf8())
                        .isEqualTo("x-kubernetes-group-version-kind");
                UnknownFieldSet any = UnknownFieldSet.parseFrom(ext.getField(2).getLengthDelimitedList().get(0));
                assertThat(any.getField(2).getLengthDelimitedList().get(0).toStringUtf8())
                        .contains("kind: ConfigMap", "version: v1");
                assertThat(patch.getField(8).getLengthDelimitedList()).hasSize(4);
                found = true;
            }
        }
        assertThat(found).isTrue();
    }

    @Test
    void unknownPathsAndMethodsGetStatus() throws Exception {
        HttpResponse<String> r = http.get("/nope");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(r.body()).get("kind").asText()).isEqualTo("Status");
        assertThat(http.get("/api/v1/namespaces/default/widgets").statusCode()).isEqualTo(404);
        assertThat(http.send("POST", "/version", "{}".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(405);
    }

    @Test
    void kubeconfigPointsAtTheServer() throws Exception {
        String text = Files.readString(server.kubeconfig());
        assertThat(text).contains("server: " + server.url(), "current-context: gitops4j-fake");
    }

    @Test
    void requestLogCountsByVerbAndResource() throws Exception {
        http.get("/version");
        http.get("/api/v1/namespaces/default/widgets");
        var records = server.requests().records();
        assertThat(records).hasSize(2);
        assertThat(records.get(0).path()).isEqualTo("/version");
        assertThat(records.get(0).status()).isEqualTo(200);
        assertThat(records.get(1).verb()).isEqualTo("list");
        assertThat(records.get(1).resource()).isEqualTo("widgets");
        assertThat(records.get(1).status()).isEqualTo(404);
        assertThat(server.requests().countsByVerb()).containsEntry("list", 1L);
        assertThat(server.requests().toJson()).contains("\"total\":2");
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (value == null ? n.has(field) : value.equals(n.path(field).asText())) {
                return n;
            }
        }
        return null;
    }
}
