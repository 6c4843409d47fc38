package io.gitops4j.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Application;
import io.gitops4j.api.DryRun;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.fault.Fault;
import io.gitops4j.testkit.fault.FaultRule;
import io.gitops4j.testkit.fault.Faults;
import io.gitops4j.testkit.fault.Verb;
import io.gitops4j.testkit.kube.ListOptions;
import io.gitops4j.testkit.kube.WriteOptions;
import io.gitops4j.testkit.server.RequestRecord;
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

/**
 * DA-06 through {@link KubernetesTarget} over HTTP: the engine's dry run ({@code SyncPolicy.dryRunFirst}) reaches the
 * API server as {@code dryRun=All} requests, and a validating admission webhook (a fault rule answering the object's
 * PATCH with the webhook's 403) refusing one object stops the pass before any other request writes.
 */
class KubernetesTargetDryRunFirstTest {
    private static final String CANARY = "hunter2-canary-5f1e";
    private static final ResourceKey SECRET = ResourceKey.of("v1", "Secret", "shop", "b");

    @TempDir
    Path repo;

    private static boolean isDryRun(RequestRecord r) {
        return r.query().contains("dryRun=All");
    }

    @Test
    @DisplayName("DA-06 a webhook refusing object k of N: the pass sends N dryRun=All requests and no write, names k "
            + "with the webhook's message (the Secret's value redacted), and converges once the webhook allows it")
    void da06TheDryRunReachesTheServerAndARefusalWritesNothing() throws Exception {
        Files.writeString(repo.resolve("a.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"
                + "data:\n  k: v\n");
        Files.writeString(repo.resolve("b.yaml"), "apiVersion: v1\nkind: Secret\nmetadata:\n  name: b\n"
                + "stringData:\n  password: " + CANARY + "\n");
        Files.writeString(repo.resolve("c.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"
                + "data:\n  k: v\n");
        try (FakeApiServer server = FakeApiServer.start();
             KubernetesTarget target = Fixtures.target(server)) {
            var kube = server.kube();
            kube.create(kube.type("", "v1", "namespaces"), "", new HashMap<>(Map.of("metadata",
                    Map.of("name", "shop"))), WriteOptions.defaults());
            FaultRule webhook = Faults.of(kube).on(Verb.PATCH).resource("secrets").name("b").inject(
                    Fault.admissionDenied("policy.acme.io", "password " + CANARY + " is too weak"));
            try (Reconciler reconciler = GitOps.reconciler().target(target).renderers(Renderers.plainYaml())
                    .build()) {
                reconciler.register(Application.builder("shop").source(SourceSpec.local(repo)).targetNamespace("shop")
                        .syncPolicy(SyncPolicy.manual().withInterval(Duration.ofHours(1)).withDryRunFirst(true))
                        .build());
                server.requests().clear();

                ReconcileResult refused = reconciler.reconcileNow("shop").get(2, TimeUnit.MINUTES);

                assertThat(refused.outcome()).isEqualTo(Outcome.FAILED);
                ReconcileFailure failure = refused.failure().orElseThrow();
                assertThat(failure.phase()).isEqualTo(ReconcileFailure.Phase.DRY_RUN);
                assertThat(failure.targetReason()).contains(TargetException.Reason.FORBIDDEN);
                assertThat(failure.object()).contains(SECRET);
                assertThat(failure.message()).contains("Secret shop/b").contains("policy.acme.io")
                        .contains("is too weak").doesNotContain(CANARY);
                assertThat(refused.object(SECRET).orElseThrow().outcome()).isEqualTo(ObjectOutcome.FAILED);
                assertThat(refused.object(SECRET).orElseThrow().toString()).doesNotContain(CANARY);
                assertThat(refused.dryRun()).isEqualTo(new DryRun(3, 0, 1));
                List<RequestRecord> writes = server.requests().writes();
                assertThat(writes).hasSize(3).allMatch(KubernetesTargetDryRunFirstTest::isDryRun);
                assertThat(kube.list(kube.type("", "v1", "configmaps"), "", ListOptions.defaults()).items())
                        .as("no object and no inventory stored").isEmpty();
                assertThat(kube.list(kube.type("", "v1", "secrets"), "", ListOptions.defaults()).items())
                        .isEmpty();

                webhook.clear();
                server.requests().clear();
                ReconcileResult fixed = reconciler.reconcileNow("shop").get(2, TimeUnit.MINUTES);

                assertThat(fixed.isSynced()).as(fixed.error().orElse("")).isTrue();
                assertThat(fixed.keys(ObjectOutcome.CREATED)).hasSize(3);
                assertThat(kube.list(kube.type("", "v1", "configmaps"), "", ListOptions.defaults()).items())
                        .extracting(o -> String.valueOf(((Map<?, ?>) o.get("metadata")).get("name")))
                        .containsExactlyInAnyOrder("a", "c", "gitops4j-inventory-shop");
                assertThat(server.requests().writes()).filteredOn(KubernetesTargetDryRunFirstTest::isDryRun)
                        .extracting(RequestRecord::path).containsExactlyInAnyOrder(
                                "/api/v1/namespaces/shop/configmaps/a", "/api/v1/namespaces/shop/secrets/b",
                                "/api/v1/namespaces/shop/configmaps/c");
                assertThat(server.requests().writes()).filteredOn(r -> !isDryRun(r))
                        .extracting(RequestRecord::path).contains("/api/v1/namespaces/shop/configmaps/a",
                                "/api/v1/namespaces/shop/secrets/b", "/api/v1/namespaces/shop/configmaps/c");

                server.requests().clear();
                ReconcileResult unchanged = reconciler.reconcileNow("shop").get(2, TimeUnit.MINUTES);

                assertThat(unchanged.isSynced()).as(unchanged.error().orElse("")).isTrue();
                assertThat(unchanged.dryRun()).isEqualTo(DryRun.NONE);
                assertThat(server.requests().records(r -> !r.verb().equals("watch"))).isEmpty();
            }
        }
    }
}
