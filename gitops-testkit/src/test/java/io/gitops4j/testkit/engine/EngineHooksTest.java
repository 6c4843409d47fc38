package io.gitops4j.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.ObjectReport;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.ReconcileListener;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.plan.HookPhase;
import io.gitops4j.api.progress.AwaitingReady;
import io.gitops4j.api.progress.ObjectWritten;
import io.gitops4j.api.progress.ProgressEvent;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.StoredInventory;
import io.gitops4j.testkit.FakeKube;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hooks ({@code gitops4j.io/hook: PreSync|PostSync}): Jobs created for a pass that writes, awaited until they
 * complete (the simulated job controller), deleted by their policies, never recorded in the inventory nor pruned
 * (EN-19).
 */
class EngineHooksTest {
    private static final SyncPolicy MANUAL = SyncPolicy.manual().withInterval(Duration.ofHours(1));

    @TempDir
    Path repo;

    @RegisterExtension
    final SimulatedCluster cluster = new SimulatedCluster();

    /** A Job hook; {@code nameField} is {@code name} or {@code generateName}; {@code policy} may be empty. */
    private static String job(String nameField, String name, String phase, String policy) {
        return """
                apiVersion: batch/v1
                kind: Job
                metadata:
                  %s: %s
                  annotations:
                    gitops4j.io/hook: %s
                %s
                spec:
                  backoffLimit: 0
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: migrate, image: busybox}]
                """.formatted(nameField, name, phase, policy.isEmpty() ? ""
                : "    gitops4j.io/hook-delete-policy: " + policy);
    }

    /** Starts the simulated cluster and a reconciler on it. */
    private Reconciler start(Duration delay, Duration hookTimeout) {
        return cluster.start(repo, delay)
                .start(MANUAL, b -> b.hookTimeout(hookTimeout).healthWait(Duration.ofSeconds(30)));
    }

    private static List<ObjectReport> hooks(ReconcileResult result) {
        return result.objects().stream().filter(o -> o.planned().isHook()).toList();
    }

    private Map<ObjectId, String> inventoryEntries() {
        return cluster.fixture().target().inventories().read(EngineFixture.APP).map(StoredInventory::inventory)
                .map(i -> i.entries()).orElse(Map.of());
    }

    @Test
    @DisplayName("EN-19 a PreSync Job with generateName is created under a fresh name, awaited until Complete, and "
            + "only then is anything applied; it is not recorded in the inventory")
    void en19APreSyncHookRunsBeforeTheApply() throws Exception {
        Reconciler reconciler = start(Duration.ofMillis(500), Duration.ofSeconds(30));
        List<ProgressEvent> progress = new CopyOnWriteArrayList<>();
        reconciler.addListener(ReconcileListener.progress(progress::add));
        cluster.fixture().write("migrate.yaml", job("generateName", "migrate-", "PreSync", ""));
        cluster.fixture().write("app.yaml", EngineFixture.configMap("settings", "1"));

        ReconcileResult result = EngineFixture.reconcile(reconciler);

        assertThat(result.outcome()).as("%s", result.error()).isEqualTo(Outcome.SYNCED);
        ObjectReport hook = hooks(result).get(0);
        String name = hook.key().name();
        assertThat(name).as("named by the server").startsWith("migrate-").hasSize("migrate-".length() + 5);
        assertThat(hook.outcome()).isEqualTo(ObjectOutcome.CREATED);
        assertThat(hook.note()).isEqualTo("succeeded");
        assertThat(hook.planned().hook()).contains(HookPhase.PRE_SYNC);
        assertThat(cluster.events().list()).containsSubsequence("added Job " + name, "Complete Job " + name,
                "added ConfigMap settings");
        assertThat(inventoryEntries().keySet()).extracting(ObjectId::toString).noneMatch(id -> id.contains("Job"));
        assertThat(progress).filteredOn(AwaitingReady.class::isInstance).map(AwaitingReady.class::cast)
                .anySatisfy(a -> {
                    assertThat(a.objects()).extracting(k -> k.name()).containsExactly(name);
                    assertThat(a.timeout()).isEqualTo(Duration.ofSeconds(30));
                });
        assertThat(progress).filteredOn(ObjectWritten.class::isInstance).map(ObjectWritten.class::cast)
                .extracting(w -> w.object().name()).startsWith(name);
    }

    @Test
    @DisplayName("EN-19 a PreSync Job that fails ends the pass FAILED in phase HOOK with the Job's reason; nothing "
            + "else is written (no apply, no inventory)")
    void en19AFailedPreSyncHookStopsThePass() throws Exception {
        Reconciler reconciler = start(Duration.ofMillis(200), Duration.ofSeconds(30));
        cluster.simulators().fail("Job", "shop", "migrate");
        cluster.fixture().write("migrate.yaml", job("name", "migrate", "PreSync", ""));
        cluster.fixture().write("app.yaml", EngineFixture.configMap("settings", "1"));

        ReconcileResult result = EngineFixture.reconcile(reconciler);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.failure()).hasValueSatisfying(f -> {
            assertThat(f.phase()).isEqualTo(ReconcileFailure.Phase.HOOK);
            assertThat(f.reason()).isEqualTo(ReconcileFailure.EngineReason.HOOK_FAILED);
            assertThat(f.message()).startsWith("PreSync hook Job.batch shop/migrate failed: ")
                    .contains("Job has reached the specified backoff limit");
        });
        assertThat(cluster.fixture().commits()).allMatch(c -> c.contains("Job shop/migrate"));
        assertThat(result.objects()).filteredOn(o -> !o.planned().isHook()).allSatisfy(o -> {
            assertThat(o.outcome()).isEqualTo(ObjectOutcome.SKIPPED);
            assertThat(o.note()).startsWith("not applied: PreSync hook Job.batch shop/migrate failed");
        });
        assertThat(inventoryEntries()).isEmpty();
    }

    @Test
    @DisplayName("EN-19 a PostSync Job runs after every object applied is healthy (a Deployment that takes time)")
    void en19APostSyncHookRunsAfterEverythingIsHealthy() throws Exception {
        Reconciler reconciler = start(Duration.ofMillis(1000), Duration.ofSeconds(30));
        cluster.fixture().write("web.yaml", ClusterEvents.deployment("web", 1));
        cluster.fixture().write("smoke.yaml", job("name", "smoke", "PostSync", ""));

        ReconcileResult result = EngineFixture.reconcile(reconciler);

        assertThat(result.outcome()).as("%s", result.error()).isEqualTo(Outcome.SYNCED);
        assertThat(cluster.events().list()).containsSubsequence("added Deployment web", "Available Deployment web",
                "added Job smoke", "Complete Job smoke");
        assertThat(hooks(result)).singleElement().satisfies(h -> assertThat(h.planned().hook())
                .contains(HookPhase.POST_SYNC));
    }

    @Test
    @DisplayName("EN-19 HookSucceeded deletes the hook's Job once it completed")
    void en19HookSucceededDeletesTheJob() throws Exception {
        Reconciler reconciler = start(Duration.ofMillis(200), Duration.ofSeconds(30));
        cluster.fixture().write("migrate.yaml", job("name", "migrate", "PreSync", "HookSucceeded"));
        cluster.fixture().write("app.yaml", EngineFixture.configMap("settings", "1"));

        ReconcileResult result = EngineFixture.reconcile(reconciler);

        assertThat(result.outcome()).as("%s", result.error()).isEqualTo(Outcome.SYNCED);
        assertThat(hooks(result).get(0).note()).isEqualTo("succeeded; deleted (HookSucceeded)");
        assertThat(cluster.events().list()).containsSubsequence("added Job migrate", "Complete Job migrate",
                "deleted Job migrate",
                "added ConfigMap settings");
    }

    @Test
    @DisplayName("EN-19 HookFailed deletes the hook's Job once it failed; the pass still fails with its reason")
    void en19HookFailedDeletesTheJob() throws Exception {
        Reconciler reconciler = start(Duration.ofMillis(200), Duration.ofSeconds(30));
        cluster.simulators().fail("Job", "shop", "migrate");
        cluster.fixture().write("migrate.yaml", job("name", "migrate", "PreSync", "HookFailed"));
        cluster.fixture().write("app.yaml", EngineFixture.configMap("settings", "1"));

        ReconcileResult result = EngineFixture.reconcile(reconciler);

        assertThat(result.failure().orElseThrow().reason()).isEqualTo(ReconcileFailure.EngineReason.HOOK_FAILED);
        assertThat(hooks(result).get(0).note()).startsWith("failed: ").endsWith("; deleted (HookFailed)");
        assertThat(cluster.events().list()).containsSubsequence("added Job migrate", "Failed Job migrate",
                "deleted Job migrate");
        assertThat(cluster.events().list()).doesNotContain("added ConfigMap settings");
    }

    @Test
    @DisplayName("EN-19 BeforeHookCreation (the default) deletes the hook's Job of the earlier pass, waits until it "
            + "is gone, and creates it anew in the next pass that writes")
    void en19BeforeHookCreationReplacesTheEarlierJob() throws Exception {
        Reconciler reconciler = start(Duration.ofMillis(200), Duration.ofSeconds(30));
        cluster.fixture().write("migrate.yaml", job("name", "migrate", "PreSync", ""));
        cluster.fixture().write("app.yaml", EngineFixture.configMap("settings", "1"));
        assertThat(EngineFixture.reconcile(reconciler).outcome()).isEqualTo(Outcome.SYNCED);
        cluster.events().clear();

        cluster.fixture().write("app.yaml", EngineFixture.configMap("settings", "2"));
        ReconcileResult second = EngineFixture.reconcile(reconciler);

        assertThat(second.outcome()).as("%s", second.error()).isEqualTo(Outcome.SYNCED);
        assertThat(cluster.events().list()).containsSubsequence("deleted Job migrate", "added Job migrate",
                "Complete Job migrate");
        assertThat(hooks(second).get(0).outcome()).isEqualTo(ObjectOutcome.CREATED);
    }

    @Test
    @DisplayName("EN-19 a pass with nothing to write runs no hook; a hook's Job left from an earlier pass is never "
            + "pruned, even once the hook left Git")
    void en19ANoOpPassRunsNoHookAndHooksAreNeverPruned() throws Exception {
        Reconciler reconciler = start(Duration.ZERO, Duration.ofSeconds(30));
        cluster.fixture().write("migrate.yaml", job("generateName", "migrate-", "PreSync", ""));
        cluster.fixture().write("app.yaml", EngineFixture.configMap("settings", "1"));
        ReconcileResult first = EngineFixture.reconcile(reconciler);
        assertThat(first.outcome()).as("%s", first.error()).isEqualTo(Outcome.SYNCED);
        String name = hooks(first).get(0).key().name();
        cluster.fixture().clearCommits();

        ReconcileResult noOp = EngineFixture.reconcile(reconciler);

        assertThat(noOp.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(hooks(noOp)).isEmpty();
        assertThat(cluster.fixture().commits()).isEmpty();

        cluster.fixture().delete("migrate.yaml");
        cluster.fixture().write("app.yaml", EngineFixture.configMap("settings", "2"));
        ReconcileResult without = EngineFixture.reconcile(reconciler);

        assertThat(without.outcome()).as("%s", without.error()).isEqualTo(Outcome.SYNCED);
        assertThat(cluster.fixture().commits()).containsExactly("MODIFIED ConfigMap shop/settings");
        FakeKube kube = cluster.fixture().kube;
        assertThat(kube.get(kube.type("batch", "v1", "jobs"), "shop", name)).isNotNull();
    }

    @Test
    @DisplayName("EN-19 a hook that does not complete within the hook timeout fails the pass with TIMEOUT naming it, "
            + "and is left running")
    void en19AHookThatHangsTimesOut() throws Exception {
        Reconciler reconciler = start(Duration.ZERO, Duration.ofSeconds(1));
        cluster.simulators().hang("Job", "shop", "migrate");
        cluster.fixture().write("migrate.yaml", job("name", "migrate", "PreSync", "HookFailed"));
        cluster.fixture().write("app.yaml", EngineFixture.configMap("settings", "1"));

        ReconcileResult result = EngineFixture.reconcile(reconciler);

        assertThat(result.failure()).hasValueSatisfying(f -> {
            assertThat(f.phase()).isEqualTo(ReconcileFailure.Phase.HOOK);
            assertThat(f.reason()).isEqualTo(ReconcileFailure.EngineReason.TIMEOUT);
            assertThat(f.message()).startsWith("PreSync hook Job.batch shop/migrate did not complete within 1 s")
                    .endsWith("it was left running");
        });
        assertThat(cluster.events().list()).doesNotContain("deleted Job migrate", "added ConfigMap settings");
    }

    @Test
    @DisplayName("EN-19 a Pod hook is done when its phase is Succeeded and failed when Failed, with the Pod's message")
    void en19APodHookIsJudgedByItsPhase() throws Exception {
        Reconciler reconciler = start(Duration.ZERO, Duration.ofSeconds(10));
        cluster.fixture().write("check.yaml", """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: check
                  annotations: {gitops4j.io/hook: PreSync, gitops4j.io/hook-delete-policy: HookSucceeded}
                spec:
                  restartPolicy: Never
                  containers: [{name: check, image: busybox}]
                """);
        cluster.fixture().write("app.yaml", EngineFixture.configMap("settings", "1"));
        Thread kubelet = podEndsAs("check", "Succeeded", "");

        ReconcileResult passed = EngineFixture.reconcile(reconciler);
        kubelet.join(10_000);

        assertThat(passed.outcome()).as("%s", passed.error()).isEqualTo(Outcome.SYNCED);
        assertThat(hooks(passed).get(0).note()).isEqualTo("succeeded; deleted (HookSucceeded)");
        assertThat(cluster.events().list()).containsSubsequence("added Pod check", "deleted Pod check",
                "added ConfigMap settings");

        cluster.fixture().write("app.yaml", EngineFixture.configMap("settings", "2"));
        kubelet = podEndsAs("check", "Failed", "the check found 3 rows without an owner");
        ReconcileResult failed = EngineFixture.reconcile(reconciler);
        kubelet.join(10_000);

        assertThat(failed.failure()).hasValueSatisfying(f -> {
            assertThat(f.reason()).isEqualTo(ReconcileFailure.EngineReason.HOOK_FAILED);
            assertThat(f.message()).isEqualTo("PreSync hook Pod shop/check failed: Pod failed: the check found 3 "
                    + "rows without an owner");
        });
        FakeKube kube = cluster.fixture().kube;
        assertThat(kube.get(kube.type("", "v1", "configmaps"), "shop", "settings").get("data"))
                .isEqualTo(Map.of("value", "1"));
    }

    /** Plays the kubelet for one Pod: once it exists (a new one), writes its final phase through /status. */
    private Thread podEndsAs(String name, String phase, String message) {
        FakeKube kube = cluster.fixture().kube;
        var pods = kube.type("", "v1", "pods");
        Thread t = new Thread(() -> {
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < end) {
                try {
                    Map<String, Object> pod = new java.util.LinkedHashMap<>(kube.get(pods, "shop", name));
                    String now = pod.get("status") instanceof Map<?, ?> st ? String.valueOf(st.get("phase")) : "";
                    if (!now.equals("Succeeded") && !now.equals("Failed")
                            && ((Map<?, ?>) pod.get("metadata")).get("deletionTimestamp") == null) {
                        pod.put("status", message.isEmpty() ? Map.of("phase", phase)
                                : Map.of("phase", phase, "message", message));
                        kube.update(pods, "shop", name, "status", pod,
                                io.gitops4j.testkit.kube.WriteOptions.defaults().withFieldManager("kubelet"));
                        return;
                    }
                } catch (RuntimeException notYet) {
                    // not created yet, or changed meanwhile: look again
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "kubelet");
        t.start();
        return t;
    }

    @Test
    @DisplayName("RD-27 a hook phase gitops4j does not run (Argo CD's SyncFail) fails the pass as a render error naming "
            + "the object and the value; nothing is written")
    void rd27AnUnsupportedHookPhaseFailsThePassBeforeAnyWrite() throws Exception {
        Reconciler reconciler = start(Duration.ZERO, Duration.ofSeconds(30));
        cluster.fixture().write("cleanup.yaml", job("name", "cleanup", "SyncFail", ""));
        cluster.fixture().write("app.yaml", EngineFixture.configMap("settings", "1"));

        ReconcileResult result = EngineFixture.reconcile(reconciler);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.failure()).hasValueSatisfying(f -> {
            assertThat(f.phase()).isEqualTo(ReconcileFailure.Phase.RENDER);
            assertThat(f.message()).isEqualTo("cleanup.yaml: Job cleanup: annotation gitops4j.io/hook: 'SyncFail' "
                    + "is not a hook phase gitops4j runs (PreSync, PostSync)");
        });
        assertThat(cluster.fixture().commits()).isEmpty();
    }
}
