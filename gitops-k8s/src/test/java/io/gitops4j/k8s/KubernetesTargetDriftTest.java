package io.gitops4j.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Application;
import io.gitops4j.api.Drift;
import io.gitops4j.api.DriftMode;
import io.gitops4j.api.FieldManager;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.Trigger;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.engine.DriftOptions;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.testkit.kube.WriteOptions;
import io.gitops4j.testkit.server.RequestRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift from the watch through the Kubernetes target (DA-12, issue 12): another field manager edits a managed object
 * through the API server; the target's watch tells the engine, whose pass (no timer runs: background scheduling off,
 * interval one hour) corrects it with one apply, reports it writing nothing, or is not started at all, as the
 * Application's drift mode says.
 */
class KubernetesTargetDriftTest extends OnFakeApiServer {
    private static final ResourceKey CM_1 = ResourceKey.of("v1", "ConfigMap", "shop", "cm-1");
    private static final String EDITOR = "kubectl/v1.33.0 (drift test)";

    @TempDir
    Path repo;

    private Reconciler reconciler;

    @AfterEach
    void closeReconciler() {
        if (reconciler != null) {
            reconciler.close();
        }
    }

    /** Three ConfigMaps {@code cm-I} reconciled once by hand; the request log cleared after. */
    private void synced(DriftMode mode) throws Exception {
        for (int i = 0; i < 3; i++) {
            Files.writeString(repo.resolve("cm-" + i + ".yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
                    + "  name: cm-" + i + "\ndata:\n  index: \"" + i + "\"\n");
        }
        var kube = server.kube();
        kube.create(kube.type("", "v1", "namespaces"), "", new HashMap<>(Map.of("metadata", Map.of("name", "shop"))),
                WriteOptions.defaults());
        reconciler = GitOps.reconciler().target(target).renderers(Renderers.plainYaml()).backgroundScheduling(false)
                .drift(DriftOptions.defaults().withDebounce(Duration.ofMillis(200))).build();
        reconciler.register(Application.builder("shop").source(SourceSpec.local(repo)).targetNamespace("shop")
                .syncPolicy(SyncPolicy.automated().withInterval(Duration.ofHours(1)).withDrift(mode)).build());
        ReconcileResult first = reconciler.reconcileNow("shop").get(2, TimeUnit.MINUTES);
        assertThat(first.isSynced()).as(first.error().orElse("")).isTrue();
        server.requests().clear();
    }

    /** A {@code kubectl edit} of {@code cm-1} through the API: a merge patch by manager kubectl-edit (Update). */
    private void kubectlEdit() throws Exception {
        HttpResponse<String> edit = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        server.url() + "/api/v1/namespaces/shop/configmaps/cm-1?fieldManager=kubectl-edit"))
                .header("Content-Type", "application/merge-patch+json").header("User-Agent", EDITOR)
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"data\":{\"index\":\"drifted\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(edit.statusCode()).as(edit.body()).isEqualTo(200);
    }

    /** @return the requests the engine's target sent since the log was cleared, watches left out */
    private List<String> engineRequests() {
        return server.requests().records(r -> !r.verb().equals("watch") && !r.userAgent().equals(EDITOR)).stream()
                .map(r -> r.verb() + " " + r.path()).toList();
    }

    private Object liveIndex() {
        var kube = server.kube();
        return ((Map<?, ?>) kube.get(kube.type("", "v1", "configmaps"), "shop", "cm-1").get("data")).get("index");
    }

    /** @return the pass the drift started, waiting for it at most 30 s */
    private ReconcileResult driftPass() {
        assertThat(Fixtures.eventually(Duration.ofSeconds(30), () -> reconciler.history("shop").size() >= 2))
                .as("a pass followed the edit").isTrue();
        return reconciler.history("shop").get(0);
    }

    /** @return whether {@code check} held throughout {@code period}, polled every 10 ms */
    private static boolean holdsFor(Duration period, java.util.function.BooleanSupplier check) throws Exception {
        long end = System.nanoTime() + period.toNanos();
        while (System.nanoTime() - end < 0) {
            if (!check.getAsBoolean()) {
                return false;
            }
            Thread.sleep(10);
        }
        return check.getAsBoolean();
    }

    @Test
    @DisplayName("DA-12 correct: a kubectl edit made through the API is seen on the watch, starts a pass (no timer "
            + "runs) that takes the field back with exactly one apply, and explains the drift: field, manager, when")
    void da12CorrectedFromTheWatchWithOneApply() throws Exception {
        synced(DriftMode.CORRECT);
        Instant edited = Instant.now();

        kubectlEdit();
        ReconcileResult pass = driftPass();

        assertThat(pass.trigger()).isEqualTo(Trigger.DRIFT);
        assertThat(pass.outcome()).as(pass.error().orElse("")).isEqualTo(Outcome.SYNCED);
        assertThat(pass.keys(ObjectOutcome.CONFIGURED)).containsExactly(CM_1);
        assertThat(liveIndex()).isEqualTo("1");
        assertThat(engineRequests()).containsExactly("patch /api/v1/namespaces/shop/configmaps/cm-1");
        assertThat(pass.drift()).singleElement().satisfies(d -> {
            assertThat(d.key()).isEqualTo(CM_1);
            assertThat(d.handling()).isEqualTo(Drift.Handling.CORRECTED);
            assertThat(d.fields()).singleElement().satisfies(f -> {
                assertThat(f.change().path()).isEqualTo(".data.index");
                FieldManager owner = f.owner().orElseThrow();
                assertThat(owner.name()).isEqualTo("kubectl-edit");
                assertThat(owner.operation()).isEqualTo("Update");
                assertThat(owner.time()).hasValueSatisfying(t -> assertThat(t)
                        .isBetween(edited.minusSeconds(2), Instant.now()));
            });
        });
        assertThat(holdsFor(Duration.ofSeconds(1), () -> reconciler.history("shop").size() == 2))
                .as("the correction's own echo starts no further pass").isTrue();
        assertThat(engineRequests()).hasSize(1);
    }

    @Test
    @DisplayName("DA-12 report: the pass the edit starts reports it (OUT_OF_SYNC, the field and its manager) and "
            + "sends no write")
    void da12ReportedFromTheWatchWritesNothing() throws Exception {
        synced(DriftMode.REPORT);

        kubectlEdit();
        ReconcileResult pass = driftPass();

        assertThat(pass.trigger()).isEqualTo(Trigger.DRIFT);
        assertThat(pass.outcome()).isEqualTo(Outcome.OUT_OF_SYNC);
        assertThat(pass.writes()).isZero();
        assertThat(pass.drift()).singleElement().satisfies(d -> {
            assertThat(d.handling()).isEqualTo(Drift.Handling.REPORTED);
            assertThat(d.competingManagers()).containsExactly("kubectl-edit");
        });
        assertThat(engineRequests()).isEmpty();
        assertThat(liveIndex()).isEqualTo("drifted");
    }

    @Test
    @DisplayName("DA-12 ignore: the edit starts no pass and nothing is sent")
    void da12IgnoredStartsNothing() throws Exception {
        synced(DriftMode.IGNORE);

        kubectlEdit();

        assertThat(Fixtures.eventually(Duration.ofSeconds(10), () -> target.view().get(CM_1).orElseThrow()
                .manifest().get("data", "index").equals(java.util.Optional.of("drifted"))))
                .as("the watch brought the edit to the target's cache").isTrue();
        assertThat(holdsFor(Duration.ofSeconds(1), () -> reconciler.history("shop").size() == 1))
                .as("no pass after five debounce periods").isTrue();
        assertThat(engineRequests()).isEmpty();
        assertThat(liveIndex()).isEqualTo("drifted");
    }
}
