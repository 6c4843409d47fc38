package io.gitops4j.testkit.engine;

import static io.gitops4j.testkit.engine.GitEngineFixture.APP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.deploy.DeployFailedException;
import io.gitops4j.api.deploy.DeployFailedException.Reason;
import io.gitops4j.api.deploy.Deployment;
import io.gitops4j.api.health.HealthObservation.Basis;
import io.gitops4j.api.health.HealthStatus;
import io.gitops4j.api.resource.ResourceKey;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code Reconciler.awaitDeployed} through the public API (EN-15): a commit counts as deployed when it, or a
 * descendant, was applied by a SYNCED pass and every object then became healthy, watched on the change feed; otherwise
 * the future fails with a typed reason. A git daemon serves the repository; a status simulator rolls the Deployment
 * out in 200 ms, so a pass's own health snapshot still says PROGRESSING.
 */
class EngineAwaitDeployedTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ResourceKey WEB = ResourceKey.of("apps/v1", "Deployment", "shop", "web");

    private GitEngineFixture f;

    @BeforeEach
    void start() {
        f = new GitEngineFixture(SyncPolicy.manual().withInterval(Duration.ofHours(1)));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private ReconcileResult reconcile() throws Exception {
        return f.reconciler.reconcileNow(APP).get(30, TimeUnit.SECONDS);
    }

    private static DeployFailedException failure(CompletableFuture<Deployment> deploy) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> deploy.get(30, TimeUnit.SECONDS));
        assertThat(e.getCause()).isInstanceOf(DeployFailedException.class);
        return (DeployFailedException) e.getCause();
    }

    @Test
    @DisplayName("EN-15 awaitDeployed completes once a descendant of the commit is applied and every object has become healthy")
    void descendantAppliedAndHealthy() throws Exception {
        String first = f.repo.head("main").orElseThrow();
        CompletableFuture<Deployment> deploy = f.reconciler.awaitDeployed(APP, first, WAIT);
        String second = f.commit("v2", "2");

        ReconcileResult result = reconcile();

        assertThat(result.revision().orElseThrow().id()).isEqualTo(second);
        assertThat(result.health().status()).as("the pass's own snapshot").isEqualTo(HealthStatus.PROGRESSING);
        Deployment deployed = deploy.get(30, TimeUnit.SECONDS);
        assertThat(deployed.commit()).isEqualTo(first);
        assertThat(deployed.revision().id()).isEqualTo(second);
        assertThat(deployed.result()).isEqualTo(result);
        assertThat(deployed.health().basis()).isEqualTo(Basis.AWAITED);
        assertThat(deployed.health().status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(f.reconciler.awaitDeployed(APP, second, WAIT).get(30, TimeUnit.SECONDS).result())
                .as("a pass already in the history counts").isEqualTo(result);
    }

    @Test
    @DisplayName("EN-15 an object that becomes degraded fails the wait with DEGRADED, naming the object and its condition")
    void degradedObjectFailsTheWait() throws Exception {
        f.simulators.fail("Deployment", "shop", "web");
        String head = f.repo.head("main").orElseThrow();
        CompletableFuture<Deployment> deploy = f.reconciler.awaitDeployed(APP, head, WAIT);

        assertThat(reconcile().outcome()).isEqualTo(Outcome.SYNCED);

        DeployFailedException e = failure(deploy);
        assertThat(e.reason()).isEqualTo(Reason.DEGRADED);
        assertThat(e.object()).contains(WEB);
        assertThat(e.getMessage()).startsWith("deploy of " + head.substring(0, 12) + " to shop DEGRADED: ")
                .contains("Deployment.apps shop/web is DEGRADED: rollout exceeded its progress deadline");
    }

    @Test
    @DisplayName("EN-15 a rollout that does not finish in time fails the wait with TIMED_OUT, naming the object")
    void hangingRolloutTimesOut() throws Exception {
        f.simulators.hang("Deployment", "shop", "web");
        String head = f.repo.head("main").orElseThrow();
        CompletableFuture<Deployment> deploy = f.reconciler.awaitDeployed(APP, head, Duration.ofSeconds(2));

        reconcile();

        DeployFailedException e = failure(deploy);
        assertThat(e.reason()).isEqualTo(Reason.TIMED_OUT);
        assertThat(e.object()).contains(WEB);
        assertThat(e.getMessage()).contains("not healthy within PT2S").contains("Deployment.apps shop/web is PROGRESSING: 0 of 1 replicas available");
    }

    @Test
    @DisplayName("EN-15 a commit that does not render fails the wait with RENDER_FAILED")
    void renderFailureFailsTheWait() throws Exception {
        reconcile();
        String broken = f.repo.commit("broken").add("shop/bad.yaml", "kind: [unclosed\n").create();
        CompletableFuture<Deployment> deploy = f.reconciler.awaitDeployed(APP, broken, WAIT);

        assertThat(reconcile().outcome()).isEqualTo(Outcome.FAILED);

        DeployFailedException e = failure(deploy);
        assertThat(e.reason()).isEqualTo(Reason.RENDER_FAILED);
        assertThat(e.result().orElseThrow().revision().orElseThrow().id()).isEqualTo(broken);
    }

    @Test
    @DisplayName("EN-15 a pass whose prunes a guard holds fails the wait with BLOCKED")
    void heldPrunesFailTheWaitAsBlocked() throws Exception {
        reconcile();
        String removed = f.repo.commit("drop settings").remove("shop/settings.yaml").create();
        CompletableFuture<Deployment> deploy = f.reconciler.awaitDeployed(APP, removed, WAIT);

        assertThat(reconcile().outcome()).isEqualTo(Outcome.OUT_OF_SYNC);

        DeployFailedException e = failure(deploy);
        assertThat(e.reason()).isEqualTo(Reason.BLOCKED);
        assertThat(e.getMessage()).contains("prunes held until confirmed");
    }

    @Test
    @DisplayName("EN-15 a commit the followed branch never reaches times out with TIMED_OUT, saying no pass got there")
    void commitNeverReachedTimesOut() throws Exception {
        String elsewhere = f.repo.commit("elsewhere").on("feature").add("shop/x.yaml",
                GitEngineFixture.configMap("x")).create();
        CompletableFuture<Deployment> deploy = f.reconciler.awaitDeployed(APP, elsewhere, Duration.ofSeconds(2));

        assertThat(reconcile().outcome()).isEqualTo(Outcome.SYNCED);

        DeployFailedException e = failure(deploy);
        assertThat(e.reason()).isEqualTo(Reason.TIMED_OUT);
        assertThat(e.object()).isEmpty();
        assertThat(e.getMessage()).contains("not deployed within PT2S: no pass at it or a later commit yet");
    }

    @Test
    @DisplayName("EN-15 unregistering the Application cancels its waits with CANCELLED")
    void unregisterCancels() {
        CompletableFuture<Deployment> deploy = f.reconciler.awaitDeployed(APP, f.repo.head("main").orElseThrow(),
                WAIT);
        f.reconciler.unregister(APP);
        assertThat(failure(deploy).reason()).isEqualTo(Reason.CANCELLED);
    }
}
