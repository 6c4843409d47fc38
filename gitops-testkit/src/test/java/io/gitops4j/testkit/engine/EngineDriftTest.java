package io.gitops4j.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.DriftMode;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.testkit.kube.PatchType;
import io.gitops4j.testkit.kube.ResourceType;
import io.gitops4j.testkit.kube.WriteOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DA-12: someone edits a managed object between revisions, as {@code kubectl edit} does (an update by another field
 * manager, through the fake); the next scheduled pass applies the Application's drift mode. Nothing here calls
 * {@code reconcileNow}: a manual request always writes, drift modes govern the passes the engine schedules.
 */
class EngineDriftTest {
    private static final ResourceKey SETTINGS = ResourceKey.of("v1", "ConfigMap", "shop", "settings");
    private static final String MANIFEST = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            data: {greeting: hello, colour: blue}
            """;

    @TempDir
    Path repo;

    private EngineFixture fixture;
    private ResourceType configMaps;

    @BeforeEach
    void start() throws Exception {
        fixture = new EngineFixture(repo);
        configMaps = fixture.kube.type("", "v1", "configmaps");
        fixture.write("settings.yaml", MANIFEST);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** Starts {@code policy}, waits for the first (creating) pass, then lets {@code kubectl-edit} merge-patch. */
    private Instant syncThenEdit(SyncPolicy policy, String mergePatch) throws Exception {
        return syncThenEdit(policy, configMaps, "settings", mergePatch, "kubectl-edit");
    }

    /** Starts {@code policy}, waits for the first (creating) pass, then lets {@code manager} merge-patch an object. */
    private Instant syncThenEdit(SyncPolicy policy, ResourceType type, String name, String mergePatch, String manager)
            throws Exception {
        fixture.start(policy.withInterval(Duration.ofSeconds(1)));
        fixture.await(1, r -> r.outcome() == Outcome.SYNCED, Duration.ofSeconds(30));
        fixture.kube.patch(type, "shop", name, PatchType.MERGE, mergePatch,
                WriteOptions.defaults().withFieldManager(manager));
        fixture.clearCommits();
        return Instant.now();
    }

    /** The first scheduled pass that started after {@code edit}. */
    private ReconcileResult passAfter(Instant edit) throws Exception {
        return fixture.await(1, r -> r.timings().started().isAfter(edit), Duration.ofSeconds(30)).get(0).result();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> liveData() {
        return (Map<String, Object>) fixture.kube.get(configMaps, "shop", "settings").get("data");
    }

    @Test
    @DisplayName("DA-12 drift mode correct: an edit that removed a managed field is re-applied on the next scheduled pass")
    void correctReappliesTheDesiredState() throws Exception {
        Instant edit = syncThenEdit(SyncPolicy.automated().withDrift(DriftMode.CORRECT),
                "{\"data\":{\"greeting\":null}}");
        assertThat(liveData()).doesNotContainKey("greeting");

        ReconcileResult pass = passAfter(edit);

        assertThat(pass.outcome()).as("%s", pass.error()).isEqualTo(Outcome.SYNCED);
        assertThat(pass.changes().keys(Action.UPDATE)).containsExactly(SETTINGS);
        assertThat(liveData()).containsEntry("greeting", "hello").containsEntry("colour", "blue");
        assertThat(fixture.commits()).containsExactly("MODIFIED ConfigMap shop/settings");
    }

    @Test
    @DisplayName("DA-12 drift mode correct: a value kubectl edit changed (its field now the editor's) is taken back on "
            + "the next scheduled pass")
    void correctTakesBackAnImperativeEdit() throws Exception {
        Instant edit = syncThenEdit(SyncPolicy.automated().withDrift(DriftMode.CORRECT),
                "{\"data\":{\"greeting\":\"edited\"}}");

        ReconcileResult pass = passAfter(edit);

        assertThat(pass.outcome()).as("%s", pass.error()).isEqualTo(Outcome.SYNCED);
        assertThat(pass.changes().keys(Action.UPDATE)).containsExactly(SETTINGS);
        assertThat(liveData()).containsEntry("greeting", "hello");
        assertThat(fixture.commits()).containsExactly("MODIFIED ConfigMap shop/settings");
    }

    @Test
    @DisplayName("DA-12 DA-01 drift mode correct: a field a controller took (an autoscaler's replicas) is not forced back; the conflict names the manager and the field")
    void correctDoesNotForceAFieldAControllerTook() throws Exception {
        fixture.write("web.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: web, image: "nginx:1.27"}]}
                """);
        ResourceType deployments = fixture.kube.type("apps", "v1", "deployments");
        Instant edit = syncThenEdit(SyncPolicy.automated().withDrift(DriftMode.CORRECT),
                deployments, "web", "{\"spec\":{\"replicas\":5}}", "kube-controller-manager");

        ReconcileResult pass = passAfter(edit);

        assertThat(pass.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(pass.error()).hasValueSatisfying(e -> assertThat(e).contains("Deployment.apps shop/web",
                "conflict with \"kube-controller-manager\"", ".spec.replicas"));
        assertThat(((Map<?, ?>) fixture.kube.get(deployments, "shop", "web").get("spec")).get("replicas"))
                .isEqualTo(5L);
        assertThat(fixture.commits()).isEmpty();
    }

    @Test
    @DisplayName("DA-12 drift mode report: the edit is reported as OUT_OF_SYNC with its field diff, and nothing is written")
    void reportRecordsTheDriftAndWritesNothing() throws Exception {
        Instant edit = syncThenEdit(SyncPolicy.automated().withDrift(DriftMode.REPORT),
                "{\"data\":{\"greeting\":\"edited\"}}");

        ReconcileResult pass = passAfter(edit);

        assertThat(pass.outcome()).isEqualTo(Outcome.OUT_OF_SYNC);
        assertThat(pass.changes().find(SETTINGS).orElseThrow().diff()).singleElement()
                .hasToString(".data.greeting: \"edited\" → \"hello\"");
        assertThat(liveData()).containsEntry("greeting", "edited");
        assertThat(fixture.commits()).isEmpty();
    }

    @Test
    @DisplayName("DA-12 drift mode ignore: scheduled passes neither report nor correct the edit")
    void ignoreLeavesTheEditAlone() throws Exception {
        Instant edit = syncThenEdit(SyncPolicy.automated().withDrift(DriftMode.IGNORE),
                "{\"data\":{\"greeting\":null}}");

        ReconcileResult pass = passAfter(edit);

        assertThat(pass.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(pass.changes().changes()).isEmpty();
        assertThat(liveData()).doesNotContainKey("greeting");
        assertThat(fixture.commits()).isEmpty();
    }
}
