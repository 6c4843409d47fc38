package io.gitops4j.testkit.engine;

import static io.gitops4j.testkit.engine.EngineFixture.APP;
import static io.gitops4j.testkit.engine.EngineFixture.configMap;
import static io.gitops4j.testkit.engine.EngineFixture.reconcile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.Trigger;
import io.gitops4j.api.UnknownApplicationException;
import io.gitops4j.api.deploy.PinOptions;
import io.gitops4j.api.health.HealthObservation.Basis;
import io.gitops4j.api.health.HealthStatus;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.render.Renderer;
import io.gitops4j.api.resource.ManifestSet;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.render.Renderers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.junit.jupiter.api.io.TempDir;

/**
 * History, triggers and the honest parts of a result, through the public API on {@code FakeKube.asTarget()}: the
 * last N results per Application with revision, trigger, changes, health and timings; why each pass ran; whether
 * its health was a snapshot; one rule for an unknown Application.
 */
class EngineHistoryTest {
    private static final SyncPolicy MANUAL = SyncPolicy.manual().withInterval(Duration.ofHours(1));
    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 1
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: web, image: "nginx:1.27"}]}
            """;

    @TempDir
    Path repo;

    private EngineFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new EngineFixture(repo);
        fixture.write("a.yaml", configMap("a", "1"));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    @DisplayName("EN-13 an unknown Application: plan, reconcileNow, status, history, apply, awaitDeployed, pin and unpin all throw UnknownApplicationException at the call")
    void unknownApplicationIsOneTypedErrorEverywhere() {
        Reconciler reconciler = fixture.start(MANUAL);
        Plan real = reconciler.plan(APP, Revision.ref("refs/heads/local"));
        List<ThrowingConsumer<String>> calls = List.of(
                name -> reconciler.plan(name, Revision.ref("refs/heads/local")),
                reconciler::reconcileNow,
                reconciler::status,
                reconciler::history,
                name -> reconciler.apply(new Plan(name, real.revision(), real.desired(), real.live(), real.changes(),
                        real.verdicts())),
                name -> reconciler.awaitDeployed(name, "0".repeat(40), Duration.ofSeconds(1)),
                name -> reconciler.pin(name, real.revision(), PinOptions.defaults()),
                reconciler::unpin);
        for (ThrowingConsumer<String> call : calls) {
            assertThatThrownBy(() -> call.accept("nope")).isInstanceOf(UnknownApplicationException.class)
                    .hasMessage("application 'nope' is not registered")
                    .satisfies(e -> assertThat(((UnknownApplicationException) e).application()).isEqualTo("nope"));
        }
        assertThat(reconciler.unregister("nope")).as("unregister stays idempotent").isFalse();
        assertThat(fixture.commits()).isEmpty();
    }

    @Test
    @DisplayName("history keeps the last N results, newest first, with revision, trigger, changes, health and timings, across a re-registration")
    void historyKeepsTheLastResultsWithTheirTrigger() throws Exception {
        Reconciler reconciler = fixture.start(MANUAL, b -> b.historySize(3));
        ReconcileResult created = reconcile(reconciler);
        fixture.write("a.yaml", configMap("a", "2"));
        assertThat(reconciler.onPush(SourceSpec.local(repo).url(), "refs/heads/local")).containsExactly(APP);
        ReconcileResult pushed = fixture.await(2, r -> true, Duration.ofSeconds(30)).get(1).result();
        reconciler.register(fixture.application(MANUAL.withInterval(Duration.ofHours(2))));
        ReconcileResult third = reconcile(reconciler);
        ReconcileResult fourth = reconcile(reconciler);

        List<ReconcileResult> history = reconciler.history(APP);

        assertThat(history).as("the newest three, kept through the re-registration").containsExactly(fourth, third,
                pushed);
        assertThat(history).extracting(ReconcileResult::trigger)
                .containsExactly(Trigger.MANUAL, Trigger.MANUAL, Trigger.PUSH);
        assertThat(created.trigger()).isEqualTo(Trigger.MANUAL);
        assertThat(created.changes().keys(Action.CREATE)).hasSize(1);
        assertThat(pushed.outcome()).as("a push on a manual policy plans only").isEqualTo(Outcome.OUT_OF_SYNC);
        assertThat(pushed.changes().keys(Action.UPDATE)).hasSize(1);
        assertThat(third.changes().keys(Action.UPDATE)).hasSize(1);
        assertThat(third.revision()).isPresent();
        assertThat(third.timings().phases()).containsKeys("resolve", "render", "plan", "apply", "health");
        assertThat(third.health().status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(reconciler.status(APP).lastResult()).contains(fourth);
    }

    @Test
    @DisplayName("EN-02 requests that arrive during a pass share one follow-up, which records MANUAL when one of them was manual")
    void coalescedFollowUpRecordsTheManualTrigger() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch rendering = new CountDownLatch(1);
        Reconciler reconciler = fixture.start(MANUAL, b -> b.renderers(new HeldRenderer(rendering, release))
                .renderCache(0));
        reconciler.onPush(SourceSpec.local(repo).url(), "refs/heads/local");
        assertThat(rendering.await(30, TimeUnit.SECONDS)).isTrue();

        reconciler.onPush(SourceSpec.local(repo).url(), "refs/heads/local");
        CompletableFuture<ReconcileResult> manual = reconciler.reconcileNow(APP);
        release.countDown();

        ReconcileResult followUp = manual.get(30, TimeUnit.SECONDS);
        assertThat(fixture.await(2, r -> true, Duration.ofSeconds(30))).extracting(r -> r.result().trigger())
                .containsExactly(Trigger.PUSH, Trigger.MANUAL);
        assertThat(followUp.trigger()).isEqualTo(Trigger.MANUAL);
        assertThat(followUp.outcome()).as("the manual request made the follow-up write").isEqualTo(Outcome.SYNCED);
    }

    @Test
    @DisplayName("a result's health says it is a snapshot taken right after the writes, or that it was not assessed")
    void healthSaysItIsASnapshot() throws Exception {
        fixture.write("web.yaml", DEPLOYMENT);
        Reconciler reconciler = fixture.start(MANUAL);

        ReconcileResult applied = reconcile(reconciler);

        assertThat(applied.health().basis()).isEqualTo(Basis.SNAPSHOT);
        assertThat(applied.health().deadline()).isEmpty();
        assertThat(applied.health().status()).as("no controller has rolled it out when it is looked at")
                .isEqualTo(HealthStatus.PROGRESSING);
        assertThat(applied.health().observedAt()).isAfterOrEqualTo(applied.timings().started());

        fixture.write("broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: broken\n");
        ReconcileResult failed = reconcile(reconciler);
        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failed.health().basis()).isEqualTo(Basis.NOT_ASSESSED);
        assertThat(failed.health().status()).isEqualTo(HealthStatus.UNKNOWN);
    }

    /** The plain renderer, whose first render waits until released. */
    private static final class HeldRenderer implements Renderer {
        private final Renderer plain = Renderers.plainYaml();
        private final CountDownLatch rendering;
        private final CountDownLatch release;

        HeldRenderer(CountDownLatch rendering, CountDownLatch release) {
            this.rendering = rendering;
            this.release = release;
        }

        @Override
        public String name() {
            return plain.name();
        }

        @Override
        public ManifestSet render(Snapshot snapshot, RenderSpec spec) {
            rendering.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new AssertionError("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            return plain.render(snapshot, spec);
        }
    }
}
