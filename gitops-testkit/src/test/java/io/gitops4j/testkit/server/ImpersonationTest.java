package io.gitops4j.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.kube.WriteOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Impersonated requests are authorized with the RBAC objects in the fake; others are the administrator's. */
class ImpersonationTest {
    private static final String SA = "system:serviceaccount:shop:deployer";
    private static final String CM = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"}}";

    private FakeApiServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() {
        server = FakeApiServer.start();
        FakeKube kube = server.kube();
        create(kube, "namespaces", "", Map.of("metadata", Map.of("name", "shop")));
        create(kube, "namespaces", "", Map.of("metadata", Map.of("name", "other")));
        create(kube, "roles", "shop", Map.of("metadata", Map.of("name", "deployer"), "rules", List.of(Map.of(
                "apiGroups", List.of(""), "resources", List.of("configmaps"), "verbs", List.of("get", "patch")))));
        create(kube, "rolebindings", "shop", Map.of("metadata", Map.of("name", "deployer"),
                "roleRef", Map.of("apiGroup", "rbac.authorization.k8s.io", "kind", "Role", "name", "deployer"),
                "subjects", List.of(Map.of("kind", "ServiceAccount", "name", "deployer", "namespace", "shop"))));
        create(kube, "clusterroles", "", Map.of("metadata", Map.of("name", "ns-reader"), "rules", List.of(Map.of(
                "apiGroups", List.of(""), "resources", List.of("namespaces"), "verbs", List.of("get")))));
        create(kube, "clusterrolebindings", "", Map.of("metadata", Map.of("name", "auditors"),
                "roleRef", Map.of("apiGroup", "rbac.authorization.k8s.io", "kind", "ClusterRole", "name", "ns-reader"),
                "subjects", List.of(Map.of("kind", "Group", "name", "auditors"))));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static void create(FakeKube kube, String plural, String ns, Map<String, Object> body) {
        String group = plural.equals("namespaces") ? "" : "rbac.authorization.k8s.io";
        kube.create(kube.type(group, "v1", plural), ns, new HashMap<>(body), WriteOptions.defaults());
    }

    private HttpResponse<String> apply(String ns, String user, String... groups) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/namespaces/" + ns
                + "/configmaps/c?fieldManager=t")).header("Content-Type", "application/apply-patch+yaml")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(CM));
        if (user != null) {
            b.header("Impersonate-User", user);
        }
        for (String g : groups) {
            b.header("Impersonate-Group", g);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aServiceAccountMayDoWhatItsRoleAllowsInItsNamespaceOnly() throws Exception {
        assertThat(apply("shop", SA).statusCode()).isEqualTo(201);

        HttpResponse<String> refused = apply("other", SA);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("\"reason\":\"Forbidden\"").contains("configmaps \\\"c\\\" is forbidden: "
                + "User \\\"" + SA + "\\\" cannot patch resource \\\"configmaps\\\" in API group \\\"\\\" in the "
                + "namespace \\\"other\\\"");
    }

    @Test
    void requestsWithoutImpersonationAreTheAdministratorsAndGroupsBindThroughClusterRoleBindings() throws Exception {
        assertThat(apply("other", null).statusCode()).isEqualTo(201);

        HttpResponse<String> asAuditor = client.send(HttpRequest.newBuilder(URI.create(server.url()
                + "/api/v1/namespaces/shop")).header("Impersonate-User", "alice")
                .header("Impersonate-Group", "auditors").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> asNobody = client.send(HttpRequest.newBuilder(URI.create(server.url()
                + "/api/v1/namespaces/shop")).header("Impersonate-User", "bob").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(asAuditor.statusCode()).isEqualTo(200);
        assertThat(asNobody.statusCode()).isEqualTo(403);
        assertThat(asNobody.body()).contains("namespaces \\\"shop\\\" is forbidden: User \\\"bob\\\" cannot get "
                + "resource \\\"namespaces\\\" in API group \\\"\\\" at the cluster scope");
    }
}
