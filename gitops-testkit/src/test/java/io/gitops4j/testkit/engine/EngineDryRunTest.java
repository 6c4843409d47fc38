package io.gitops4j.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.DryRun;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.ReconcileListener;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.progress.DryRunChecked;
import io.gitops4j.api.progress.PhaseStarted;
import io.gitops4j.api.progress.ProgressEvent;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.Inventory;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.testkit.fault.Fault;
import io.gitops4j.testkit.fault.FaultRule;
import io.gitops4j.testkit.fault.Faults;
import io.gitops4j.testkit.fault.Verb;
import io.gitops4j.testkit.kube.ListOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DA-06: with {@code SyncPolicy.dryRunFirst} the server dry-runs every object a pass creates or updates before the
 * pass writes anything, so an admission webhook refusing object k of N stops the pass with nothing written and k
 * named; objects that cannot be judged before an earlier stage is written are dry-run just before their stage. A
 * fault rule refusing the object's PATCH (dry run and write alike, as a validating webhook refuses both) stands in
 * for the webhook.
 */
class EngineDryRunTest {
    private static final SyncPolicy MANUAL = SyncPolicy.manual().withInterval(Duration.ofHours(1));
    private static final SyncPolicy DRY_RUN_FIRST = MANUAL.withDryRunFirst(true);
    private static final ResourceKey A = ResourceKey.of("v1", "ConfigMap", "shop", "a");
    private static final ResourceKey B = ResourceKey.of("v1", "ConfigMap", "shop", "b");
    private static final ResourceKey C = ResourceKey.of("v1", "ConfigMap", "shop", "c");

    @TempDir
    Path repo;

    private EngineFixture fixture;
    private Faults faults;
    private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();

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

    private Reconciler reconciler(SyncPolicy policy) {
        Reconciler reconciler = fixture.start(faults.target(fixture.target()), policy);
        reconciler.addListener(ReconcileListener.progress(events::add));
        return reconciler;
    }

    private FaultRule webhookRefuses(String name) {
        return faults.on(Verb.PATCH).resource("configmaps").name(name).inject(Fault.admissionDenied(
                "policy.acme.io", "every ConfigMap needs a team label"));
    }

    /** The value of ConfigMap {@code name} in shop, or {@code null} when there is none. */
    private Object valueOf(String name) {
        var kube = fixture.kube;
        return kube.list(kube.type("", "v1", "configmaps"), "shop", ListOptions.defaults()).items().stream()
                .filter(o -> name.equals(((Map<?, ?>) o.get("metadata")).get("name")))
                .map(o -> ((Map<?, ?>) o.get("data")).get("value")).findFirst().orElse(null);
    }

    /** Commits a at {@code aValue}, b and c: an update of a and two creates once a exists. */
    private void threeConfigMaps(String aValue) throws Exception {
        fixture.write("a.yaml", EngineFixture.configMap("a", aValue));
        fixture.write("b.yaml", EngineFixture.configMap("b", "1"));
        fixture.write("c.yaml", EngineFixture.configMap("c", "1"));
    }

    @Test
    @DisplayName("DA-06 an admission webhook refusing object k of N fails the dry run: nothing is written (no apply, no "
            + "inventory), k is named with the server's reason, and the pass after the fix converges")
    void da06ARefusedObjectStopsThePassBeforeAnyWrite() throws Exception {
        Reconciler reconciler = reconciler(DRY_RUN_FIRST);
        fixture.write("a.yaml", EngineFixture.configMap("a", "1"));
        assertThat(EngineFixture.reconcile(reconciler).isSynced()).isTrue();
        Inventory before = fixture.inventory();
        threeConfigMaps("2");
        FaultRule webhook = webhookRefuses("b");
        fixture.clearCommits();
        events.clear();

        ReconcileResult refused = EngineFixture.reconcile(reconciler);

        assertThat(refused.outcome()).isEqualTo(Outcome.FAILED);
        ReconcileFailure failure = refused.failure().orElseThrow();
        assertThat(failure.phase()).isEqualTo(ReconcileFailure.Phase.DRY_RUN);
        assertThat(failure.targetReason()).contains(TargetException.Reason.FORBIDDEN);
        assertThat(failure.object()).contains(B);
        assertThat(failure.message()).contains("refused 1 of 3").contains("ConfigMap shop/b")
                .contains("policy.acme.io").contains("every ConfigMap needs a team label");
        assertThat(refused.object(B).orElseThrow().outcome()).isEqualTo(ObjectOutcome.FAILED);
        assertThat(refused.object(B).orElseThrow().failure().orElseThrow().message())
                .contains("every ConfigMap needs a team label");
        assertThat(refused.object(A).orElseThrow().outcome()).isEqualTo(ObjectOutcome.SKIPPED);
        assertThat(refused.object(C).orElseThrow().outcome()).isEqualTo(ObjectOutcome.SKIPPED);
        assertThat(refused.dryRun()).isEqualTo(new DryRun(3, 0, 1));
        assertThat(refused.timings().phases()).containsKey("dry-run").doesNotContainKeys("inventory", "apply");
        assertThat(fixture.commits()).isEmpty();
        assertThat(valueOf("a")).isEqualTo("1");
        assertThat(valueOf("b")).isNull();
        assertThat(fixture.inventory()).isEqualTo(before);
        assertThat(events).filteredOn(DryRunChecked.class::isInstance).map(DryRunChecked.class::cast)
                .singleElement().satisfies(e -> {
                    assertThat(e.checked()).isEqualTo(3);
                    assertThat(e.rejected()).containsExactly(B);
                    assertThat(e.beforeStage()).isFalse();
                });
        assertThat(reconciler.history(EngineFixture.APP).get(0).dryRun()).isEqualTo(new DryRun(3, 0, 1));

        webhook.clear();
        ReconcileResult fixed = EngineFixture.reconcile(reconciler);

        assertThat(fixed.isSynced()).as(fixed.error().orElse("")).isTrue();
        assertThat(fixed.dryRun()).isEqualTo(new DryRun(3, 0, 0));
        assertThat(fixed.keys(ObjectOutcome.CREATED)).containsExactlyInAnyOrder(B, C);
        assertThat(fixed.keys(ObjectOutcome.CONFIGURED)).containsExactly(A);
        assertThat(valueOf("a")).isEqualTo("2");
        assertThat(fixture.inventory().entries()).containsKeys(A.id(), B.id(), C.id());
    }

    @Test
    @DisplayName("DA-06 without dryRunFirst the same refusal fails b alone: the objects around it are written")
    void da06WithoutTheOptionTheOtherObjectsAreWritten() throws Exception {
        Reconciler reconciler = reconciler(MANUAL);
        fixture.write("a.yaml", EngineFixture.configMap("a", "1"));
        assertThat(EngineFixture.reconcile(reconciler).isSynced()).isTrue();
        threeConfigMaps("2");
        webhookRefuses("b");

        ReconcileResult result = EngineFixture.reconcile(reconciler);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.failure().orElseThrow().phase()).isEqualTo(ReconcileFailure.Phase.APPLY);
        assertThat(result.dryRun()).isEqualTo(DryRun.NONE);
        assertThat(valueOf("a")).isEqualTo("2");
        assertThat(valueOf("c")).isEqualTo("1");
        assertThat(events).noneMatch(DryRunChecked.class::isInstance);
    }

    @Test
    @DisplayName("DA-06 a pass that changes nothing sends no dry run (P3), and one that only prunes none either")
    void da06AnUnchangedPassSendsNoDryRun() throws Exception {
        Reconciler reconciler = reconciler(DRY_RUN_FIRST);
        threeConfigMaps("1");
        fixture.write("d.yaml", EngineFixture.configMap("d", "1"));   // so that pruning c is not held (PR-03)
        ReconcileResult first = EngineFixture.reconcile(reconciler);
        assertThat(first.isSynced()).as(first.error().orElse("")).isTrue();
        assertThat(first.dryRun()).isEqualTo(new DryRun(4, 0, 0));
        webhookRefuses("a");   // their PATCHes, dry run or not, are refused from now on
        webhookRefuses("b");
        events.clear();

        ReconcileResult unchanged = EngineFixture.reconcile(reconciler);
        fixture.delete("c.yaml");
        ReconcileResult pruned = EngineFixture.reconcile(reconciler);

        assertThat(unchanged.isSynced()).as(unchanged.error().orElse("")).isTrue();
        assertThat(unchanged.dryRun()).isEqualTo(DryRun.NONE);
        assertThat(pruned.isSynced()).as(pruned.error().orElse("")).isTrue();
        assertThat(pruned.keys(ObjectOutcome.DELETED)).containsExactly(C);
        assertThat(pruned.dryRun()).isEqualTo(DryRun.NONE);
        assertThat(events).noneMatch(DryRunChecked.class::isInstance)
                .noneMatch(e -> e instanceof PhaseStarted p && p.phase().equals("dry-run"));
    }

    @Test
    @DisplayName("DA-06 an object the server names (generateName) is dry-run as a create: refused, nothing is created")
    void da06AGeneratedObjectIsDryRunAsACreate() throws Exception {
        Reconciler reconciler = reconciler(DRY_RUN_FIRST);
        fixture.write("a.yaml", EngineFixture.configMap("a", "1"));
        fixture.write("run.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: run-\ndata:\n"
                + "  value: \"1\"\n");
        faults.on(Verb.CREATE).resource("configmaps").inject(Fault.admissionDenied("policy.acme.io",
                "no generated ConfigMaps"));

        ReconcileResult refused = EngineFixture.reconcile(reconciler);

        assertThat(refused.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(refused.failure().orElseThrow().phase()).isEqualTo(ReconcileFailure.Phase.DRY_RUN);
        assertThat(refused.failure().orElseThrow().message()).contains("no generated ConfigMaps");
        assertThat(refused.dryRun()).isEqualTo(new DryRun(2, 0, 1));
        assertThat(fixture.commits()).isEmpty();
        assertThat(valueOf("a")).isNull();
    }

    @Test
    @DisplayName("DA-06 objects in a Namespace the pass creates and custom resources of a CRD it creates are dry-run "
            + "just before their stage; a refusal there writes nothing from that stage on")
    void da06ObjectsNeedingAnEarlierStageAreDryRunBeforeTheirStage() throws Exception {
        Reconciler reconciler = reconciler(DRY_RUN_FIRST);
        fixture.write("app.yaml", EngineOrderTest.WIDGET_CRD + """
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: tools}
                ---
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: gear, namespace: shop}
                spec: {size: 3}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings, namespace: tools}
                data: {a: "1"}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: plain, namespace: shop}
                data: {a: "1"}
                """);
        FaultRule webhook = faults.on(Verb.PATCH).resource("configmaps").namespace("tools").name("settings")
                .inject(Fault.admissionDenied("policy.acme.io", "tools is locked"));
        ResourceKey settings = ResourceKey.of("v1", "ConfigMap", "tools", "settings");
        ResourceKey namespace = ResourceKey.of("v1", "Namespace", "", "tools");

        ReconcileResult refused = EngineFixture.reconcile(reconciler);

        assertThat(refused.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(refused.failure().orElseThrow().phase()).isEqualTo(ReconcileFailure.Phase.DRY_RUN);
        assertThat(refused.failure().orElseThrow().object()).contains(settings);
        assertThat(refused.failure().orElseThrow().message()).contains("nothing from that stage on was written");
        assertThat(refused.dryRun()).isEqualTo(new DryRun(3, 1, 1));   // CRD, Namespace, plain; then settings
        assertThat(refused.object(namespace).orElseThrow().outcome()).isEqualTo(ObjectOutcome.CREATED);
        assertThat(refused.object(settings).orElseThrow().outcome()).isEqualTo(ObjectOutcome.FAILED);
        assertThat(refused.object(ResourceKey.of("v1", "ConfigMap", "shop", "plain")).orElseThrow().outcome())
                .isEqualTo(ObjectOutcome.SKIPPED);
        assertThat(valueOf("plain")).isNull();
        assertThat(fixture.inventory().entries()).containsKey(namespace.id());
        assertThat(events).filteredOn(DryRunChecked.class::isInstance).map(DryRunChecked.class::cast)
                .extracting(DryRunChecked::checked, DryRunChecked::beforeStage)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3, false),
                        org.assertj.core.groups.Tuple.tuple(1, true));

        webhook.clear();
        ReconcileResult fixed = EngineFixture.reconcile(reconciler);

        assertThat(fixed.isSynced()).as(fixed.error().orElse("")).isTrue();
        assertThat(fixed.dryRun()).isEqualTo(new DryRun(3, 0, 0));   // CRD and Namespace unchanged now
        assertThat(fixed.keys(ObjectOutcome.CREATED)).contains(settings,
                ResourceKey.of("example.com/v1", "Widget", "shop", "gear"));
    }

    @Test
    @DisplayName("DA-06 an immutable field change refused by the dry run stops the pass unless the manifest allows "
            + "re-creation (DA-05): then the dry run passes and the object is re-created")
    void da06AnImmutableChangePassesTheDryRunOnlyWhenItWillBeRecreated() throws Exception {
        Reconciler reconciler = reconciler(DRY_RUN_FIRST);
        ResourceKey migrate = ResourceKey.of("batch/v1", "Job", "shop", "migrate");
        fixture.write("job.yaml", EngineOnFakeKubeTest.job("migrate:1", false));
        assertThat(EngineFixture.reconcile(reconciler).isSynced()).isTrue();
        fixture.write("job.yaml", EngineOnFakeKubeTest.job("migrate:2", false));
        fixture.write("a.yaml", EngineFixture.configMap("a", "1"));

        ReconcileResult refused = EngineFixture.reconcile(reconciler);

        assertThat(refused.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(refused.failure().orElseThrow().phase()).isEqualTo(ReconcileFailure.Phase.DRY_RUN);
        assertThat(refused.failure().orElseThrow().targetReason()).contains(TargetException.Reason.IMMUTABLE);
        assertThat(refused.error().orElseThrow()).contains("field is immutable")
                .contains("gitops4j.io/recreate-on-immutable-change");
        assertThat(valueOf("a")).as("nothing written").isNull();

        fixture.write("job.yaml", EngineOnFakeKubeTest.job("migrate:2", true));
        ReconcileResult recreated = EngineFixture.reconcile(reconciler);

        assertThat(recreated.isSynced()).as(recreated.error().orElse("")).isTrue();
        assertThat(recreated.dryRun()).isEqualTo(new DryRun(2, 0, 0));
        assertThat(recreated.object(migrate).orElseThrow().outcome()).isEqualTo(ObjectOutcome.RECREATED);
        assertThat(valueOf("a")).isEqualTo("1");
    }
}
