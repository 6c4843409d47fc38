package io.gitops4j.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Application;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.core.target.InMemoryTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When passes run: with background scheduling (the default) an automated Application's first pass is queued at a
 * random moment within the first tenth of its interval and failures are retried; with it off nothing is queued, so
 * only explicit calls reconcile. The reconciler runs on executors the test holds, so the timer queue can be read.
 */
class BackgroundSchedulingTest {
    private static final Duration INTERVAL = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
    private final ExecutorService workers = Executors.newSingleThreadExecutor();

    @BeforeEach
    void manifests() throws Exception {
        Files.writeString(dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n");
    }

    @AfterEach
    void stop() {
        timers.shutdownNow();
        workers.shutdownNow();
    }

    private GitOpsReconciler reconciler(boolean background) {
        return GitOps.reconciler().target(InMemoryTarget.create()).renderers(Renderers.plainYaml())
                .executors(workers, timers).backgroundScheduling(background).build();
    }

    private Application app(String name, SyncPolicy policy) {
        return Application.builder(name).source(SourceSpec.local(dir)).targetNamespace("shop")
                .syncPolicy(policy.withInterval(INTERVAL)).build();
    }

    /** The delays of the queued ticks, in milliseconds, once every pass has finished. */
    private List<Long> queuedDelays() throws InterruptedException {
        workers.shutdown();
        assertThat(workers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        return timers.getQueue().stream().map(r -> ((ScheduledFuture<?>) r).getDelay(TimeUnit.MILLISECONDS))
                .toList();
    }

    @Test
    void byDefaultAnAutomatedApplicationsFirstPassIsQueuedWithinATenthOfItsInterval() throws Exception {
        try (GitOpsReconciler reconciler = reconciler(true)) {
            reconciler.register(app("auto", SyncPolicy.automated()));
            reconciler.register(app("manual", SyncPolicy.manual()));

            assertThat(queuedDelays()).hasSize(2).anySatisfy(d -> assertThat(d).isBetween(0L, 60_000L))
                    .anySatisfy(d -> assertThat(d).isBetween(590_000L, 600_000L));
        }
    }

    @Test
    void byDefaultAFailedPassIsRetriedInTheBackground() throws Exception {
        try (GitOpsReconciler reconciler = reconciler(true)) {
            reconciler.register(app("auto", SyncPolicy.manual()));
            timers.getQueue().clear();
            Files.delete(dir.resolve("cm.yaml"));
            Files.delete(dir);

            assertThat(reconciler.reconcileNow("auto").get(30, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.FAILED);

            assertThat(queuedDelays()).singleElement().satisfies(d -> assertThat(d).isLessThan(60_000L));
        }
    }

    @Test
    void withBackgroundSchedulingOffOnlyExplicitCallsReconcile() throws Exception {
        try (GitOpsReconciler reconciler = reconciler(false)) {
            reconciler.register(app("auto", SyncPolicy.automated()));
            reconciler.register(app("manual", SyncPolicy.manual()));
            assertThat(timers.getQueue()).isEmpty();
            assertThat(reconciler.history("auto")).isEmpty();

            assertThat(reconciler.reconcileNow("auto").get(30, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.SYNCED);
            Files.delete(dir.resolve("cm.yaml"));
            Files.delete(dir);
            assertThat(reconciler.reconcileNow("manual").get(30, TimeUnit.SECONDS).outcome())
                    .isEqualTo(Outcome.FAILED);

            assertThat(queuedDelays()).as("nothing scheduled: no first pass, no interval tick, no retry").isEmpty();
            assertThat(reconciler.history("auto")).hasSize(1);
            assertThat(reconciler.history("manual")).hasSize(1);
        }
    }
}
