package io.gitops4j.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.testkit.engine.Fleet.Received;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EN-06: one pathological Application does not starve the others. Passes share a bounded number of workers; an
 * Application holds at most one of them, and a freed worker goes to the Application that started a pass least
 * recently. The hanging render is {@link BlockingRenderer}, which waits until the test releases it.
 */
class EngineFairnessTest {
    private static final SyncPolicy EVERY_SECOND = SyncPolicy.automated().withInterval(Duration.ofSeconds(1));
    private static final SyncPolicy MANUAL = SyncPolicy.manual().withInterval(Duration.ofHours(1));

    @TempDir
    Path root;

    private Fleet fleet;
    private final BlockingRenderer blocking = new BlockingRenderer();

    @BeforeEach
    void start() {
        fleet = new Fleet(root);
    }

    @AfterEach
    void stop() {
        blocking.release(1_000);
        fleet.close();
    }

    @Test
    @DisplayName("EN-06 a render that hangs holds one of two workers; four other Applications keep reconciling at their interval")
    void aHangingRenderDoesNotStarveTheOthers() throws Exception {
        try (Reconciler reconciler = GitOps.reconciler().target(fleet.target())
                .renderers(Renderers.plainYaml(), blocking).renderCache(0).workerThreads(2).build()) {
            reconciler.addListener(fleet.recorder());
            reconciler.register(fleet.app("stuck", 1, EVERY_SECOND, BlockingRenderer.NAME));
            blocking.awaitInRender(1, Duration.ofSeconds(30));
            List<String> others = List.of("a", "b", "c", "d");
            others.forEach(name -> reconciler.register(fleet.app(name, 3, EVERY_SECOND)));

            for (String name : others) {
                List<Received> passes = fleet.await(name, 3, r -> r.outcome() == Outcome.SYNCED,
                        Duration.ofSeconds(60));
                for (int i = 1; i < passes.size(); i++) {
                    assertThat(Duration.ofNanos(passes.get(i).nanos() - passes.get(i - 1).nanos()))
                            .as("%s waits its interval between passes, not for the stuck render", name)
                            .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
                }
            }
            assertThat(reconciler.status("stuck").reconciling()).isTrue();
            assertThat(fleet.received("stuck")).as("the stuck render is still stuck").isEmpty();
            assertThat(blocking.mostAtOnce()).as("its later ticks joined the pass in flight").isEqualTo(1);

            blocking.release(1_000);
            assertThat(fleet.await("stuck", 1, r -> true, Duration.ofSeconds(30)).get(0).result().outcome())
                    .isEqualTo(Outcome.SYNCED);
        }
    }

    @Test
    @DisplayName("EN-06 at most workerThreads passes run at once, also on an unbounded executor the host passes in")
    void concurrencyIsBoundedOnTheHostsExecutor() throws Exception {
        ExecutorService hostPool = Executors.newCachedThreadPool();
        ScheduledExecutorService hostTimers = Executors.newSingleThreadScheduledExecutor();
        try (Reconciler reconciler = GitOps.reconciler().target(fleet.target())
                .renderers(Renderers.plainYaml(), blocking).renderCache(0).workerThreads(2)
                .executors(hostPool, hostTimers).backgroundScheduling(false).build()) {
            List<CompletableFuture<ReconcileResult>> passes = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                reconciler.register(fleet.app("app-" + i, 1, MANUAL, BlockingRenderer.NAME));
                passes.add(reconciler.reconcileNow("app-" + i));
            }
            blocking.awaitInRender(2, Duration.ofSeconds(30));

            for (int done = 0; done < passes.size(); done++) {
                assertThat(blocking.inRender()).as("renders in progress").isLessThanOrEqualTo(2);
                blocking.release(1);
                int finished = done + 1;
                awaitDone(passes, finished);
            }
            for (CompletableFuture<ReconcileResult> pass : passes) {
                assertThat(pass.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.SYNCED);
            }
            assertThat(blocking.mostAtOnce()).isEqualTo(2);
        } finally {
            hostPool.shutdownNow();
            hostTimers.shutdownNow();
        }
    }

    @Test
    @DisplayName("EN-06 a freed worker goes to the Application that started a pass least recently, not in arrival order")
    void theLeastRecentlyStartedApplicationGoesFirst() throws Exception {
        try (Reconciler reconciler = GitOps.reconciler().target(fleet.target())
                .renderers(Renderers.plainYaml(), blocking).renderCache(0).workerThreads(1)
                .backgroundScheduling(false).build()) {
            reconciler.addListener(fleet.recorder());
            reconciler.register(fleet.app("gate", 1, MANUAL, BlockingRenderer.NAME));
            reconciler.register(fleet.app("busy", 1, MANUAL));
            reconciler.register(fleet.app("new", 1, MANUAL));
            reconciler.reconcileNow("busy").get(30, TimeUnit.SECONDS);

            CompletableFuture<ReconcileResult> gate = reconciler.reconcileNow("gate");
            blocking.awaitInRender(1, Duration.ofSeconds(30));
            CompletableFuture<ReconcileResult> busyAgain = reconciler.reconcileNow("busy");   // arrives first
            CompletableFuture<ReconcileResult> fresh = reconciler.reconcileNow("new");
            blocking.release(1);
            CompletableFuture.allOf(gate, busyAgain, fresh).get(30, TimeUnit.SECONDS);

            long newArrived = fleet.received("new").get(0).nanos();
            long busyArrived = fleet.received("busy").get(1).nanos();
            assertThat(newArrived).as("'new' never ran, 'busy' ran before the gate: 'new' goes first")
                    .isLessThan(busyArrived);
        }
    }

    /** Polls until {@code count} of the passes are done. */
    private static void awaitDone(List<CompletableFuture<ReconcileResult>> passes, int count)
            throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (passes.stream().filter(CompletableFuture::isDone).count() < count) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("only " + passes.stream().filter(CompletableFuture::isDone).count()
                        + " of " + count + " passes done");
            }
            Thread.sleep(5);
        }
    }
}
