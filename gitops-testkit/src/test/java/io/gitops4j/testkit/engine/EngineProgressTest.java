package io.gitops4j.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Ticker;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.testkit.engine.Fleet.Received;
import io.gitops4j.testkit.fault.Fault;
import io.gitops4j.testkit.fault.Faults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EN-09: a slow API still lets the queue drain, and an Application that gets no pass through for longer than the
 * builder's {@code noProgressAfter} says so in its status ({@code noProgressFor}), measured on the reconciler's
 * monotonic {@link Ticker}, which the tests drive. EN-10: the wall clock only stamps results; a jump of hours forward
 * or back changes neither the schedule nor the progress signal.
 */
class EngineProgressTest {
    private static final SyncPolicy MANUAL = SyncPolicy.manual().withInterval(Duration.ofHours(1));

    @TempDir
    Path root;

    private Fleet fleet;
    private final DrivenTicker ticker = new DrivenTicker();

    @BeforeEach
    void start() {
        fleet = new Fleet(root);
    }

    @AfterEach
    void stop() {
        Faults.of(fleet.kube).clear();
        fleet.close();
    }

    @Test
    @DisplayName("EN-09 with every API request taking 200 ms the queue of eight Applications drains on two workers, and one waiting longer than noProgressAfter is reported")
    void slowApiQueueDrainsAndWaitingIsReported() throws Exception {
        Faults faults = Faults.of(fleet.kube);
        faults.onAny().inject(Fault.latency(Duration.ofMillis(200)));
        try (Reconciler reconciler = GitOps.reconciler().target(faults.target(fleet.target()))
                .renderers(Renderers.plainYaml()).workerThreads(2).backgroundScheduling(false)
                .noProgressAfter(Duration.ofSeconds(1)).ticker(ticker).build()) {
            List<CompletableFuture<ReconcileResult>> passes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                reconciler.register(fleet.app("app-" + i, 3, MANUAL));
                passes.add(reconciler.reconcileNow("app-" + i));
            }
            assertThat(reconciler.status("app-7").noProgressFor()).as("within the threshold").isEmpty();
            ticker.advance(Duration.ofSeconds(2));
            assertThat(passes.get(7)).as("precondition: the last pass still waits for a worker").isNotDone();
            assertThat(reconciler.status("app-7").noProgressFor()).hasValueSatisfying(
                    waited -> assertThat(waited).isGreaterThanOrEqualTo(Duration.ofSeconds(2)));

            for (CompletableFuture<ReconcileResult> pass : passes) {
                ReconcileResult result = pass.get(3, TimeUnit.MINUTES);
                assertThat(result.outcome()).as("%s: %s", result.application(), result.error())
                        .isEqualTo(Outcome.SYNCED);
            }
            ticker.advance(Duration.ofHours(1));
            for (int i = 0; i < 8; i++) {
                assertThat(reconciler.status("app-" + i).noProgressFor()).as("app-%d settled, however long idle", i)
                        .isEmpty();
            }
        }
    }

    @Test
    @DisplayName("EN-09 passes that keep failing are no progress; the first pass that gets through clears the signal")
    void failingPassesAreNoProgress() throws Exception {
        try (Reconciler reconciler = GitOps.reconciler().target(fleet.target()).renderers(Renderers.plainYaml())
                .backgroundScheduling(false).noProgressAfter(Duration.ofMinutes(10)).ticker(ticker).build()) {
            reconciler.register(fleet.app("broken", 2, MANUAL));
            Path file = root.resolve("broken").resolve("objects.yaml");
            String good = Files.readString(file);
            Files.writeString(file, "kind: [unclosed\n");

            assertThat(reconciler.reconcileNow("broken").get(30, TimeUnit.SECONDS).outcome())
                    .isEqualTo(Outcome.FAILED);
            ticker.advance(Duration.ofMinutes(9));
            assertThat(reconciler.reconcileNow("broken").get(30, TimeUnit.SECONDS).outcome())
                    .isEqualTo(Outcome.FAILED);
            assertThat(reconciler.status("broken").noProgressFor()).as("9 of 10 minutes").isEmpty();
            ticker.advance(Duration.ofMinutes(2));
            assertThat(reconciler.status("broken").noProgressFor()).contains(Duration.ofMinutes(11));

            Files.writeString(file, good);
            assertThat(reconciler.reconcileNow("broken").get(30, TimeUnit.SECONDS).outcome())
                    .isEqualTo(Outcome.SYNCED);
            assertThat(reconciler.status("broken").noProgressFor()).isEmpty();
        }
    }

    @Test
    @DisplayName("EN-10 the wall clock jumping hours forward and back changes neither the interval between passes nor the progress signal; it only stamps the results")
    void wallClockJumpsChangeNothing() throws Exception {
        JumpingClock clock = new JumpingClock();
        try (Reconciler reconciler = GitOps.reconciler().target(fleet.target()).renderers(Renderers.plainYaml())
                .clock(clock).noProgressAfter(Duration.ofSeconds(1)).build()) {
            reconciler.addListener(fleet.recorder());
            reconciler.register(fleet.app("steady", 2, SyncPolicy.automated().withInterval(Duration.ofSeconds(1))));
            fleet.await("steady", 2, r -> r.outcome() == Outcome.SYNCED, Duration.ofSeconds(30));

            clock.jump(Duration.ofHours(6));
            fleet.await("steady", 4, r -> r.outcome() == Outcome.SYNCED, Duration.ofSeconds(30));
            clock.jump(Duration.ofHours(-12));
            List<Received> passes = fleet.await("steady", 6, r -> r.outcome() == Outcome.SYNCED,
                    Duration.ofSeconds(30));

            for (int i = 1; i < passes.size(); i++) {
                assertThat(Duration.ofNanos(passes.get(i).nanos() - passes.get(i - 1).nanos()))
                        .as("pass %d came one interval after the one before", i)
                        .isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
            }
            Instant first = passes.get(0).result().timings().started();
            Instant last = passes.get(5).result().timings().started();
            assertThat(Duration.between(first, last)).as("the stamps follow the wall clock, jumps included")
                    .isLessThan(Duration.ofHours(-5));
            assertThat(reconciler.status("steady").noProgressFor()).isEmpty();
        }
    }

    /** A monotonic clock that moves only when the test says. */
    private static final class DrivenTicker extends Ticker {
        private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

        @Override
        public long read() {
            return nanos.get();
        }

        void advance(Duration by) {
            nanos.addAndGet(by.toNanos());
        }
    }

    /** The system clock shifted by an offset the test changes at once, as an NTP step or an operator would. */
    private static final class JumpingClock extends Clock {
        private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

        void jump(Duration by) {
            offset.accumulateAndGet(by, Duration::plus);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset.get());
        }
    }
}
