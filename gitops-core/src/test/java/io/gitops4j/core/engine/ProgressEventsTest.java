package io.gitops4j.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Application;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.PruneGuard;
import io.gitops4j.api.ReconcileListener;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.Trigger;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.progress.ObjectWritten;
import io.gitops4j.api.progress.PassFinished;
import io.gitops4j.api.progress.PassQueued;
import io.gitops4j.api.progress.PassStarted;
import io.gitops4j.api.progress.PhaseFinished;
import io.gitops4j.api.progress.PhaseStarted;
import io.gitops4j.api.progress.ProgressEvent;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.core.target.InMemoryTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listeners see each pass as it happens: queued, started, every phase, every object written, finished (EN-17). */
class ProgressEventsTest {
    private static final ResourceKey SETTINGS = ResourceKey.of("v1", "ConfigMap", "shop", "settings");
    private static final ResourceKey FLAGS = ResourceKey.of("v1", "ConfigMap", "shop", "flags");

    @TempDir
    Path repo;

    private GitOpsReconciler reconciler;
    private final List<Object> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        reconciler = GitOps.reconciler().target(InMemoryTarget.create()).renderers(Renderers.plainYaml()).build();
        reconciler.addListener(new ReconcileListener() {
            @Override
            public void onResult(ReconcileResult result) {
                seen.add(result);
            }

            @Override
            public void onProgress(ProgressEvent event) {
                seen.add(event);
            }
        });
        Files.writeString(repo.resolve("settings.yaml"), WalkingSkeletonTest.configMap("settings", "a", "1"));
        Files.writeString(repo.resolve("flags.yaml"), WalkingSkeletonTest.configMap("flags", "b", "2"));
        reconciler.register(Application.builder("shop").source(SourceSpec.local(repo)).targetNamespace("shop")
                .syncPolicy(SyncPolicy.manual().withPrune(true).withPruneGuard(PruneGuard.unlimited())
                        .withInterval(Duration.ofHours(1))).build());
    }

    @AfterEach
    void stop() {
        reconciler.close();
    }

    @Test
    @DisplayName("EN-17 a pass is told as it happens: queued, started, each phase started and finished, each object "
            + "written, finished with the result, then the result itself")
    void en17PassProgressInOrder() throws Exception {
        ReconcileResult result = reconciler.reconcileNow("shop").get(30, TimeUnit.SECONDS);
        assertThat(result.outcome()).isEqualTo(Outcome.SYNCED);

        assertThat(seen.get(0)).isInstanceOfSatisfying(PassQueued.class, e -> {
            assertThat(e.application()).isEqualTo("shop");
            assertThat(e.cluster()).isEqualTo("default");
            assertThat(e.trigger()).isEqualTo(Trigger.MANUAL);
        });
        assertThat(seen.get(1)).isInstanceOf(PassStarted.class);
        assertThat(seen.get(seen.size() - 2)).isInstanceOfSatisfying(PassFinished.class,
                e -> assertThat(e.result()).isSameAs(result));
        assertThat(seen.get(seen.size() - 1)).isSameAs(result);

        List<String> phases = new ArrayList<>();
        for (Object o : seen) {
            if (o instanceof PhaseStarted s) {
                phases.add("+" + s.phase());
            } else if (o instanceof PhaseFinished f) {
                assertThat(f.completed()).isTrue();
                phases.add("-" + f.phase());
            }
        }
        assertThat(phases).as("the first pass reads the stored pin first").containsExactly("+pin", "-pin",
                "+resolve", "-resolve", "+snapshot", "-snapshot", "+render", "-render",
                "+plan", "-plan", "+inventory", "-inventory", "+apply", "-apply", "+prune", "-prune", "+inventory",
                "-inventory", "+health", "-health");

        List<ObjectWritten> written = seen.stream().filter(ObjectWritten.class::isInstance)
                .map(ObjectWritten.class::cast).toList();
        assertThat(written).extracting(ObjectWritten::object).containsExactlyInAnyOrder(SETTINGS, FLAGS);
        assertThat(written).allSatisfy(w -> {
            assertThat(w.action()).isEqualTo(Action.CREATE);
            assertThat(w.outcome()).isEqualTo(ObjectOutcome.CREATED);
        });
        int applyStart = seen.indexOf(seen.stream().filter(o -> o instanceof PhaseStarted s
                && s.phase().equals("apply")).findFirst().orElseThrow());
        assertThat(seen.indexOf(written.get(0))).isGreaterThan(applyStart);
    }

    @Test
    @DisplayName("EN-17 a pruned object is told as written with action PRUNE and outcome DELETED; unchanged objects "
            + "are not told")
    void en17PruneAndUnchanged() throws Exception {
        reconciler.reconcileNow("shop").get(30, TimeUnit.SECONDS);
        Files.delete(repo.resolve("flags.yaml"));
        seen.clear();

        ReconcileResult result = reconciler.reconcileNow("shop").get(30, TimeUnit.SECONDS);

        assertThat(result.keys(ObjectOutcome.DELETED)).containsExactly(FLAGS);
        assertThat(seen).filteredOn(ObjectWritten.class::isInstance).singleElement()
                .isInstanceOfSatisfying(ObjectWritten.class, w -> {
                    assertThat(w.object()).isEqualTo(FLAGS);
                    assertThat(w.action()).isEqualTo(Action.PRUNE);
                    assertThat(w.outcome()).isEqualTo(ObjectOutcome.DELETED);
                });
    }

    @Test
    @DisplayName("EN-17 a listener that throws on every event changes neither the pass nor what other listeners see")
    void en17ThrowingListenerIsIsolated() throws Exception {
        reconciler.addListener(new ReconcileListener() {
            @Override
            public void onResult(ReconcileResult result) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void onProgress(ProgressEvent event) {
                throw new IllegalStateException("listener bug");
            }
        });

        ReconcileResult result = reconciler.reconcileNow("shop").get(30, TimeUnit.SECONDS);

        assertThat(result.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(seen).filteredOn(ObjectWritten.class::isInstance).hasSize(2);
        assertThat(seen.get(seen.size() - 1)).isSameAs(result);
    }

    @Test
    @DisplayName("EN-17 a plan previewed on the host's thread tells no pass events")
    void en17PlanTellsNothing() {
        reconciler.plan("shop", io.gitops4j.api.source.Revision.ref("HEAD"));

        assertThat(seen).isEmpty();
    }
}
