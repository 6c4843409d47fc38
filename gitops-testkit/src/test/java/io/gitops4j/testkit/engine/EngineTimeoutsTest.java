package io.gitops4j.testkit.engine;

import static io.gitops4j.testkit.engine.EngineFixture.configMap;
import static io.gitops4j.testkit.engine.EngineFixture.reconcile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.ObjectReport;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.PruneGuard;
import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.ReconcileFailure.EngineReason;
import io.gitops4j.api.ReconcileFailure.Phase;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.Source;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.core.engine.PhaseTimeouts;
import io.gitops4j.core.source.LocalDirectorySource;
import io.gitops4j.testkit.fault.Fault;
import io.gitops4j.testkit.fault.Faults;
import io.gitops4j.testkit.fault.Verb;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EN-06: per-phase timeouts. A phase that runs out ends the pass FAILED naming the phase, with reason TIMEOUT, and
 * nothing after it runs; what was written before is recorded, and the next pass converges. The slow parts are
 * injected: latency on the target's requests ({@link Faults}), a source whose resolve hangs. The write in flight at
 * the deadline is interrupted where the target honours interrupts (the Kubernetes target's HTTP calls: its object
 * then FAILED, not known whether written) and ends by itself where it does not (FakeKube's: then written), so the
 * cases accept either for that one object.
 */
class EngineTimeoutsTest {
    private static final SyncPolicy MANUAL = SyncPolicy.manual().withInterval(Duration.ofHours(1))
            .withPruneGuard(PruneGuard.unlimited());
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    private static final String SERVICE = "apiVersion: v1\nkind: Service\nmetadata:\n  name: %s\nspec:\n  ports:\n"
            + "  - port: 80\n";

    @TempDir
    Path repo;

    private EngineFixture fixture;
    private Faults faults;

    @BeforeEach
    void start() {
        fixture = new EngineFixture(repo);
        faults = Faults.of(fixture.kube);
    }

    @AfterEach
    void stop() {
        faults.clear();
        fixture.close();
    }

    private static ResourceKey cm(String name) {
        return ResourceKey.of("v1", "ConfigMap", "shop", name);
    }

    private static ResourceKey service(String name) {
        return ResourceKey.of("v1", "Service", "shop", name);
    }

    private ReconcileResult reconcileWith(PhaseTimeouts timeouts) throws Exception {
        return reconcile(fixture.start(faults.target(fixture.target()), MANUAL, b -> b.phaseTimeouts(timeouts)));
    }

    private static ObjectReport report(ReconcileResult result, ResourceKey key) {
        return result.objects().stream().filter(r -> r.key().equals(key)).findFirst().orElseThrow();
    }

    @Test
    @DisplayName("EN-06 an apply that runs out of time fails the pass in phase APPLY: no later stage is applied, nothing is pruned, what was written is recorded")
    void applyTimeoutStopsTheLaterStagesAndThePrunes() throws Exception {
        fixture.write("a.yaml", configMap("a", "1"));
        fixture.write("old.yaml", configMap("old", "1"));
        assertThat(reconcile(fixture.start(MANUAL)).outcome()).isEqualTo(Outcome.SYNCED);
        fixture.delete("old.yaml");
        fixture.write("slow.yaml", configMap("slow", "1"));
        fixture.write("web.yaml", SERVICE.formatted("web"));
        fixture.clearCommits();
        faults.on(Verb.PATCH).name("slow").inject(Fault.latency(Duration.ofMillis(2500)));

        ReconcileResult result = reconcileWith(PhaseTimeouts.defaults().withApply(ONE_SECOND));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        ReconcileFailure failure = result.failure().orElseThrow();
        assertThat(failure.phase()).isEqualTo(Phase.APPLY);
        assertThat(failure.reason()).isEqualTo(EngineReason.TIMEOUT);
        assertThat(failure.message()).contains("applying", "timeout of 1 s");
        assertThat(report(result, cm("slow")).outcome()).as("the write in flight at the deadline")
                .isIn(ObjectOutcome.CREATED, ObjectOutcome.FAILED);
        assertThat(report(result, service("web")).outcome()).isEqualTo(ObjectOutcome.SKIPPED);
        assertThat(report(result, cm("old")).outcome()).isEqualTo(ObjectOutcome.SKIPPED);
        assertThat(fixture.commits()).as("no later stage applied, nothing pruned")
                .doesNotContain("ADDED Service shop/web", "DELETED ConfigMap shop/old");
        assertThat(fixture.inventory().entries()).as("the object written at the timeout is recorded (or its intent)")
                .containsKey(cm("slow").id()).containsKey(cm("old").id());

        faults.clear();
        ReconcileResult next = reconcile(fixture.start(MANUAL));
        assertThat(next.outcome()).as("%s", next.error()).isEqualTo(Outcome.SYNCED);
        assertThat(next.changes().keys(Action.CREATE)).contains(service("web"));
        assertThat(next.changes().keys(Action.PRUNE)).containsExactly(cm("old"));
        assertThat(fixture.inventory().entries()).containsOnlyKeys(cm("a").id(), cm("slow").id(), service("web").id());
    }

    @Test
    @DisplayName("EN-06 a prune that runs out of time fails the pass in phase PRUNE and deletes no later group")
    void pruneTimeoutStopsTheLaterGroups() throws Exception {
        fixture.write("a.yaml", configMap("a", "1"));
        fixture.write("old.yaml", configMap("old", "1"));
        fixture.write("web.yaml", SERVICE.formatted("web"));
        assertThat(reconcile(fixture.start(MANUAL)).outcome()).isEqualTo(Outcome.SYNCED);
        fixture.delete("old.yaml");
        fixture.delete("web.yaml");
        fixture.clearCommits();
        faults.on(Verb.DELETE).name("web").inject(Fault.latency(Duration.ofMillis(2500)));

        ReconcileResult result = reconcileWith(PhaseTimeouts.defaults().withPrune(ONE_SECOND));

        assertThat(result.failure()).hasValueSatisfying(f -> {
            assertThat(f.phase()).isEqualTo(Phase.PRUNE);
            assertThat(f.reason()).isEqualTo(EngineReason.TIMEOUT);
        });
        assertThat(report(result, service("web")).outcome()).as("services go before configuration; in flight")
                .isIn(ObjectOutcome.DELETED, ObjectOutcome.FAILED);
        assertThat(report(result, cm("old")).outcome()).isEqualTo(ObjectOutcome.SKIPPED);
        assertThat(fixture.commits()).as("no later group deleted").doesNotContain("DELETED ConfigMap shop/old");
        assertThat(fixture.inventory().entries()).containsKey(cm("old").id());

        faults.clear();
        ReconcileResult next = reconcile(fixture.start(MANUAL));
        assertThat(next.changes().keys(Action.PRUNE)).contains(cm("old"));
        assertThat(next.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(fixture.inventory().entries()).containsOnlyKeys(cm("a").id());
    }

    @Test
    @DisplayName("EN-06 a plan that runs out of time (slow reads) fails the pass in phase PLAN and writes nothing")
    void planTimeoutWritesNothing() throws Exception {
        fixture.write("a.yaml", configMap("a", "1"));
        // the reads of the Application's objects, not the stored pin read before them (which a pass of a new
        // reconciler also makes, within the same timeout: EN-21)
        faults.on(Verb.GET, Verb.LIST).namespace("shop").inject(Fault.latency(Duration.ofSeconds(20)));
        long started = System.nanoTime();

        ReconcileResult result = reconcileWith(PhaseTimeouts.defaults().withPlan(ONE_SECOND));

        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("stopped at the deadline, or when the one read in flight returned: not after every slow read")
                .isLessThan(Duration.ofSeconds(30));
        assertThat(result.failure()).hasValueSatisfying(f -> {
            assertThat(f.phase()).isEqualTo(Phase.PLAN);
            assertThat(f.reason()).isEqualTo(EngineReason.TIMEOUT);
            assertThat(f.message()).contains("planning", "timeout of 1 s");
        });
        assertThat(fixture.commits()).isEmpty();
        assertThat(fixture.target().inventories().read(EngineFixture.APP)).isEmpty();
    }

    @Test
    @DisplayName("EN-06 a resolve that hangs is interrupted at its timeout: FAILED in phase SOURCE, nothing written")
    void resolveTimeoutWritesNothing() throws Exception {
        fixture.write("a.yaml", configMap("a", "1"));
        Source hanging = new HangingResolve(LocalDirectorySource.create());
        long started = System.nanoTime();

        ReconcileResult result = reconcile(fixture.start(fixture.target(), MANUAL, b -> b.source(hanging)
                .phaseTimeouts(PhaseTimeouts.defaults().withResolve(ONE_SECOND))));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        assertThat(result.failure()).hasValueSatisfying(f -> {
            assertThat(f.phase()).isEqualTo(Phase.SOURCE);
            assertThat(f.reason()).isEqualTo(EngineReason.TIMEOUT);
            assertThat(f.message()).contains("resolving the revision", "timeout of 1 s");
        });
        assertThat(fixture.commits()).isEmpty();
    }

    @Test
    @DisplayName("EN-05 phase timeouts outside 1 s – 24 h are refused, naming the phase")
    void invalidTimeoutsAreRefused() {
        assertThatThrownBy(() -> PhaseTimeouts.defaults().withApply(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout apply");
        assertThatThrownBy(() -> PhaseTimeouts.defaults().withStageWait(Duration.ofDays(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout stageWait");
        assertThatThrownBy(() -> PhaseTimeouts.defaults().withResolve(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout resolve");
    }

    /** A source whose resolve waits 60 s (an interrupt ends the wait) before asking the one it wraps. */
    private static final class HangingResolve implements Source {
        private final Source delegate;

        HangingResolve(Source delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean supports(SourceSpec spec) {
            return delegate.supports(spec);
        }

        @Override
        public Revision resolve(SourceSpec spec) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("resolve interrupted");
            }
            return delegate.resolve(spec);
        }

        @Override
        public Snapshot open(SourceSpec spec, Revision revision) {
            return delegate.open(spec, revision);
        }
    }
}
