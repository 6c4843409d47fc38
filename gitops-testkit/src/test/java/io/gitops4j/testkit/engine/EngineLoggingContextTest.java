package io.gitops4j.testkit.engine;

import static io.gitops4j.testkit.engine.EngineFixture.configMap;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileListener;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.progress.ObjectWritten;
import io.gitops4j.api.progress.PassStarted;
import io.gitops4j.api.progress.PhaseStarted;
import io.gitops4j.testkit.logging.RecordedLogs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;

/**
 * The logging context of a pass (EN-17): while it runs, the worker thread's SLF4J MDC names the Application, the
 * cluster and the commit; afterwards the thread's MDC is exactly what the host had put there.
 */
class EngineLoggingContextTest {
    @TempDir
    Path repo;

    private EngineFixture fixture;
    private ExecutorService hostWorkers;
    private ScheduledExecutorService hostTimers;

    @BeforeEach
    void start() throws Exception {
        fixture = new EngineFixture(repo);
        fixture.write("a.yaml", configMap("a", "1"));
        hostWorkers = Executors.newSingleThreadExecutor();
        hostTimers = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stop() {
        fixture.close();
        hostWorkers.shutdownNow();
        hostTimers.shutdownNow();
    }

    @Test
    @DisplayName("EN-17 a pass's thread has application, cluster and revision in the MDC while it runs, and the host's "
            + "own MDC, unchanged and nothing more, after it")
    void en17MdcDuringThePassAndRestoredAfter() throws Exception {
        assertThat(RecordedLogs.active()).as("the test logging backend (with a working MDC) is SLF4J's provider")
                .isTrue();
        hostWorkers.submit(() -> MDC.put("host.request", "r-17")).get(10, TimeUnit.SECONDS);
        List<String> seen = new CopyOnWriteArrayList<>();
        Reconciler reconciler = fixture.start(SyncPolicy.manual().withInterval(Duration.ofHours(1)),
                b -> b.executors(hostWorkers, hostTimers));
        reconciler.addListener(ReconcileListener.progress(event -> {
            if (event instanceof PassStarted || event instanceof PhaseStarted p && p.phase().equals("apply")
                    || event instanceof ObjectWritten) {
                seen.add(event.getClass().getSimpleName() + " " + new TreeMap<>(MDC.getCopyOfContextMap()));
            }
        }));

        ReconcileResult result = EngineFixture.reconcile(reconciler);

        assertThat(result.outcome()).isEqualTo(Outcome.SYNCED);
        String commit = result.revision().orElseThrow().id();
        Map<String, String> passStart = new TreeMap<>(Map.of("host.request", "r-17", "gitops4j.application", EngineFixture.APP,
                "gitops4j.cluster", "default"));
        Map<String, String> resolved = new TreeMap<>(passStart);
        resolved.put("gitops4j.revision", commit);
        assertThat(seen).containsExactly("PassStarted " + passStart, "PhaseStarted " + resolved,
                "ObjectWritten " + resolved);
        Map<String, String> after = hostWorkers.submit(() -> MDC.getCopyOfContextMap()).get(10, TimeUnit.SECONDS);
        assertThat(after).isEqualTo(Map.of("host.request", "r-17"));
    }
}
