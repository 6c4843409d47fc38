package io.gitops4j.testkit.engine;

import static io.gitops4j.testkit.engine.EngineFixture.configMap;
import static io.gitops4j.testkit.engine.EngineFixture.reconcile;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Outcome;
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
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EN-01: the host loses the cluster in the middle of an apply, after the engine recorded its write-ahead intent and
 * created the first object, so the final inventory is never written. A new reconciler on the same cluster (the same
 * target, which holds the inventory) must converge with nothing orphaned and nothing created twice.
 */
class EngineCrashRecoveryTest {
    private static final SyncPolicy MANUAL = SyncPolicy.manual().withInterval(Duration.ofHours(1));

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
}
