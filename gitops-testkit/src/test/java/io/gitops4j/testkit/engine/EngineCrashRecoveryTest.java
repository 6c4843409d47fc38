package io.gitops4j.testkit.engine;

import static io.gitops4j.testkit.engine.EngineFixture.configMap;
import static io.gitops4j.testkit.engine.EngineFixture.reconcile;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Outcome;
import io.gitops4j.api.PruneGuard;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.testkit.fault.Fault;
import io.gitops4j.testkit.fault.Faults;
import io.gitops4j.testkit.fault.Verb;
import io.gitops4j.testkit.kube.ListOptions;
import io.gitops4j.testkit.kube.ResourceType;
import io.gitops4j.testkit.kube.WatchEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * EN-01: the host loses the cluster in the middle of an apply, after the engine recorded its write-ahead intent and
 * created the first object, so the final inventory is never written. A new reconciler on the same cluster (the same
 * target, which holds the inventory) must converge with nothing orphaned and nothing created twice. The
 * parameterised case stops the host before each write step of a pass that creates, updates and prunes ({@link
 * CrashingTarget}); in gitops-k8s it runs on {@code KubernetesTarget} over a fake API server, where the inventory is
 * kept in the cluster's ConfigMaps.
 */
class EngineCrashRecoveryTest {
    private static final SyncPolicy MANUAL = SyncPolicy.manual().withInterval(Duration.ofHours(1));
    private static final SyncPolicy MANUAL_PRUNING = MANUAL.withPruneGuard(PruneGuard.unlimited());
    /** The write steps of the second revision's pass, in order (see {@link #secondRevision()}). */
    private static final List<String> STEPS = List.of("inventory", "apply ConfigMap a", "apply ConfigMap b",
            "apply Service web", "delete Service oldsvc", "delete ConfigMap old", "inventory");
    private static final String SERVICE = "apiVersion: v1\nkind: Service\nmetadata:\n  name: %s\nspec:\n  ports:\n"
            + "  - port: 80\n";

    @TempDir
    Path repo;

    private EngineFixture fixture;
    private ResourceType configMaps;

    @BeforeEach
    void start() throws Exception {
        fixture = new EngineFixture(repo);
        configMaps = fixture.kube.type("", "v1", "configmaps");
        for (String name : new String[] {"a", "b", "c", "d"}) {
            fixture.write(name + ".yaml", configMap(name, "1"));
        }
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static ResourceKey service(String name) {
        return ResourceKey.of("v1", "Service", "shop", name);
    }

    private static ResourceKey key(String name) {
        return ResourceKey.of("v1", "ConfigMap", "shop", name);
    }

    /** Every ConfigMap in shop carrying the application label: name → uid. */
    private Map<String, String> labelled() {
        Map<String, String> out = new TreeMap<>();
        for (Map<String, Object> o : fixture.kube.list(configMaps, "shop",
                ListOptions.defaults().withLabelSelector("gitops4j.io/application=" + EngineFixture.APP)).items()) {
            Map<?, ?> metadata = (Map<?, ?>) o.get("metadata");
            out.put((String) metadata.get("name"), (String) metadata.get("uid"));
        }
        return out;
    }

    /**
     * One pass through the fault rules in which every write after the first created object fails (the host loses the
     * cluster there: the final inventory write fails too); the reconciler is then closed and the rules cleared.
     */
    private ReconcileResult crashAfterTheFirstCreate() throws Exception {
        Faults faults = Faults.of(fixture.kube);
        AtomicBoolean crashed = new AtomicBoolean();
        fixture.kube.addObserver((type, event) -> {
            if (event.type() == WatchEvent.Type.ADDED && !EngineFixture.isInventory(event.object())
                    && crashed.compareAndSet(false, true)) {
                faults.on(Verb.PATCH).inject(Fault.connectionReset());
            }
        });
        Reconciler crashing = fixture.start(faults.target(fixture.target()), MANUAL);
        try {
            return reconcile(crashing);
        } finally {
            crashing.close();
            faults.clear();
        }
    }

    @Test
    @DisplayName("EN-01 a crash after the write-ahead intent and the first create: a new reconciler prunes what was created, creates the rest, orphans nothing")
    void crashBetweenIntentAndApplyIsRecovered() throws Exception {
        ReconcileResult lost = crashAfterTheFirstCreate();

        assertThat(lost.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(labelled()).containsOnlyKeys("a");
        assertThat(fixture.inventory().entries()).as("the intent, written before any object")
                .containsOnlyKeys(key("a").id(), key("b").id(), key("c").id(), key("d").id());

        fixture.delete("a.yaml"); // the next commit drops the object created before the crash
        Reconciler restarted = fixture.start(MANUAL);
        ReconcileResult recovered = reconcile(restarted);

        assertThat(recovered.outcome()).as("%s", recovered.error()).isEqualTo(Outcome.SYNCED);
        assertThat(recovered.changes().keys(Action.PRUNE)).containsExactly(key("a"));
        assertThat(recovered.changes().keys(Action.CREATE)).containsExactlyInAnyOrder(key("b"), key("c"), key("d"));
        Map<String, String> live = labelled();
        assertThat(live).containsOnlyKeys("b", "c", "d");
        assertThat(fixture.inventory().entries()).containsOnlyKeys(key("b").id(), key("c").id(), key("d").id())
                .allSatisfy((k, uid) -> assertThat(uid).isEqualTo(live.get(k.name())));
        assertThat(fixture.commits()).filteredOn(c -> c.endsWith(" ConfigMap shop/a"))
                .containsExactly("ADDED ConfigMap shop/a", "DELETED ConfigMap shop/a");
    }

    @Test
    @DisplayName("EN-01 a crash after the write-ahead intent: the restarted reconciler adopts the object it created, without re-creating it")
    void objectCreatedBeforeTheCrashIsAdoptedNotDuplicated() throws Exception {
        assertThat(crashAfterTheFirstCreate().outcome()).isEqualTo(Outcome.FAILED);
        String uidOfA = labelled().get("a");

        ReconcileResult recovered = reconcile(fixture.start(MANUAL));

        assertThat(recovered.outcome()).as("%s", recovered.error()).isEqualTo(Outcome.SYNCED);
        assertThat(recovered.changes().keys(Action.UNCHANGED)).containsExactly(key("a"));
        Map<String, String> live = labelled();
        assertThat(live).containsOnlyKeys("a", "b", "c", "d").containsEntry("a", uidOfA);
        assertThat(fixture.inventory().entries()).hasSize(4)
                .allSatisfy((k, uid) -> assertThat(uid).isEqualTo(live.get(k.name())));
        assertThat(fixture.commits()).filteredOn(c -> c.endsWith(" ConfigMap shop/a"))
                .containsExactly("ADDED ConfigMap shop/a");
    }

    /** Every object in shop carrying the application label, ConfigMaps and Services: "Kind/name" → uid. */
    private Map<String, String> labelledObjects() {
        Map<String, String> out = new TreeMap<>();
        for (ResourceType type : List.of(configMaps, fixture.kube.type("", "v1", "services"))) {
            for (Map<String, Object> o : fixture.kube.list(type, "shop", ListOptions.defaults()
                    .withLabelSelector("gitops4j.io/application=" + EngineFixture.APP)).items()) {
                Map<?, ?> metadata = (Map<?, ?>) o.get("metadata");
                out.put(o.get("kind") + "/" + metadata.get("name"), (String) metadata.get("uid"));
            }
        }
        return out;
    }

    /**
     * Reconciles the first revision (ConfigMaps a, old; Service oldsvc) and writes the second: a changes, b and the
     * Service web are new, old and oldsvc left Git. Its pass writes {@link #STEPS}.
     */
    private void secondRevision() throws Exception {
        for (String name : new String[] {"b", "c", "d"}) {
            fixture.delete(name + ".yaml");
        }
        fixture.write("old.yaml", configMap("old", "1"));
        fixture.write("oldsvc.yaml", SERVICE.formatted("oldsvc"));
        assertThat(reconcile(fixture.start(MANUAL_PRUNING)).outcome()).isEqualTo(Outcome.SYNCED);
        fixture.write("a.yaml", configMap("a", "2"));
        fixture.write("b.yaml", configMap("b", "1"));
        fixture.write("web.yaml", SERVICE.formatted("web"));
        fixture.delete("old.yaml");
        fixture.delete("oldsvc.yaml");
        fixture.clearCommits();
    }

    /** Runs one pass of the second revision through a target that dies after {@code survives} write steps. */
    private CrashingTarget passThatCrashesAfter(int survives) throws Exception {
        CrashingTarget crashing = new CrashingTarget(fixture.target(), survives);
        Reconciler host = fixture.start(crashing, MANUAL_PRUNING);
        CompletableFuture<ReconcileResult> pass = host.reconcileNow(EngineFixture.APP);
        pass.handle((r, e) -> null).get(30, TimeUnit.SECONDS);   // the pass ends either way: a result or the crash
        return crashing;
    }

    @Test
    @DisplayName("EN-01 the second revision's pass writes the steps the crash cases stop before: intent, each apply, each prune, the final inventory")
    void theStepsOfThePass() throws Exception {
        secondRevision();

        CrashingTarget counting = passThatCrashesAfter(Integer.MAX_VALUE);

        assertThat(counting.steps()).containsExactlyElementsOf(STEPS);
    }

    static IntStream crashPoints() {
        return IntStream.range(0, STEPS.size());
    }

    @ParameterizedTest(name = "EN-01 the host dies before write step {0} of the pass; a new reconciler converges")
    @MethodSource("crashPoints")
    void aCrashAtAnyStepIsRecovered(int step) throws Exception {
        secondRevision();
        Map<String, String> before = labelledObjects();

        CrashingTarget crashed = passThatCrashesAfter(step);

        assertThat(crashed.crashedAt()).as("the host died before %s", STEPS.get(step)).contains(STEPS.get(step));
        assertThat(crashed.steps()).containsExactlyElementsOf(STEPS.subList(0, step));
        ReconcileResult recovered = reconcile(fixture.start(MANUAL_PRUNING));

        assertThat(recovered.outcome()).as("%s", recovered.error()).isEqualTo(Outcome.SYNCED);
        Map<String, String> live = labelledObjects();
        assertThat(live).as("every desired object, nothing the first revision owned alone")
                .containsOnlyKeys("ConfigMap/a", "ConfigMap/b", "Service/web");
        assertThat(live.get("ConfigMap/a")).as("a updated in place, never re-created").isEqualTo(before.get("ConfigMap/a"));
        assertThat(fixture.kube.get(configMaps, "shop", "a").get("data")).isEqualTo(Map.of("value", "2"));
        assertThat(fixture.inventory().entries()).as("the inventory is the cluster's labelled objects")
                .containsOnlyKeys(key("a").id(), key("b").id(), service("web").id())
                .allSatisfy((id, uid) -> assertThat(uid).isEqualTo(live.get(id.kind() + "/" + id.name())));
        assertThat(fixture.commits()).as("each object created or deleted once")
                .filteredOn(c -> !c.startsWith("MODIFIED"))
                .containsExactlyInAnyOrder("ADDED ConfigMap shop/b", "ADDED Service shop/web",
                        "DELETED ConfigMap shop/old", "DELETED Service shop/oldsvc");
        assertThat(reconcile(fixture.start(MANUAL_PRUNING)).writes()).as("converged: the next pass writes nothing")
                .isZero();
    }
}
