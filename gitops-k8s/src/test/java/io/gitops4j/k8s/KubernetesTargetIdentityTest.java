package io.gitops4j.k8s;

import static io.gitops4j.k8s.Fixtures.configMap;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.ApplyRequest;
import io.gitops4j.api.target.DeleteOptions;
import io.gitops4j.api.target.DeleteRequest;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.Precondition;
import io.gitops4j.api.target.TargetException.Reason;
import io.gitops4j.api.target.WriteContext;
import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.kube.WriteOptions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-Application identity: a tenant's Application writes as its ServiceAccount (impersonation). */
class KubernetesTargetIdentityTest {
    private FakeApiServer server;
    private KubernetesTarget target;

    @BeforeEach
    void start() {
        server = FakeApiServer.start();
        FakeKube kube = server.kube();
        for (String ns : List.of("shop", "billing")) {
            kube.create(kube.type("", "v1", "namespaces"), "", new HashMap<>(Map.of("metadata", Map.of("name", ns))),
                    WriteOptions.defaults());
        }
        String rbac = "rbac.authorization.k8s.io";
        kube.create(kube.type(rbac, "v1", "roles"), "shop", new HashMap<>(Map.of("metadata", Map.of("name", "deploy"),
                "rules", List.of(Map.of("apiGroups", List.of(""), "resources", List.of("configmaps"),
                        "verbs", List.of("get", "list", "watch", "patch", "delete"))))), WriteOptions.defaults());
        kube.create(kube.type(rbac, "v1", "rolebindings"), "shop", new HashMap<>(Map.of(
                "metadata", Map.of("name", "deploy"),
                "roleRef", Map.of("apiGroup", rbac, "kind", "Role", "name", "deploy"),
                "subjects", List.of(Map.of("kind", "ServiceAccount", "name", "deployer", "namespace", "shop")))),
                WriteOptions.defaults());
        target = Fixtures.builder(server).identities(app -> app.equals("shop")
                ? Optional.of(Identity.serviceAccount("shop", "deployer")) : Optional.empty()).build();
    }

    @AfterEach
    void stop() {
        target.close();
        server.close();
    }

    private List<ObjectResult> apply(String application, String... namespaces) {
        return target.applyAll(List.of(namespaces).stream().map(ns -> ApplyRequest.of(configMap(ns, "settings",
                Map.of("a", "1")))).toList(), ApplyOptions.defaults(), WriteContext.of(application, 3));
    }

    @Test
    void aTenantApplicationWritesWhatItsServiceAccountMayAndIsForbiddenElsewhere() {
        List<ObjectResult> results = apply("shop", "shop", "billing");

        assertThat(results.get(0).outcome()).isEqualTo(ObjectOutcome.CREATED);
        ObjectResult refused = results.get(1);
        assertThat(refused.failure().orElseThrow().reason()).isEqualTo(Reason.FORBIDDEN);
        assertThat(refused.failure().orElseThrow().message()).startsWith("ConfigMap billing/settings")
                .contains("system:serviceaccount:shop:deployer");
        assertThat(refused.failure().orElseThrow().details().get(0))
                .isEqualTo("patch ConfigMap in namespace billing as system:serviceaccount:shop:deployer");
    }

    @Test
    void deletesActAsTheApplicationsIdentityToo() {
        ObjectResult created = apply("platform", "billing").get(0);

        ObjectResult refused = target.deleteAll(List.of(new DeleteRequest(created.key(),
                Precondition.uid(created.object().orElseThrow().uid()))), DeleteOptions.defaults(),
                WriteContext.of("shop", 3)).get(0);

        assertThat(created.outcome()).isEqualTo(ObjectOutcome.CREATED);
        assertThat(refused.failure().orElseThrow().reason()).isEqualTo(Reason.FORBIDDEN);
        assertThat(refused.failure().orElseThrow().details().get(0))
                .isEqualTo("delete ConfigMap in namespace billing as system:serviceaccount:shop:deployer");
    }
}
