package io.gitops4j.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Application;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.kube.WriteOptions;
import io.gitops4j.testkit.server.RequestRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine on {@link KubernetesTarget} over HTTP: a no-op reconcile costs no request. */
class KubernetesTargetEngineTest {
    private static final int N = 1000;

    @TempDir
    Path repo;

    /** Writes {@code n} ConfigMaps {@code cm-I} into the repository. */
    private void configMaps(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            Files.writeString(repo.resolve("cm-" + i + ".yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
                    + "  name: cm-" + i + "\ndata:\n  index: \"" + i + "\"\n");
        }
    }

    /** A reconciler on {@code target} with Application {@code shop} (namespace {@code shop}, created here). */
    private static Reconciler shop(FakeApiServer server, KubernetesTarget target, Path repo, SyncPolicy policy) {
        var kube = server.kube();
        kube.create(kube.type("", "v1", "namespaces"), "", new HashMap<>(Map.of("metadata", Map.of("name", "shop"))),
                WriteOptions.defaults());
        Reconciler reconciler = GitOps.reconciler().target(target).renderers(Renderers.plainYaml()).build();
        reconciler.register(Application.builder("shop").source(SourceSpec.local(repo)).targetNamespace("shop")
                .syncPolicy(policy.withInterval(Duration.ofHours(1))).build());
        return reconciler;
    }

    @Test
    @DisplayName("P3 after a reconcile of 1,000 objects a second one sends no request; a drift made through the API "
            + "by another field manager reaches the cache through the watch and is corrected with one apply")
    void p3NoOpReconcileSendsNoRequest() throws Exception {
        configMaps(N);
        try (FakeApiServer server = FakeApiServer.start();
             KubernetesTarget target = Fixtures.target(server);
             Reconciler reconciler = shop(server, target, repo, SyncPolicy.manual())) {
            var kube = server.kube();

            ReconcileResult first = reconciler.reconcileNow("shop").get(5, TimeUnit.MINUTES);
            assertThat(first.isSynced()).as(first.error().orElse("")).isTrue();
            assertThat(first.keys(ObjectOutcome.CREATED)).hasSize(N);
            server.requests().clear();

            ReconcileResult noop = reconciler.reconcileNow("shop").get(5, TimeUnit.MINUTES);

            assertThat(noop.isSynced()).as(noop.error().orElse("")).isTrue();
            assertThat(noop.keys(ObjectOutcome.UNCHANGED)).hasSize(N);
            assertThat(server.requests().records(r -> !r.verb().equals("watch"))).isEmpty();

            HttpResponse<String> edit = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    server.url() + "/api/v1/namespaces/shop/configmaps/cm-7?fieldManager=kubectl-edit"))
                    .header("Content-Type", "application/merge-patch+json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"data\":{\"index\":\"drifted\"}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(edit.statusCode()).isEqualTo(200);
            ResourceKey cm7 = ResourceKey.of("v1", "ConfigMap", "shop", "cm-7");
            assertThat(Fixtures.eventually(Duration.ofSeconds(10), () -> target.view().get(cm7).orElseThrow()
                    .manifest().get("data", "index").equals(java.util.Optional.of("drifted")))).isTrue();
            server.requests().clear();

            ReconcileResult corrected = reconciler.reconcileNow("shop").get(5, TimeUnit.MINUTES);

            assertThat(corrected.isSynced()).as(corrected.error().orElse("")).isTrue();
            assertThat(corrected.keys(ObjectOutcome.CONFIGURED)).containsExactly(cm7);
            List<RequestRecord> sent = server.requests().records(r -> !r.verb().equals("watch"));
            assertThat(sent).extracting(r -> r.verb() + " " + r.path())
                    .containsExactly("patch /api/v1/namespaces/shop/configmaps/cm-7");
            assertThat(kube.get(kube.type("", "v1", "configmaps"), "shop", "cm-7"))
                    .extractingByKey("data").isEqualTo(Map.of("index", "7"));
        }
    }

    @Test
    @DisplayName("P4 a cold reconcile of 1,000 objects sends at most 1.1·N requests besides discovery: one PATCH "
            + "each, and the objects the cache does not hold are read with a list, not a GET each")
    void p4ColdReconcileReadsWithAListNotAGetPerObject() throws Exception {
        configMaps(N);
        try (FakeApiServer server = FakeApiServer.start();
             KubernetesTarget target = Fixtures.target(server);
             Reconciler reconciler = shop(server, target, repo, SyncPolicy.manual())) {
            server.requests().clear();

            ReconcileResult cold = reconciler.reconcileNow("shop").get(5, TimeUnit.MINUTES);

            assertThat(cold.isSynced()).as(cold.error().orElse("")).isTrue();
            assertThat(cold.keys(ObjectOutcome.CREATED)).hasSize(N);
            List<RequestRecord> objects = server.requests().records(r -> !r.resource().isEmpty()
                    && !r.verb().equals("watch"));
            assertThat(objects).filteredOn(r -> r.path().startsWith("/api/v1/namespaces/shop/configmaps/"))
                    .extracting(RequestRecord::verb).containsOnly("patch").hasSize(N);
            assertThat(objects).filteredOn(r -> r.path().equals("/api/v1/namespaces/shop/configmaps"))
                    .extracting(RequestRecord::verb).containsExactly("list");
            assertThat(objects.size()).as("requests besides discovery and watches: %s",
                    server.requests().countsByVerb()).isLessThanOrEqualTo(N + N / 10);
        }
    }

    @Test
    @DisplayName("PR-06 objects read by one list on a cold pass: another Application's object is skipped and not "
            + "written, kubectl's unlabelled one is adopted, the rest created")
    void pr06ObjectsOfOthersAreSeenWhenReadByAList() throws Exception {
        configMaps(20);
        try (FakeApiServer server = FakeApiServer.start();
             KubernetesTarget target = Fixtures.target(server);
             Reconciler reconciler = shop(server, target, repo, SyncPolicy.manual())) {
            var kube = server.kube();
            var configMaps = kube.type("", "v1", "configmaps");
            kube.create(configMaps, "shop", new HashMap<>(Map.of("metadata", Map.of("name", "cm-3"),
                    "data", Map.of("index", "kubectl's"))), WriteOptions.defaults().withFieldManager("kubectl"));
            kube.create(configMaps, "shop", new HashMap<>(Map.of("metadata", Map.of("name", "cm-5",
                    "labels", Map.of("gitops4j.io/application", "billing")), "data", Map.of("index", "billing's"))),
                    WriteOptions.defaults());
            server.requests().clear();

            ReconcileResult cold = reconciler.reconcileNow("shop").get(5, TimeUnit.MINUTES);

            assertThat(cold.outcome()).isEqualTo(io.gitops4j.api.Outcome.OUT_OF_SYNC);
            assertThat(cold.keys(ObjectOutcome.CREATED)).hasSize(18);
            assertThat(cold.keys(ObjectOutcome.CONFIGURED)).extracting(ResourceKey::name).containsExactly("cm-3");
            assertThat(kube.get(configMaps, "shop", "cm-5")).extractingByKey("data")
                    .isEqualTo(Map.of("index", "billing's"));
            assertThat(server.requests().records(r -> r.path().endsWith("/configmaps/cm-5"))).isEmpty();
            assertThat(server.requests().records(r -> r.verb().equals("get")   // the planner reads none; the
                    && r.path().startsWith("/api/v1/namespaces/shop/configmaps/")))   // adopting apply reads cm-3
                    .extracting(RequestRecord::path).containsOnly("/api/v1/namespaces/shop/configmaps/cm-3");
        }
    }

    @Test
    @DisplayName("PR-10 a damaged inventory ConfigMap is rebuilt from the ownership labels by the engine; nothing is "
            + "pruned and the next read is whole again")
    void pr10DamagedInventoryIsRebuiltNotReadAsEmpty() throws Exception {
        configMaps(5);
        try (FakeApiServer server = FakeApiServer.start();
             KubernetesTarget target = Fixtures.target(server);
             Reconciler reconciler = shop(server, target, repo, SyncPolicy.automated().withPrune(true))) {
            var kube = server.kube();
            assertThat(reconciler.reconcileNow("shop").get(2, TimeUnit.MINUTES).isSynced()).isTrue();
            kube.patch(kube.type("", "v1", "configmaps"), "default", "gitops4j-inventory-shop",
                    io.gitops4j.testkit.kube.PatchType.MERGE, "{\"data\":{\"sha256\":\"00\"}}",
                    WriteOptions.defaults());
            assertThat(Fixtures.eventually(Duration.ofSeconds(10), () -> {
                try {
                    target.inventories().read("shop");
                    return false;
                } catch (io.gitops4j.api.target.InventoryUnreadableException e) {
                    return true;
                }
            })).isTrue();
            Files.delete(repo.resolve("cm-4.yaml"));

            ReconcileResult rebuilt = reconciler.reconcileNow("shop").get(2, TimeUnit.MINUTES);

            assertThat(rebuilt.isSynced()).as(rebuilt.error().orElse("")).isTrue();
            assertThat(target.inventories().read("shop").orElseThrow().inventory().size()).isEqualTo(4);
            assertThat(kube.list(kube.type("", "v1", "configmaps"), "shop",
                    io.gitops4j.testkit.kube.ListOptions.defaults()).items()).hasSize(4);
        }
    }
}
