package io.gitops4j.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Application;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.PruneGuard;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.progress.ShardOwnershipChanged;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.engine.GitOpsReconciler;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.core.target.InMemoryTarget;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reconciler's Micrometer meters, fed by its progress events, with bounded tags only (EN-17). */
class MicrometerMetricsTest {
    private static final Set<String> TAG_KEYS = Set.of("application", "cluster", "phase", "outcome", "action",
            "trigger", "handling", "change");

    @TempDir
    Path repo;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private GitOpsReconciler reconciler;

    @BeforeEach
    void start() throws Exception {
        reconciler = GitOps.reconciler().target(InMemoryTarget.create()).renderers(Renderers.plainYaml()).build();
        reconciler.addListener(new MicrometerMetrics(registry));
        Files.writeString(repo.resolve("a.yaml"), configMap("a"));
        Files.writeString(repo.resolve("b.yaml"), configMap("b"));
        reconciler.register(Application.builder("shop").source(SourceSpec.local(repo)).targetNamespace("shop")
                .syncPolicy(SyncPolicy.manual().withPrune(true).withPruneGuard(PruneGuard.unlimited())
                        .withInterval(Duration.ofHours(1))).build());
    }

    @AfterEach
    void stop() {
        reconciler.close();
    }

    @Test
    @DisplayName("EN-17 passes, phases, objects by action and outcome, and the queue's depth are measured per "
            + "Application and cluster")
    void en17MetersOfPasses() throws Exception {
        ReconcileResult first = reconciler.reconcileNow("shop").get(30, TimeUnit.SECONDS);
        Files.delete(repo.resolve("b.yaml"));
        reconciler.reconcileNow("shop").get(30, TimeUnit.SECONDS);

        assertThat(first.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(registry.get(MicrometerMetrics.PASSES).tags("application", "shop", "cluster", "default",
                "outcome", "synced", "trigger", "manual").timer().count()).isEqualTo(2);
        assertThat(registry.get(MicrometerMetrics.OBJECTS).tags("action", "create", "outcome", "created").counter()
                .count()).isEqualTo(2.0);
        assertThat(registry.get(MicrometerMetrics.OBJECTS).tags("action", "prune", "outcome", "deleted").counter()
                .count()).isEqualTo(1.0);
        for (String phase : new String[] {"resolve", "render", "plan", "inventory", "apply", "prune", "health"}) {
            assertThat(registry.get(MicrometerMetrics.PHASES).tags("application", "shop", "phase", phase).timer()
                    .count()).as(phase).isGreaterThanOrEqualTo(2);
        }
        assertThat(registry.get(MicrometerMetrics.QUEUE).tags("cluster", "default").gauge().value()).isZero();
        assertBoundedTags(first);
    }

    @Test
    @DisplayName("EN-17 shard leases taken and lost (EN-03) are a gauge of shards held and a counter of changes")
    void en17ShardOwnership() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MicrometerMetrics metrics = new MicrometerMetrics(registry);
        metrics.onProgress(new ShardOwnershipChanged(3, true, Instant.now()));
        metrics.onProgress(new ShardOwnershipChanged(5, true, Instant.now()));
        metrics.onProgress(new ShardOwnershipChanged(3, false, Instant.now()));

        assertThat(registry.find(MicrometerMetrics.SHARDS).gauges()).extracting(g -> g.value()).contains(1.0);
        assertThat(registry.get(MicrometerMetrics.SHARD_CHANGES).tags("change", "acquired").counter().count())
                .isEqualTo(2.0);
        assertThat(registry.get(MicrometerMetrics.SHARD_CHANGES).tags("change", "lost").counter().count())
                .isEqualTo(1.0);
    }

    /** Every tag is one of the bounded keys; no value is a revision, an object's name or a message. */
    private void assertBoundedTags(ReconcileResult result) {
        String commit = result.revision().orElseThrow().id();
        for (Meter m : registry.getMeters()) {
            for (Tag t : m.getId().getTags()) {
                assertThat(TAG_KEYS).as(m.getId().getName()).contains(t.getKey());
                assertThat(t.getValue()).doesNotContain(commit.substring(0, 12)).isNotIn("a", "b")
                        .matches("[a-z0-9_-]{1,63}");
            }
        }
    }

    private static String configMap(String name) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\ndata:\n  k: v\n";
    }
}
