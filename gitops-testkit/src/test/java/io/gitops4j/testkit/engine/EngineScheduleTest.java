package io.gitops4j.testkit.engine;

import static io.gitops4j.testkit.engine.EngineFixture.configMap;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Outcome;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.RetryPolicy;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.plan.Action;
import io.gitops4j.testkit.engine.EngineFixture.Received;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Automated scheduling and failure backoff, observed as real passes over time: nothing here calls
 * {@code reconcileNow}. Waits are lower bounds (a loaded machine only makes a timer late), so they cannot flake;
 * the cap is checked against the uncapped wait, which is far longer.
 */
class EngineScheduleTest {
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final String BROKEN = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: broken\n";

    @TempDir
    Path repo;

    private EngineFixture fixture;

    @BeforeEach
    void start() {
        fixture = new EngineFixture(repo);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    @DisplayName("EN-07 an automated Application is reconciled by itself, once per interval, and a pass with nothing to do writes nothing")
    void automatedApplicationsAreReconciledAtTheirInterval() throws Exception {
        fixture.write("a.yaml", configMap("a", "1"));
        fixture.start(SyncPolicy.automated().withInterval(INTERVAL));

        List<Received> passes = fixture.await(3, r -> true, Duration.ofSeconds(30));

        assertThat(passes).allSatisfy(p -> assertThat(p.result().outcome()).isEqualTo(Outcome.SYNCED));
        assertThat(passes.get(0).result().changes().keys(Action.CREATE)).hasSize(1);
        for (int i = 1; i < passes.size(); i++) {
            assertThat(passes.get(i).result().changes().counts()).containsEntry(Action.UNCHANGED, 1)
                    .containsEntry(Action.CREATE, 0).containsEntry(Action.UPDATE, 0);
        }
        assertThat(gaps(passes)).allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(INTERVAL));
        assertThat(fixture.commits()).as("only the first pass wrote").containsExactly("ADDED ConfigMap shop/a");
    }

    @Test
    @DisplayName("EN-07 persistent failures back off exponentially up to the cap; a success resets the wait to the interval")
    void failuresBackOffExponentiallyUpToTheCap() throws Exception {
        RetryPolicy retry = new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(400), 8.0, 0.0);
        fixture.write("a.yaml", configMap("a", "1"));
        fixture.write("broken.yaml", BROKEN);
        Reconciler reconciler = fixture.start(SyncPolicy.automated().withInterval(INTERVAL).withRetry(retry));

        List<Received> failures = fixture.await(6, r -> r.outcome() == Outcome.FAILED, Duration.ofSeconds(30));

        assertThat(failures).allSatisfy(f -> assertThat(f.result().error()).hasValueSatisfying(e ->
                assertThat(e).contains("broken.yaml")));
        List<Duration> gaps = gaps(failures);
        // after failure n the engine waits retry.backoff(n): 10, 80, 400, 400, 400 ms (uncapped: 640, 5120, 40960)
        for (int n = 1; n <= gaps.size(); n++) {
            assertThat(gaps.get(n - 1)).as("wait after failure %d", n).isGreaterThanOrEqualTo(retry.backoff(n));
        }
        assertThat(gaps.get(3)).as("capped, not 5.1 s").isLessThan(Duration.ofMillis(5120));
        assertThat(gaps.get(4)).as("capped, not 41 s").isLessThan(Duration.ofMillis(40960));
        assertThat(reconciler.status(EngineFixture.APP).consecutiveFailures()).isGreaterThanOrEqualTo(6);
        assertThat(fixture.commits()).as("a failed render writes nothing").isEmpty();

        fixture.delete("broken.yaml");
        List<Received> synced = fixture.await(2, r -> r.outcome() == Outcome.SYNCED, Duration.ofSeconds(30));

        assertThat(synced.get(0).result().changes().keys(Action.CREATE)).hasSize(1);
        assertThat(gaps(synced).get(0)).as("after a success the interval applies again, not the backoff")
                .isGreaterThanOrEqualTo(INTERVAL);
        assertThat(reconciler.status(EngineFixture.APP).consecutiveFailures()).isZero();
    }

    /** The time between consecutive results, as their listener received them. */
    private static List<Duration> gaps(List<Received> passes) {
        List<Duration> out = new ArrayList<>();
        for (int i = 1; i < passes.size(); i++) {
            out.add(Duration.ofNanos(passes.get(i).nanos() - passes.get(i - 1).nanos()));
        }
        return out;
    }
}
