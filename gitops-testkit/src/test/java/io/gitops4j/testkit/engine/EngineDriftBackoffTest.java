package io.gitops4j.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Drift;
import io.gitops4j.api.ObjectReport;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.core.engine.DriftOptions;
import io.gitops4j.testkit.kube.FakeKubeException;
import io.gitops4j.testkit.kube.PatchType;
import io.gitops4j.testkit.kube.ResourceType;
import io.gitops4j.testkit.kube.WriteOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DA-12: an object someone changes back every time the engine corrects it (a script running {@code kubectl patch} in
 * a loop, a controller deleting it) is corrected {@link DriftOptions#maxCorrections()} times within the window, then
 * left alone for the backoff and reported as backed off with the competing manager — not re-applied in a hot loop.
 * The fighter is a thread writing through the fake as another field manager; nothing polls (background scheduling
 * off), every pass is started by a change event.
 */
class EngineDriftBackoffTest {
    private static final ResourceKey SETTINGS = ResourceKey.of("v1", "ConfigMap", "shop", "settings");
    private static final DriftOptions OPTIONS = DriftOptions.defaults().withDebounce(Duration.ofMillis(100))
            .withMaxCorrections(3).withWindow(Duration.ofMinutes(1)).withBackoff(Duration.ofMinutes(1));

    @TempDir
    Path repo;

    private EngineFixture fixture;
    private ResourceType configMaps;
    private Thread fighter;
    private final AtomicBoolean fighting = new AtomicBoolean(true);
    private final AtomicInteger fights = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        fixture = new EngineFixture(repo);
        configMaps = fixture.kube.type("", "v1", "configmaps");
        fixture.write("settings.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings}
                data: {greeting: hello}
                """);
    }

    @AfterEach
    void stop() throws InterruptedException {
        fighting.set(false);
        if (fighter != null) {
            fighter.join(5_000);
        }
        fixture.close();
    }

    private Reconciler synced() throws Exception {
        Reconciler reconciler = fixture.start(fixture.target(), SyncPolicy.automated()
                .withInterval(Duration.ofHours(24)), b -> b.backgroundScheduling(false).drift(OPTIONS));
        assertThat(EngineFixture.reconcile(reconciler).outcome()).isEqualTo(Outcome.SYNCED);
        return reconciler;
    }

    /** Starts a thread that, until the test ends, undoes the engine's state of the object as {@code action} says. */
    private void fight(Runnable whenOurs) {
        fighter = new Thread(() -> {
            while (fighting.get()) {
                try {
                    whenOurs.run();
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                } catch (FakeKubeException e) {
                    // raced with the engine's write: look again
                }
            }
        }, "fighter");
        fighter.setDaemon(true);
        fighter.start();
    }

    private String greeting() {
        try {
            return String.valueOf(((Map<?, ?>) fixture.kube.get(configMaps, "shop", "settings").get("data"))
                    .get("greeting"));
        } catch (FakeKubeException e) {
            return "<gone>";
        }
    }

    private List<Drift> drift(Drift.Handling handling) {
        return fixture.received().stream().flatMap(r -> r.result().drift().stream())
                .filter(d -> d.handling() == handling).toList();
    }

    /** The first result with a drift of {@code handling}, waiting up to 30 s. */
    private ReconcileResult first(Drift.Handling handling) throws Exception {
        return fixture.await(1, r -> r.drift().stream().anyMatch(d -> d.handling() == handling),
                Duration.ofSeconds(30)).get(0).result();
    }

    /** Polls for {@code quiet}, failing when a result arrives meanwhile. */
    private void assertQuietFor(Duration quiet) throws InterruptedException {
        int before = fixture.received().size();
        long end = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() - end < 0) {
            assertThat(fixture.received()).as("no pass while nothing changes").hasSize(before);
            Thread.sleep(20);
        }
    }

    @Test
    @DisplayName("DA-12 a value a kubectl loop changes back every time is corrected 3 times (the limit), then backed "
            + "off: not re-applied, reported BACKED_OFF with the competing manager; reconcileNow still writes")
    void da12AFightIsBackedOff() throws Exception {
        Reconciler reconciler = synced();
        fight(() -> {
            if (!greeting().equals("theirs")) {
                fixture.kube.patch(configMaps, "shop", "settings", PatchType.MERGE,
                        "{\"data\":{\"greeting\":\"theirs\"}}", WriteOptions.defaults().withFieldManager("kubectl-loop"));
                fights.incrementAndGet();
            }
        });

        ReconcileResult backedOff = first(Drift.Handling.BACKED_OFF);

        assertThat(drift(Drift.Handling.CORRECTED)).as("corrections before the backoff").hasSize(3);
        assertThat(backedOff.outcome()).isEqualTo(Outcome.OUT_OF_SYNC);
        assertThat(backedOff.writes()).isZero();
        ObjectReport report = backedOff.object(SETTINGS).orElseThrow();
        assertThat(report.outcome()).isEqualTo(ObjectOutcome.SKIPPED);
        assertThat(report.note()).contains("drift correction backed off until", "\"kubectl-loop\"");
        Drift drift = backedOff.drift().get(0);
        assertThat(drift.competingManagers()).containsExactly("kubectl-loop");
        assertThat(drift.backedOffUntil()).hasValueSatisfying(until -> assertThat(until)
                .isBetween(Instant.now().plusSeconds(50), Instant.now().plusSeconds(61)));
        assertQuietFor(Duration.ofSeconds(1));
        assertThat(greeting()).isEqualTo("theirs");
        assertThat(fights.get()).as("the fighter's writes: one per correction, and the first").isEqualTo(4);

        ReconcileResult asked = EngineFixture.reconcile(reconciler);
        assertThat(asked.object(SETTINGS).orElseThrow().outcome()).isEqualTo(ObjectOutcome.CONFIGURED);
        assertThat(asked.drift()).singleElement().extracting(Drift::handling).isEqualTo(Drift.Handling.CORRECTED);
        assertThat(fixture.await(2, r -> r.drift().stream().anyMatch(d -> d.handling() == Drift.Handling.BACKED_OFF),
                Duration.ofSeconds(30))).as("the fighter's next change is still backed off").hasSize(2);
        assertThat(drift(Drift.Handling.CORRECTED)).hasSize(4);
    }

    @Test
    @DisplayName("DA-12 an object a janitor deletes every time it is created again is re-created 3 times, then backed "
            + "off and reported as deleted, with no hot loop")
    void da12ADeletionFightIsBackedOff() throws Exception {
        synced();
        fight(() -> {
            if (!greeting().equals("<gone>")) {
                fixture.kube.delete(configMaps, "shop", "settings", io.gitops4j.testkit.kube.DeleteOptions.defaults());
                fights.incrementAndGet();
            }
        });

        ReconcileResult backedOff = first(Drift.Handling.BACKED_OFF);

        assertThat(drift(Drift.Handling.CORRECTED)).hasSize(3).allMatch(Drift::deleted);
        assertThat(backedOff.drift()).singleElement().satisfies(d -> assertThat(d.deleted()).isTrue());
        assertThat(backedOff.object(SETTINGS).orElseThrow().outcome()).isEqualTo(ObjectOutcome.SKIPPED);
        assertQuietFor(Duration.ofSeconds(1));
        assertThat(fights.get()).isEqualTo(4);
    }
}
