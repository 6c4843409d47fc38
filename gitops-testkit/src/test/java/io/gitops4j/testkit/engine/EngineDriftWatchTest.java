package io.gitops4j.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Application;
import io.gitops4j.api.Drift;
import io.gitops4j.api.DriftMode;
import io.gitops4j.api.FieldManager;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.plan.FieldChange;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.ApplyRequest;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.api.target.DeleteOptions;
import io.gitops4j.api.target.DeleteRequest;
import io.gitops4j.api.target.InventoryStore;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.Target;
import io.gitops4j.api.target.WriteContext;
import io.gitops4j.core.engine.DriftOptions;
import io.gitops4j.testkit.kube.PatchType;
import io.gitops4j.testkit.kube.ResourceType;
import io.gitops4j.testkit.kube.WriteOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DA-12 drift from the change feed: with background scheduling off and a 24 h interval, nothing polls; a change
 * someone else makes to a managed object (through the fake, as another field manager) reaches the engine as a change
 * event and starts the Application's pass after the debounce, which applies the drift mode and explains the drift.
 */
class EngineDriftWatchTest {
    private static final ResourceKey SETTINGS = ResourceKey.of("v1", "ConfigMap", "shop", "settings");
    private static final Duration DEBOUNCE = Duration.ofMillis(200);

    @TempDir
    Path repo;

    private EngineFixture fixture;
    private ResourceType configMaps;

    @BeforeEach
    void start() throws Exception {
        fixture = new EngineFixture(repo);
        configMaps = fixture.kube.type("", "v1", "configmaps");
        fixture.write("settings.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings}
                data: {greeting: hello, colour: blue}
                """);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** A reconciler polling nothing (background off, 24 h), with {@value EngineFixture#APP} synced once. */
    private Reconciler synced(SyncPolicy policy, DriftOptions drift) throws Exception {
        Reconciler reconciler = fixture.start(fixture.target(), policy.withInterval(Duration.ofHours(24)),
                b -> b.backgroundScheduling(false).drift(drift));
        assertThat(EngineFixture.reconcile(reconciler).outcome()).isEqualTo(Outcome.SYNCED);
        fixture.clearCommits();
        return reconciler;
    }

    private Reconciler synced(SyncPolicy policy) throws Exception {
        return synced(policy, DriftOptions.defaults().withDebounce(DEBOUNCE));
    }

    private void edit(String mergePatch, String manager) {
        fixture.kube.patch(configMaps, "shop", "settings", PatchType.MERGE, mergePatch,
                WriteOptions.defaults().withFieldManager(manager));
    }

    /** The first result of a pass that started after {@code since}. */
    private ReconcileResult passAfter(Instant since) throws Exception {
        return fixture.await(1, r -> r.timings().started().isAfter(since), Duration.ofSeconds(30)).get(0).result();
    }

    /**
     * Polls for {@code quiet}, failing as soon as a pass of {@value EngineFixture#APP} that started after {@code since}
     * is received.
     */
    private void assertNoPassAfter(Instant since, Duration quiet) throws Exception {
        long end = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() - end < 0) {
            assertThat(fixture.received()).as("passes of %s after %s", EngineFixture.APP, since).noneMatch(r ->
                    r.result().application().equals(EngineFixture.APP) && r.result().timings().started().isAfter(since));
            Thread.sleep(20);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> liveData() {
        return (Map<String, Object>) fixture.kube.get(configMaps, "shop", "settings").get("data");
    }

    @Test
    @DisplayName("DA-12 drift mode correct: an edit seen on the change feed is corrected by the pass it starts, and "
            + "explained: the field, the manager that owns it now (kubectl-edit, Update) and when")
    void da12CorrectFromTheWatch() throws Exception {
        synced(SyncPolicy.automated());
        Instant edited = Instant.now();
        edit("{\"data\":{\"greeting\":\"edited\"}}", "kubectl-edit");

        ReconcileResult pass = passAfter(edited);

        assertThat(pass.outcome()).as("%s", pass.error()).isEqualTo(Outcome.SYNCED);
        assertThat(pass.object(SETTINGS).orElseThrow().outcome()).isEqualTo(ObjectOutcome.CONFIGURED);
        assertThat(liveData()).containsEntry("greeting", "hello");
        assertThat(fixture.commits()).containsExactly("MODIFIED ConfigMap shop/settings", // the edit
                "MODIFIED ConfigMap shop/settings");                                       // its correction
        Drift drift = pass.drift().get(0);
        assertThat(pass.drift()).hasSize(1);
        assertThat(drift.key()).isEqualTo(SETTINGS);
        assertThat(drift.handling()).isEqualTo(Drift.Handling.CORRECTED);
        assertThat(drift.deleted()).isFalse();
        assertThat(drift.fields()).singleElement().satisfies(f -> {
            assertThat(f.change()).isEqualTo(new FieldChange(".data.greeting", "\"edited\"", "\"hello\""));
            FieldManager owner = f.owner().orElseThrow();
            assertThat(owner.name()).isEqualTo("kubectl-edit");
            assertThat(owner.operation()).isEqualTo("Update");
            assertThat(owner.time()).hasValueSatisfying(t -> assertThat(t)
                    .isBetween(edited.minusSeconds(2), Instant.now()));
        });
        assertThat(drift.lastEdit().map(FieldManager::name)).contains("kubectl-edit");
        assertThat(drift.competingManagers()).containsExactly("kubectl-edit");
    }

    @Test
    @DisplayName("DA-12 drift mode report: the pass the edit starts reports it (OUT_OF_SYNC, each field with its "
            + "owner; a removed field has none, the object's last editor is named) and writes nothing")
    void da12ReportFromTheWatch() throws Exception {
        synced(SyncPolicy.automated().withDrift(DriftMode.REPORT));
        Instant edited = Instant.now();
        edit("{\"data\":{\"greeting\":null,\"colour\":\"red\"}}", "kubectl-edit");

        ReconcileResult pass = passAfter(edited);

        assertThat(pass.outcome()).isEqualTo(Outcome.OUT_OF_SYNC);
        assertThat(pass.writes()).isZero();
        assertThat(fixture.commits()).containsExactly("MODIFIED ConfigMap shop/settings");
        assertThat(liveData()).isEqualTo(Map.of("colour", "red"));
        Drift drift = pass.drift().get(0);
        assertThat(drift.handling()).isEqualTo(Drift.Handling.REPORTED);
        assertThat(drift.fields()).extracting(f -> f.change().path() + " " + f.owner().map(FieldManager::name))
                .containsExactlyInAnyOrder(".data.colour Optional[kubectl-edit]", ".data.greeting Optional.empty");
        assertThat(drift.lastEdit().map(FieldManager::name)).contains("kubectl-edit");
    }

    @Test
    @DisplayName("DA-12 drift mode correct: an object someone deleted is created again by the pass its deletion "
            + "starts, reported as deleted")
    void da12DeletedObjectIsCreatedAgain() throws Exception {
        synced(SyncPolicy.automated());
        Instant deleted = Instant.now();
        fixture.kube.delete(configMaps, "shop", "settings", io.gitops4j.testkit.kube.DeleteOptions.defaults());

        ReconcileResult pass = passAfter(deleted);

        assertThat(pass.object(SETTINGS).orElseThrow().outcome()).isEqualTo(ObjectOutcome.CREATED);
        assertThat(pass.drift()).singleElement().satisfies(d -> {
            assertThat(d.deleted()).isTrue();
            assertThat(d.handling()).isEqualTo(Drift.Handling.CORRECTED);
        });
        assertThat(liveData()).containsEntry("greeting", "hello");
    }

    @Test
    @DisplayName("DA-12 drift mode ignore: an edit starts no pass, while another Application's edit in the same "
            + "reconciler does")
    void da12IgnoreStartsNoPass() throws Exception {
        Reconciler reconciler = synced(SyncPolicy.automated().withDrift(DriftMode.IGNORE));
        Path other = Files.createDirectory(repo.resolveSibling(repo.getFileName() + "-other"));
        Files.writeString(other.resolve("other.yaml"), EngineFixture.configMap("other", "1"));
        reconciler.register(Application.builder("watched").source(SourceSpec.local(other)).targetNamespace("shop")
                .syncPolicy(SyncPolicy.automated().withInterval(Duration.ofHours(24))).build());
        assertThat(reconciler.reconcileNow("watched").get().outcome()).isEqualTo(Outcome.SYNCED);
        Instant edited = Instant.now();

        edit("{\"data\":{\"greeting\":\"edited\"}}", "kubectl-edit");
        fixture.kube.patch(configMaps, "shop", "other", PatchType.MERGE, "{\"data\":{\"value\":\"2\"}}",
                WriteOptions.defaults().withFieldManager("kubectl-edit"));

        ReconcileResult watched = fixture.await(1, r -> r.application().equals("watched")
                && r.timings().started().isAfter(edited), Duration.ofSeconds(30)).get(0).result();
        assertThat(watched.drift()).singleElement().extracting(Drift::handling).isEqualTo(Drift.Handling.CORRECTED);
        assertNoPassAfter(edited, DEBOUNCE.multipliedBy(5));
        assertThat(liveData()).containsEntry("greeting", "edited");
    }

    @Test
    @DisplayName("EN-02 a burst of changes within the debounce starts one pass, which sees the last of them")
    void en02ABurstOfChangesSharesOnePass() throws Exception {
        synced(SyncPolicy.automated().withDrift(DriftMode.REPORT), DriftOptions.defaults()
                .withDebounce(Duration.ofSeconds(1)));
        Instant edited = Instant.now();
        for (int i = 1; i <= 5; i++) {
            edit("{\"data\":{\"greeting\":\"edit-" + i + "\"}}", "kubectl-edit");
        }

        ReconcileResult pass = passAfter(edited);

        assertThat(pass.drift()).singleElement().satisfies(d -> assertThat(d.fields()).singleElement()
                .satisfies(f -> assertThat(f.change().before()).isEqualTo("\"edit-5\"")));
        assertNoPassAfter(pass.timings().started(), Duration.ofSeconds(2));
    }

    @Test
    @DisplayName("EN-02 a change seen while a pass is in flight joins its one follow-up, shared with reconcileNow "
            + "requests made meanwhile")
    void en02DriftJoinsTheFollowUpOfAPassInFlight() throws Exception {
        GatedTarget gated = new GatedTarget(fixture.target());
        Reconciler reconciler = fixture.start(gated, SyncPolicy.automated().withInterval(Duration.ofHours(24)),
                b -> b.backgroundScheduling(false).drift(DriftOptions.defaults().withDebounce(DEBOUNCE)));
        assertThat(EngineFixture.reconcile(reconciler).outcome()).isEqualTo(Outcome.SYNCED);
        fixture.write("other.yaml", EngineFixture.configMap("other", "1"));   // a new revision: its pass writes
        gated.closeGate();
        Instant started = Instant.now();

        var inFlight = reconciler.reconcileNow(EngineFixture.APP);
        gated.awaitBlocked();
        edit("{\"data\":{\"greeting\":\"edited\"}}", "kubectl-edit");
        var first = reconciler.reconcileNow(EngineFixture.APP);
        // the change's debounce ends while the pass still waits at the gate: it joins the follow-up too
        long until = System.nanoTime() + DEBOUNCE.multipliedBy(10).toNanos();
        while (System.nanoTime() - until < 0) {
            Thread.sleep(20);
        }
        var second = reconciler.reconcileNow(EngineFixture.APP);
        gated.openGate();

        ReconcileResult followUp = first.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(second.get(30, java.util.concurrent.TimeUnit.SECONDS)).isSameAs(followUp);
        assertThat(inFlight.get(30, java.util.concurrent.TimeUnit.SECONDS).object(
                ResourceKey.of("v1", "ConfigMap", "shop", "other")).orElseThrow().outcome())
                .isEqualTo(ObjectOutcome.CREATED);
        assertThat(followUp.drift()).singleElement().satisfies(d -> {
            assertThat(d.key()).isEqualTo(SETTINGS);
            assertThat(d.handling()).isEqualTo(Drift.Handling.CORRECTED);
        });
        assertNoPassAfter(followUp.timings().started(), DEBOUNCE.multipliedBy(5));
        assertThat(fixture.received().stream().filter(r -> !r.result().timings().started().isBefore(started)))
                .as("the pass in flight and one follow-up").hasSize(2);
    }

    /** A target whose applies wait, while the gate is closed, until it is opened. */
    private static final class GatedTarget implements Target {
        private final Target delegate;
        private volatile java.util.concurrent.CountDownLatch blocked = new java.util.concurrent.CountDownLatch(1);
        private volatile java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(0);

        GatedTarget(Target delegate) {
            this.delegate = delegate;
        }

        void closeGate() {
            blocked = new java.util.concurrent.CountDownLatch(1);
            gate = new java.util.concurrent.CountDownLatch(1);
        }

        void openGate() {
            gate.countDown();
        }

        void awaitBlocked() throws InterruptedException {
            assertThat(blocked.await(30, java.util.concurrent.TimeUnit.SECONDS)).as("a pass reached the gate").isTrue();
        }

        @Override
        public ClusterView view() {
            return delegate.view();
        }

        @Override
        public List<ObjectResult> applyAll(List<ApplyRequest> requests, ApplyOptions options, WriteContext context) {
            java.util.concurrent.CountDownLatch waitFor = gate;
            blocked.countDown();
            try {
                waitFor.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return delegate.applyAll(requests, options, context);
        }

        @Override
        public List<ObjectResult> createAll(List<io.gitops4j.api.resource.Manifest> objects, ApplyOptions options,
                WriteContext context) {
            return delegate.createAll(objects, options, context);
        }

        @Override
        public List<ObjectResult> deleteAll(List<DeleteRequest> requests, DeleteOptions options,
                WriteContext context) {
            return delegate.deleteAll(requests, options, context);
        }

        @Override
        public InventoryStore inventories() {
            return delegate.inventories();
        }
    }

    @Test
    @DisplayName("DA-12 a controller writing status (nothing the Application declares changes) starts no pass")
    void da12StatusWritesAreNotDrift() throws Exception {
        fixture.write("web.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: web, image: "nginx:1.27"}]}
                """);
        synced(SyncPolicy.automated());
        ResourceType deployments = fixture.kube.type("apps", "v1", "deployments");
        Instant written = Instant.now();

        Map<String, Object> web = new java.util.LinkedHashMap<>(fixture.kube.get(deployments, "shop", "web"));
        web.put("status", Map.of("observedGeneration", 1, "replicas", 1, "readyReplicas", 1));
        fixture.kube.update(deployments, "shop", "web", "status", web,
                WriteOptions.defaults().withFieldManager("kube-controller-manager"));

        assertNoPassAfter(written, DEBOUNCE.multipliedBy(5));
        Instant edited = Instant.now();
        edit("{\"data\":{\"greeting\":\"edited\"}}", "kubectl-edit"); // the feed is live: a real change starts one
        assertThat(passAfter(edited).drift()).singleElement().extracting(d -> d.key().name()).isEqualTo("settings");
    }
}
