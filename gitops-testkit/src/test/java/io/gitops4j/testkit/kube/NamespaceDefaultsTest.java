package io.gitops4j.testkit.kube;

import static io.gitops4j.testkit.kube.Trees.at;
import static io.gitops4j.testkit.kube.Trees.str;
import static io.gitops4j.testkit.kube.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.testkit.FakeKube;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code FakeKube.builder().namespaceDefaults(true)}: what a cluster's controllers put into every namespace. */
class NamespaceDefaultsTest {

    private final FakeKube kube = FakeKube.builder().namespaceDefaults(true).build();
    private final ResourceType namespaces = kube.type("", "v1", "namespaces");
    private final ResourceType configMaps = kube.type("", "v1", "configmaps");
    private final ResourceType accounts = kube.type("", "v1", "serviceaccounts");
    private final ResourceType pods = kube.type("", "v1", "pods");

    private List<String> names(FakeKube on, ResourceType type, String ns) {
        return on.list(type, ns, ListOptions.defaults()).items().stream().map(o -> str(o, "metadata.name")).toList();
    }

    @Test
    void everyNamespaceGetsItsDefaultServiceAccountAndRootCa() {
        kube.create(namespaces, "", yaml("metadata: {name: team}"), WriteOptions.defaults());

        for (String ns : List.of("team", "default", "kube-system", "kube-public", "kube-node-lease")) {
            assertThat(names(kube, accounts, ns)).as(ns).containsExactly("default");
            assertThat(names(kube, configMaps, ns)).as(ns).containsExactly("kube-root-ca.crt");
        }
        Map<String, Object> ca = kube.get(configMaps, "team", "kube-root-ca.crt");
        assertThat(((Map<?, ?>) ca.get("data")).get("ca.crt").toString())
                .startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
        assertThat(str(ca, "metadata.managedFields.0.manager")).isEqualTo("kube-controller-manager");
        assertThat(str(ca, "metadata.managedFields.0.operation")).isEqualTo("Update");
        assertThat(at(kube.get(accounts, "team", "default"), "metadata.uid")).isNotNull();
    }

    @Test
    void aDryRunNamespaceCreatesNothingAndDeletingTheNamespaceTakesThemAlong() {
        kube.create(namespaces, "", yaml("metadata: {name: trial}"), WriteOptions.defaults().withDryRun(true));
        assertThat(names(kube, configMaps, "trial")).isEmpty();

        kube.create(namespaces, "", yaml("metadata: {name: gone}"), WriteOptions.defaults());
        kube.delete(namespaces, "", "gone", DeleteOptions.defaults());
        assertThat(names(kube, configMaps, "gone")).isEmpty();
        assertThat(names(kube, accounts, "gone")).isEmpty();
    }

    @Test
    void aPodNeedsItsServiceAccount() {
        String pod = "metadata: {name: p}\nspec: {serviceAccountName: %s, containers: [{name: c, image: busybox}]}";

        assertThatThrownBy(() -> kube.create(pods, "default", yaml(pod.formatted("db")), WriteOptions.defaults()))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> {
                    assertThat(e.code()).isEqualTo(403);
                    assertThat(e.getMessage()).isEqualTo("pods \"p\" is forbidden: error looking up service account "
                            + "default/db: serviceaccount \"db\" not found");
                });
        assertThat(str(kube.create(pods, "default", yaml(pod.formatted("default")), WriteOptions.defaults())
                .object(), "spec.volumes.0.projected.sources.1.configMap.name")).isEqualTo("kube-root-ca.crt");

        FakeKube plain = FakeKube.create();
        assertThat(names(plain, configMaps, "default")).as("off by default").isEmpty();
        assertThat(str(plain.create(pods, "default", yaml(pod.formatted("db")), WriteOptions.defaults()).object(),
                "spec.serviceAccountName")).as("without the option the account need not exist").isEqualTo("db");
    }
}
