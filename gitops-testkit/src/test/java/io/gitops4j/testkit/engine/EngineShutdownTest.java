package io.gitops4j.testkit.engine;

import static io.gitops4j.testkit.engine.EngineFixture.configMap;
import static io.gitops4j.testkit.engine.EngineFixture.reconcile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.Application;
import io.gitops4j.api.NamespaceCreation;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileFailure.EngineReason;
import io.gitops4j.api.ReconcileFailure.Phase;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.render.PlainYamlOptions;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.testkit.Leaks;
import io.gitops4j.testkit.git.GitFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EN-11: {@code close()} stops scheduling, lets passes in flight reach a safe point within its deadline, then
 * interrupts them; passes that never started fail their futures; nothing is left behind: threads, change-feed
 * subscriptions, file descriptors (sockets included), the built-in Git source's temporary directory.
 */
class EngineShutdownTest {
    private static final SyncPolicy MANUAL = SyncPolicy.manual().withInterval(Duration.ofHours(1));
    private static final String SERVICE = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n"
            + "  - port: 80\n";

    @TempDir
    Path repo;

    private EngineFixture fixture;
    private final BlockingRenderer blocking = new BlockingRenderer();

    @BeforeEach
    void start() {
        fixture = new EngineFixture(repo);
    }

    @AfterEach
    void stop() {
        blocking.release(1_000);
        fixture.close();
    }

    private static ResourceKey key(String kind, String name) {
        return ResourceKey.of("v1", kind, "shop", name);
    }

    /** Closes {@code reconciler} on a thread of its own; returns once close() has begun (no new pass is taken). */
    private static CompletableFuture<Void> closeInBackground(Reconciler reconciler, String app)
            throws InterruptedException {
        CompletableFuture<Void> closing = CompletableFuture.runAsync(reconciler::close);
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                reconciler.reconcileNow(app);
            } catch (IllegalStateException closed) {
                return closing;
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("close() did not begin");
            }
            Thread.sleep(5);
        }
    }

    @Test
    @DisplayName("EN-11 close() during an apply stops the pass between stages, records what it wrote, and a new reconciler converges")
    void closeStopsAtTheNextSafePoint() throws Exception {
        fixture.write("a.yaml", configMap("a", "1"));
        fixture.write("web.yaml", SERVICE);
        ObservedTarget held = new ObservedTarget(fixture.target(), "a");
        Reconciler reconciler = fixture.start(held, MANUAL, b -> b.closeTimeout(Duration.ofSeconds(60)));
        CompletableFuture<ReconcileResult> pass = reconciler.reconcileNow(EngineFixture.APP);
        held.awaitHeld(Duration.ofSeconds(30));

        CompletableFuture<Void> closing = closeInBackground(reconciler, EngineFixture.APP);
        assertThat(closing).as("close() waits for the pass in flight").isNotDone();
        held.release();
        closing.get(30, TimeUnit.SECONDS);

        assertThat(pass).as("the pass ended before close() returned").isDone();
        ReconcileResult stopped = pass.get();
        assertThat(stopped.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(stopped.failure()).hasValueSatisfying(f -> {
            assertThat(f.phase()).isEqualTo(Phase.APPLY);
            assertThat(f.reason()).isEqualTo(EngineReason.STOPPED);
            assertThat(f.message()).contains("closing");
        });
        assertThat(fixture.commits()).as("the first stage only").containsExactly("ADDED ConfigMap shop/a");
        assertThat(fixture.inventory().entries()).as("what was written is recorded with its UID")
                .containsKey(key("ConfigMap", "a").id())
                .hasEntrySatisfying(key("ConfigMap", "a").id(), uid -> assertThat(uid).isNotEmpty());

        ReconcileResult recovered = reconcile(fixture.start(MANUAL));
        assertThat(recovered.outcome()).as("%s", recovered.error()).isEqualTo(Outcome.SYNCED);
        assertThat(recovered.changes().keys(Action.CREATE)).containsExactly(key("Service", "web"));
        assertThat(recovered.changes().keys(Action.UNCHANGED)).containsExactly(key("ConfigMap", "a"));
    }

    @Test
    @DisplayName("EN-11 close() interrupts a pass that reaches no safe point within the close deadline, and returns")
    void closeInterruptsAtTheDeadline() throws Exception {
        fixture.write("a.yaml", configMap("a", "1"));
        // the pass's first request reads the stored pin (EN-21): over HTTP that opens the target's connection, which
        // is the host's (open until the target closes); open it before counting threads
        assertThat(fixture.target().pins().read(EngineFixture.APP)).isEmpty();
        Set<Thread> before = Leaks.threads();
        Reconciler reconciler = fixture.start(MANUAL, b -> b.renderers(blocking).closeTimeout(Duration.ofSeconds(1)));
        reconciler.register(Application.builder(EngineFixture.APP).source(SourceSpec.local(repo))
                .renderer(RenderSpec.plainYaml().withRenderer(BlockingRenderer.NAME, PlainYamlOptions.defaults()))
                .targetNamespace("shop").syncPolicy(MANUAL).build());
        CompletableFuture<ReconcileResult> pass = reconciler.reconcileNow(EngineFixture.APP);
        blocking.awaitInRender(1, Duration.ofSeconds(30));
        long started = System.nanoTime();

        reconciler.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the deadline and the grace after the interrupt")
                .isLessThan(Duration.ofSeconds(6));
        assertThat(pass.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(fixture.commits()).isEmpty();
        assertThat(Leaks.threadsStartedSince(before, Duration.ofSeconds(5))).isEmpty();
    }

    @Test
    @DisplayName("EN-11 passes asked for that never started fail their futures when the reconciler closes")
    void queuedPassesFailWhenClosed() throws Exception {
        Fleet fleet = new Fleet(repo.resolve("fleet"));
        try (Reconciler reconciler = GitOps.reconciler().target(fleet.target())
                .renderers(Renderers.plainYaml(), blocking).renderCache(0).workerThreads(1)
                .closeTimeout(Duration.ofSeconds(1)).backgroundScheduling(false).build()) {
            reconciler.register(fleet.app("gate", 1, MANUAL, BlockingRenderer.NAME));
            reconciler.register(fleet.app("waiting", 1, MANUAL));
            CompletableFuture<ReconcileResult> gate = reconciler.reconcileNow("gate");
            blocking.awaitInRender(1, Duration.ofSeconds(30));
            CompletableFuture<ReconcileResult> waiting = reconciler.reconcileNow("waiting");

            reconciler.close();

            assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(IllegalStateException.class).hasMessage("reconciler is closed");
            assertThat(gate.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.FAILED);
        } finally {
            fleet.close();
        }
    }

    @Test
    @DisplayName("EN-11 with the host's executors close() still waits for the pass in flight, and leaves them running")
    void closeWaitsOnTheHostsExecutors() throws Exception {
        fixture.write("a.yaml", configMap("a", "1"));
        ExecutorService hostPool = Executors.newFixedThreadPool(2);
        ScheduledExecutorService hostTimers = Executors.newSingleThreadScheduledExecutor();
        try {
            ObservedTarget held = new ObservedTarget(fixture.target(), "a");
            Reconciler reconciler = fixture.start(held, MANUAL, b -> b.executors(hostPool, hostTimers));
            CompletableFuture<ReconcileResult> pass = reconciler.reconcileNow(EngineFixture.APP);
            held.awaitHeld(Duration.ofSeconds(30));

            CompletableFuture<Void> closing = closeInBackground(reconciler, EngineFixture.APP);
            assertThat(closing).isNotDone();
            held.release();
            closing.get(30, TimeUnit.SECONDS);

            assertThat(pass).isDone();
            assertThat(pass.get().outcome()).as("the pass had no later stage to stop before").isEqualTo(Outcome.SYNCED);
            assertThat(hostPool.isShutdown()).isFalse();
            assertThat(hostTimers.isShutdown()).isFalse();
        } finally {
            hostPool.shutdownNow();
            hostTimers.shutdownNow();
        }
    }

    @Test
    @DisplayName("EN-11 after close() nothing is left: no thread, no change-feed subscription, no open file or socket, no mirror directory")
    void nothingLeaks() throws Exception {
        try (GitFixtures git = GitFixtures.create()) {
            git.repo("deploy").commit("v1").add("shop/a.yaml", configMap("a", "1"))
                    .add("shop/b.yaml", configMap("b", "1")).create();
            String url = git.daemon().url("deploy");
            runOnce(url, new ObservedTarget(EngineTargets.over(fixture.kube), ""));   // warm-up: classes, shared pools
            Set<Thread> threadsBefore = Leaks.threads();
            int descriptorsBefore = Leaks.openFileDescriptors();
            List<Path> mirrorsBefore = mirrorDirectories();

            ObservedTarget observed = new ObservedTarget(EngineTargets.over(fixture.kube), "");
            List<Path> mirrors = runOnce(url, observed);

            assertThat(observed.openWatches()).as("change-feed subscriptions left open").isZero();
            assertThat(mirrors).as("the built-in Git source made its own mirror").isNotEmpty();
            assertThat(mirrors).allSatisfy(m -> assertThat(m).doesNotExist());
            assertThat(mirrorDirectories()).containsExactlyInAnyOrderElementsOf(mirrorsBefore);
            assertThat(Leaks.threadsStartedSince(threadsBefore, Duration.ofSeconds(5))).isEmpty();
            assertThat(Leaks.openFileDescriptorsAtMost(descriptorsBefore, Duration.ofSeconds(5)))
                    .as("open file descriptors (files, sockets, pipes)").isLessThanOrEqualTo(descriptorsBefore);
        }
    }

    /**
     * Reconciles three Applications from {@code url} once on a new reconciler over {@code target}, closes the
     * reconciler and then the target (as a host does: the target is the host's); @return the reconciler's new mirrors
     */
    private List<Path> runOnce(String url, ObservedTarget target) throws Exception {
        List<Path> before = mirrorDirectories();
        List<Path> created = new ArrayList<>();
        Reconciler reconciler = GitOps.reconciler().target(target).renderers(Renderers.plainYaml())
                .backgroundScheduling(false).build();
        try {
            for (String name : List.of("one", "two", "three")) {
                reconciler.register(Application.builder(name).source(SourceSpec.git(url, "main", "shop"))
                        .targetNamespace(name).createNamespace(NamespaceCreation.CREATE).syncPolicy(MANUAL).build());
                assertThat(reconciler.reconcileNow(name).get(1, TimeUnit.MINUTES).outcome()).isEqualTo(Outcome.SYNCED);
            }
            assertThat(target.openWatches()).as("each Application follows its kinds").isEqualTo(3);
            mirrorDirectories().stream().filter(p -> !before.contains(p)).forEach(created::add);
        } finally {
            reconciler.close();
            target.delegate().close();
        }
        return created;
    }

    /** The temporary directories of built-in Git sources (gitops4j-git-*). */
    private static List<Path> mirrorDirectories() throws Exception {
        try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return tmp.filter(p -> p.getFileName().toString().startsWith("gitops4j-git-")).toList();
        }
    }
}
