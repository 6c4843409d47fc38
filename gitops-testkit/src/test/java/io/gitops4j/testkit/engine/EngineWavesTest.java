package io.gitops4j.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ObjectOutcome;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sync waves ({@code gitops4j.io/sync-wave}): objects are applied wave by wave, lower first, and every object of a
 * wave must be healthy (judged from the view, woken by the change feed) before the next wave is applied (DA-18).
 */
class EngineWavesTest {
    private static final SyncPolicy MANUAL = SyncPolicy.manual().withInterval(Duration.ofHours(1));
    private static final ResourceKey WEB = ResourceKey.of("apps/v1", "Deployment", "shop", "web");
    private static final ResourceKey AFTER = ResourceKey.of("v1", "ConfigMap", "shop", "after");

    @TempDir
    Path repo;

    @RegisterExtension
    final SimulatedCluster cluster = new SimulatedCluster();

    private static String waved(String manifest, int wave) {
        return manifest.replaceFirst("metadata:\n", "metadata:\n  annotations: {gitops4j.io/sync-wave: \"" + wave
                + "\"}\n");
    }

    /** Starts the simulated cluster and a reconciler on it. */
    private Reconciler start(Duration delay, Duration healthWait) {
        return cluster.start(repo, delay).start(MANUAL, b -> b.healthWait(healthWait));
    }

    @Test
    @DisplayName("DA-18 objects are applied in the order of their waves, lower (also negative) first, whatever the "
            + "order of the files")
    void da18WavesOrderTheApplies() throws Exception {
        Reconciler reconciler = start(Duration.ZERO, Duration.ofSeconds(30));
        cluster.fixture().write("a.yaml", waved(EngineFixture.configMap("third", "3"), 5));
        cluster.fixture().write("b.yaml", EngineFixture.configMap("second", "2"));
        cluster.fixture().write("c.yaml", waved(EngineFixture.configMap("first", "1"), -1));

        ReconcileResult result = EngineFixture.reconcile(reconciler);

        assertThat(result.outcome()).as("%s", result.error()).isEqualTo(Outcome.SYNCED);
        assertThat(cluster.fixture().commits()).filteredOn(c -> c.startsWith("ADDED")).containsExactly(
                "ADDED ConfigMap shop/first", "ADDED ConfigMap shop/second", "ADDED ConfigMap shop/third");
        assertThat(result.changes().find(ResourceKey.of("v1", "ConfigMap", "shop", "third")).orElseThrow().wave())
                .isEqualTo(5);
    }

    @Test
    @DisplayName("DA-18 a wave waits until the earlier wave is healthy: a Deployment that takes a second to become "
            + "Available is applied, awaited, and only then is the next wave applied")
    void da18AWaveWaitsForTheEarlierWaveToBeHealthy() throws Exception {
        Reconciler reconciler = start(Duration.ofMillis(1500), Duration.ofSeconds(30));
        cluster.fixture().write("web.yaml", ClusterEvents.deployment("web", 2));
        cluster.fixture().write("after.yaml", waved(EngineFixture.configMap("after", "1"), 1));

        ReconcileResult result = EngineFixture.reconcile(reconciler);

        assertThat(result.outcome()).as("%s", result.error()).isEqualTo(Outcome.SYNCED);
        assertThat(cluster.events().list()).containsSubsequence("added Deployment web", "Available Deployment web",
                "added ConfigMap after");
        assertThat(cluster.events().list().indexOf("added ConfigMap after"))
                .isGreaterThan(cluster.events().list().indexOf("Available Deployment web"));
        assertThat(result.object(AFTER).orElseThrow().outcome()).isEqualTo(ObjectOutcome.CREATED);
    }

    @Test
    @DisplayName("DA-18 an earlier wave that becomes DEGRADED stops the pass: FAILED in phase WAIT naming the object "
            + "and its condition; the later waves are not applied")
    void da18ADegradedWaveStopsThePass() throws Exception {
        Reconciler reconciler = start(Duration.ofMillis(200), Duration.ofSeconds(30));
        cluster.simulators().fail("Deployment", "shop", "web");
        cluster.fixture().write("web.yaml", ClusterEvents.deployment("web", 2));
        cluster.fixture().write("after.yaml", waved(EngineFixture.configMap("after", "1"), 1));

        ReconcileResult result = EngineFixture.reconcile(reconciler);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.failure()).hasValueSatisfying(f -> {
            assertThat(f.phase()).isEqualTo(ReconcileFailure.Phase.WAIT);
            assertThat(f.reason()).isEqualTo(ReconcileFailure.EngineReason.DEGRADED);
            assertThat(f.object()).contains(WEB);
            assertThat(f.message()).startsWith("Deployment.apps shop/web: DEGRADED: ")
                    .endsWith("; wave 1 and later waves were not applied");
        });
        assertThat(result.object(AFTER).orElseThrow()).satisfies(o -> {
            assertThat(o.outcome()).isEqualTo(ObjectOutcome.SKIPPED);
            assertThat(o.note()).startsWith("not applied: Deployment.apps shop/web");
        });
        assertThat(cluster.fixture().commits()).noneMatch(c -> c.contains("ConfigMap shop/after"));
    }

    @Test
    @DisplayName("DA-18 an earlier wave still not healthy at the health wait's end fails the pass with TIMEOUT naming "
            + "it; the later waves are not applied")
    void da18AWaveThatNeverBecomesHealthyTimesOut() throws Exception {
        Reconciler reconciler = start(Duration.ZERO, Duration.ofSeconds(1));
        cluster.simulators().hang("Deployment", "shop", "web");
        cluster.fixture().write("web.yaml", ClusterEvents.deployment("web", 2));
        cluster.fixture().write("after.yaml", waved(EngineFixture.configMap("after", "1"), 1));

        ReconcileResult result = EngineFixture.reconcile(reconciler);

        assertThat(result.failure()).hasValueSatisfying(f -> {
            assertThat(f.phase()).isEqualTo(ReconcileFailure.Phase.WAIT);
            assertThat(f.reason()).isEqualTo(ReconcileFailure.EngineReason.TIMEOUT);
            assertThat(f.object()).contains(WEB);
            assertThat(f.message()).startsWith("Deployment.apps shop/web: not healthy after 1 s (PROGRESSING");
        });
        assertThat(cluster.fixture().commits()).noneMatch(c -> c.contains("ConfigMap shop/after"));
    }

    @Test
    @DisplayName("DA-18 without wave annotations nothing waits: a Deployment that never becomes Available does not "
            + "hold back the objects applied with it")
    void da18OneWaveWaitsForNothing() throws Exception {
        Reconciler reconciler = start(Duration.ZERO, Duration.ofSeconds(1));
        cluster.simulators().hang("Deployment", "shop", "web");
        cluster.fixture().write("web.yaml", ClusterEvents.deployment("web", 2));
        cluster.fixture().write("after.yaml", EngineFixture.configMap("after", "1"));

        ReconcileResult result = EngineFixture.reconcile(reconciler);

        assertThat(result.outcome()).as("%s", result.error()).isEqualTo(Outcome.SYNCED);
        assertThat(result.object(AFTER).orElseThrow().outcome()).isEqualTo(ObjectOutcome.CREATED);
    }
}
