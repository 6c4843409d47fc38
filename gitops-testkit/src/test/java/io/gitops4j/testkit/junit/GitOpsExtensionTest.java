package io.gitops4j.testkit.junit;

import static io.gitops4j.testkit.assertions.GitOpsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.fault.Faults;
import io.gitops4j.testkit.git.GitFixtures;
import io.gitops4j.testkit.git.TestRepo;
import io.gitops4j.testkit.kube.WriteOptions;
import io.gitops4j.testkit.server.RequestLog;
import io.gitops4j.testkit.simulate.StatusSimulators;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a test annotated with {@link GitOpsTest} gets: every part injected and wired to the same cluster. */
@GitOpsTest
class GitOpsExtensionTest {
    private FakeKube fieldKube;
    private FakeApiServer fieldServer;
    private TestCluster cluster;

    @Test
    void fieldsAndParametersShareOneCluster(FakeKube kube, FakeApiServer server, StatusSimulators simulators,
                                            Faults faults, RequestLog log) {
        assertThat(kube).isSameAs(fieldKube).isSameAs(server.kube()).isSameAs(cluster.kube());
        assertThat(server).isSameAs(fieldServer);
        assertThat(simulators).isSameAs(cluster.simulators());
        assertThat(faults).isSameAs(Faults.of(kube));
        assertThat(log).isSameAs(server.requests());
    }

    @Test
    void apiClientTalksToTheFakeServerNotTheMachinesKubeconfig(ApiClient client, FakeApiServer server,
                                                               FakeKube kube) throws Exception {
        assertThat(client.getBasePath()).isEqualTo(server.url());

        new CoreV1Api(client).createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name("shop"))).execute();

        assertThat(kube).contains(ResourceKey.of("v1", "Namespace", "", "shop"));
        // the server records a request just after sending its response
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.requests().count("create") == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(server.requests()).countOf(io.gitops4j.testkit.fault.Verb.CREATE).isEqualTo(1);
    }

    @Test
    void simulatorsRunByDefaultSoDeploymentsBecomeHealthy(FakeKube kube, StatusSimulators simulators,
                                                          ApiClient client) throws Exception {
        kube.create(kube.type("apps", "v1", "deployments"), "default", Map.of(
                "metadata", Map.of("name", "web"),
                "spec", Map.of("replicas", 2, "selector", Map.of("matchLabels", Map.of("app", "web")),
                        "template", Map.of("metadata", Map.of("labels", Map.of("app", "web")),
                                "spec", Map.of("containers", java.util.List.of(Map.of("name", "a", "image", "x")))))),
                WriteOptions.defaults());
        simulators.awaitIdle(Duration.ofSeconds(10));

        assertThat(kube).isHealthy(ResourceKey.of("apps/v1", "Deployment", "default", "web"));
        assertThat(new AppsV1Api(client).readNamespacedDeployment("web", "default").execute().getStatus()
                .getAvailableReplicas()).isEqualTo(2);
    }

    @Test
    void theTargetIsTheFakeBehindTheFaultRulesAndRecordsItsCalls(io.gitops4j.api.target.Target target,
                                                                 TestCluster cluster, Faults faults) {
        var cm = io.gitops4j.api.resource.Manifest.of(Map.of("apiVersion", "v1", "kind", "ConfigMap",
                "metadata", Map.of("name", "a", "namespace", "default")));
        faults.on(io.gitops4j.testkit.fault.Verb.PATCH).next(1)
                .inject(io.gitops4j.testkit.fault.Fault.serviceUnavailable());

        var context = io.gitops4j.api.target.WriteContext.of("test", 0);
        var apply = java.util.List.of(io.gitops4j.api.target.ApplyRequest.of(cm));
        var options = io.gitops4j.api.target.ApplyOptions.defaults();

        org.assertj.core.api.Assertions.assertThat(target.applyAll(apply, options, context)).singleElement()
                .satisfies(r -> org.assertj.core.api.Assertions.assertThat(r.failure()).hasValueSatisfying(f ->
                        org.assertj.core.api.Assertions.assertThat(f.reason())
                                .isEqualTo(io.gitops4j.api.target.TargetException.Reason.UNAVAILABLE)));
        org.assertj.core.api.Assertions.assertThat(target.applyAll(apply, options, context)).singleElement()
                .satisfies(r -> org.assertj.core.api.Assertions.assertThat(r.outcome())
                        .isEqualTo(io.gitops4j.api.target.ObjectOutcome.CREATED));

        assertThat(cluster.kube()).contains(ResourceKey.of("v1", "ConfigMap", "default", "a"));
        assertThat(cluster.targetRequests()).hasWriteCount(2);
        assertThat(cluster.target()).isSameAs(target);
    }

    @Test
    void gitFixturesAreReady(GitFixtures git) {
        TestRepo repo = git.repo("deploy");
        String commit = repo.commit("first").add("cm.yaml", "kind: ConfigMap\n").create();

        assertThat(repo.head("main")).contains(commit);
    }
}
