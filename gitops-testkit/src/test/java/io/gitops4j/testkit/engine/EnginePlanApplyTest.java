package io.gitops4j.testkit.engine;

import static io.gitops4j.testkit.engine.EngineFixture.APP;
import static io.gitops4j.testkit.engine.EngineFixture.configMap;
import static io.gitops4j.testkit.engine.EngineFixture.reconcile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.Application;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.Trigger;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.ApplyPlanOptions;
import io.gitops4j.api.plan.ApplyPlanOptions.OnStale;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.plan.StalePlanException;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.testkit.kube.PatchType;
import io.gitops4j.testkit.kube.ResourceType;
import io.gitops4j.testkit.kube.WatchEvent;
import io.gitops4j.testkit.kube.WriteOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Reconciler.apply(plan)} through the public API: a reviewed plan is applied exactly, a held prune is confirmed
 * for that plan only (PR-03), and a plan that is no longer current is refused — or planned again, by option — so a
 * plan computed from a stale render never prunes (PR-04). Five ConfigMaps {@code a}–{@code e} are synced first.
 */
class EnginePlanApplyTest {
    private static final SyncPolicy MANUAL = SyncPolicy.manual().withInterval(Duration.ofHours(1));
    private static final Revision LOCAL = Revision.ref("refs/heads/local");

    @TempDir
    Path repo;

    private EngineFixture fixture;
    private ResourceType configMaps;
    private Reconciler reconciler;

    @BeforeEach
    void start() throws Exception {
        fixture = new EngineFixture(repo);
        configMaps = fixture.kube.type("", "v1", "configmaps");
        for (String name : new String[] {"a", "b", "c", "d", "e"}) {
            fixture.write(name + ".yaml", configMap(name, "1"));
        }
        reconciler = fixture.start(MANUAL);
        assertThat(reconcile(reconciler).outcome()).isEqualTo(Outcome.SYNCED);
        fixture.clearCommits();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static ResourceKey key(String name) {
        return ResourceKey.of("v1", "ConfigMap", "shop", name);
    }

    private ReconcileResult apply(Plan plan, ApplyPlanOptions options) throws Exception {
        return reconciler.apply(plan, options).get(30, TimeUnit.SECONDS);
    }

    private StalePlanException refused(Plan plan) {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> reconciler.apply(plan).get(30, TimeUnit.SECONDS));
        assertThat(e.getCause()).isInstanceOf(StalePlanException.class);
        return (StalePlanException) e.getCause();
    }

    /** What another actor does: changes {@code name}'s data under its own field manager. */
    private void editAsSomeoneElse(String name) {
        fixture.kube.patch(configMaps, "shop", name, PatchType.MERGE, "{\"data\":{\"other\":\"x\"}}",
                WriteOptions.defaults().withFieldManager("someone"));
    }

    private Object data(String name) {
        return ((Map<?, ?>) fixture.kube.get(configMaps, "shop", name).get("data")).get("value");
    }

    @Test
    @DisplayName("PR-03 a held prune is confirmed by applying the plan that shows it, for that plan only: the next plan holds again")
    void heldPruneIsConfirmedForOnePlan() throws Exception {
        fixture.delete("d.yaml");
        fixture.delete("e.yaml");
        ReconcileResult held = reconcile(reconciler);
        assertThat(held.outcome()).isEqualTo(Outcome.OUT_OF_SYNC);
        assertThat(held.keys(ObjectOutcome.SKIPPED)).containsExactly(key("d"), key("e"));
        Plan plan = reconciler.plan(APP, LOCAL);
        assertThat(plan.heldPrunes()).extracting(c -> c.key()).containsExactly(key("d"), key("e"));

        ReconcileResult applied = reconciler.apply(plan).get(30, TimeUnit.SECONDS);

        assertThat(applied.trigger()).isEqualTo(Trigger.PLAN_APPLY);
        assertThat(applied.outcome()).as("%s", applied.error()).isEqualTo(Outcome.SYNCED);
        assertThat(applied.keys(ObjectOutcome.DELETED)).containsExactly(key("d"), key("e"));
        assertThat(fixture.commits()).containsExactly("DELETED ConfigMap shop/d", "DELETED ConfigMap shop/e");
        assertThat(reconciler.history(APP).get(0)).isEqualTo(applied);

        fixture.delete("c.yaml");   // 1 of the 3 left: over 25 % again
        ReconcileResult next = reconcile(reconciler);
        assertThat(next.changes().find(key("c")).orElseThrow().isHeldPrune()).as("confirmed once, not forever")
                .isTrue();
        assertThat(fixture.kube.get(configMaps, "shop", "c")).isNotNull();
    }

    @Test
    @DisplayName("a reviewed plan of a manual Application is applied exactly, with the resourceVersions it saw")
    void reviewedPlanIsAppliedExactly() throws Exception {
        fixture.write("a.yaml", configMap("a", "2"));
        fixture.write("f.yaml", configMap("f", "1"));
        Plan plan = reconciler.plan(APP, LOCAL);
        assertThat(plan.changes().keys(Action.UPDATE)).containsExactly(key("a"));

        ReconcileResult applied = apply(plan, ApplyPlanOptions.defaults());

        assertThat(applied.outcome()).as("%s", applied.error()).isEqualTo(Outcome.SYNCED);
        assertThat(applied.revision()).contains(plan.revision());
        assertThat(applied.changes()).isEqualTo(plan.changes());
        assertThat(applied.keys(ObjectOutcome.CONFIGURED)).containsExactly(key("a"));
        assertThat(applied.keys(ObjectOutcome.CREATED)).containsExactly(key("f"));
        assertThat(data("a")).isEqualTo("2");
    }

    @Test
    @DisplayName("a live object changed since the plan was computed: the plan is refused naming it, nothing is written")
    void planRefusedWhenALiveObjectChanged() throws Exception {
        fixture.write("a.yaml", configMap("a", "2"));
        Plan plan = reconciler.plan(APP, LOCAL);
        editAsSomeoneElse("b");
        fixture.clearCommits();

        StalePlanException e = refused(plan);

        assertThat(e.reason()).isEqualTo(StalePlanException.Reason.LIVE_CHANGED);
        assertThat(e.objects()).containsExactly(key("b").id());
        assertThat(e.planId()).isEqualTo(plan.id());
        assertThat(e.getMessage()).isEqualTo("plan " + plan.id() + " of app is stale, nothing was written: 1 object(s) "
                + "changed in the cluster since it was computed: ConfigMap shop/b");
        assertThat(fixture.commits()).isEmpty();
        assertThat(data("a")).isEqualTo("1");
        assertThat(reconciler.history(APP)).as("a refused plan is no pass").hasSize(1);

        ReconcileResult replanned = apply(plan, ApplyPlanOptions.defaults().withOnStale(OnStale.REPLAN));
        assertThat(replanned.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(data("a")).isEqualTo("2");
    }

    @Test
    @DisplayName("a write made between the plan's check and its own write fails STALE on the resourceVersion the plan saw, and is not overwritten")
    void writesCarryTheResourceVersionThePlanSaw() throws Exception {
        fixture.write("a.yaml", configMap("a", "2"));
        fixture.write("b.yaml", configMap("b", "2"));
        Plan plan = reconciler.plan(APP, LOCAL);
        AtomicBoolean edited = new AtomicBoolean();
        fixture.kube.addObserver((type, event) -> {
            Map<?, ?> metadata = (Map<?, ?>) event.object().get("metadata");
            if (event.type() == WatchEvent.Type.MODIFIED && "a".equals(metadata.get("name"))
                    && edited.compareAndSet(false, true)) {
                editAsSomeoneElse("b");   // a is written first (same stage, key order): change b before its write
            }
        });

        ReconcileResult result = apply(plan, ApplyPlanOptions.defaults());

        assertThat(edited).isTrue();
        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.object(key("a")).orElseThrow().outcome()).isEqualTo(ObjectOutcome.CONFIGURED);
        assertThat(result.object(key("b")).orElseThrow()).satisfies(o -> {
            assertThat(o.outcome()).isEqualTo(ObjectOutcome.FAILED);
            assertThat(o.failure().orElseThrow().reason()).isEqualTo(TargetException.Reason.STALE);
        });
        assertThat(data("b")).as("someone's change is not overwritten by the stale plan").isEqualTo("1");
    }

    @Test
    @DisplayName("PR-04 a plan whose revision moved on is refused: the prune it shows is not made")
    void planOfAnOlderRevisionDoesNotPrune() throws Exception {
        fixture.delete("e.yaml");
        Plan plan = reconciler.plan(APP, LOCAL);
        assertThat(plan.changes().keys(Action.PRUNE)).containsExactly(key("e"));
        fixture.write("e.yaml", configMap("e", "1"));   // restored: the plan's render is stale
        fixture.write("a.yaml", configMap("a", "2"));

        StalePlanException e = refused(plan);

        assertThat(e.reason()).isEqualTo(StalePlanException.Reason.REVISION_MOVED);
        assertThat(e.getMessage()).contains("local now points at ").contains("the plan shows "
                + plan.revision().id().substring(0, 12));
        assertThat(fixture.kube.get(configMaps, "shop", "e")).isNotNull();
        assertThat(fixture.commits()).isEmpty();

        ReconcileResult replanned = apply(plan, ApplyPlanOptions.defaults().withOnStale(OnStale.REPLAN));
        assertThat(replanned.revision()).isNotEqualTo(Optional.of(plan.revision()));
        assertThat(replanned.keys(ObjectOutcome.DELETED)).isEmpty();
        assertThat(fixture.commits()).containsExactly("MODIFIED ConfigMap shop/a");
    }

    @Test
    @DisplayName("PR-04 a plan whose desired state renders differently now (the Application changed) is refused: nothing pruned")
    void planOfAnotherDesiredStateDoesNotPrune() throws Exception {
        fixture.delete("e.yaml");
        Plan plan = reconciler.plan(APP, LOCAL);
        reconciler.register(Application.builder(APP).source(SourceSpec.local(repo)).targetNamespace("other")
                .syncPolicy(MANUAL).build());

        StalePlanException e = refused(plan);

        assertThat(e.reason()).isEqualTo(StalePlanException.Reason.DESIRED_CHANGED);
        assertThat(fixture.kube.get(configMaps, "shop", "e")).isNotNull();
        assertThat(fixture.commits()).isEmpty();
    }

    @Test
    @DisplayName("PR-03 a stale plan planned again keeps the confirmation only for the prunes the reviewed plan showed")
    void replannedPlanKeepsConfirmationOnlyForShownPrunes() throws Exception {
        fixture.delete("d.yaml");
        fixture.delete("e.yaml");
        Plan plan = reconciler.plan(APP, LOCAL);
        assertThat(plan.heldPrunes()).hasSize(2);
        fixture.delete("c.yaml");   // a prune nobody reviewed

        ReconcileResult replanned = apply(plan, ApplyPlanOptions.defaults().withOnStale(OnStale.REPLAN));

        assertThat(replanned.outcome()).isEqualTo(Outcome.OUT_OF_SYNC);
        assertThat(replanned.changes().changes().stream().filter(c -> c.isHeldPrune()).map(c -> c.key()))
                .containsExactly(key("c"), key("d"), key("e"));
        assertThat(fixture.commits()).isEmpty();
        assertThatThrownBy(() -> reconciler.apply(plan).get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(StalePlanException.class);
    }
}
