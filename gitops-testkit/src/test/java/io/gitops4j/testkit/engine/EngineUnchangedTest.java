package io.gitops4j.testkit.engine;

import static io.gitops4j.testkit.engine.EngineFixture.reconcile;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.testkit.fault.Faults;
import io.gitops4j.testkit.server.RequestLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Unchanged" decided in the engine against the object as the server stores it, including what a desired-subset
 * diff cannot see: a field the Application applied before and no longer declares (FakeKube does real server-side
 * apply, with managedFields).
 */
class EngineUnchangedTest {
    private static final SyncPolicy MANUAL = SyncPolicy.manual().withInterval(Duration.ofHours(1));
    private static final ResourceKey SETTINGS = ResourceKey.of("v1", "ConfigMap", "shop", "settings");
    private static final ResourceKey WEB = ResourceKey.of("apps/v1", "Deployment", "shop", "web");

    @TempDir
    Path repo;

    private EngineFixture fixture;
    private final RequestLog requests = new RequestLog(10_000);
    private Reconciler reconciler;

    @BeforeEach
    void start() {
        fixture = new EngineFixture(repo);
        reconciler = fixture.start(Faults.of(fixture.kube).target(fixture.target(), requests), MANUAL);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static String settings(String extra) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n" + (extra.isEmpty() ? ""
                : "  annotations: {team: shop}\n") + "data:\n  greeting: hello\n" + extra;
    }

    private static String web(boolean minReadySeconds) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 1
                %s  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}%s}
                    spec:
                      containers: [{name: web, image: "nginx:1.27"}]
                """.formatted(minReadySeconds ? "  minReadySeconds: 5\n" : "",
                minReadySeconds ? ", annotations: {team: shop}" : "");
    }

    @Test
    @DisplayName("DA-16 a field the application applied before and no longer declares is planned as an update and "
            + "removed by the apply; the pass after is a no-op")
    void aFieldNoLongerDeclaredIsRemoved() throws Exception {
        fixture.write("settings.yaml", settings("  farewell: bye\n"));
        fixture.write("web.yaml", web(true));
        assertThat(reconcile(reconciler).outcome()).isEqualTo(Outcome.SYNCED);
        fixture.write("settings.yaml", settings(""));
        fixture.write("web.yaml", web(false));

        ReconcileResult removed = reconcile(reconciler);

        assertThat(removed.outcome()).as("%s", removed.error()).isEqualTo(Outcome.SYNCED);
        assertThat(removed.changes().find(SETTINGS).orElseThrow()).satisfies(c -> {
            assertThat(c.action()).isEqualTo(Action.UPDATE);
            assertThat(c.diff()).extracting(Object::toString).containsExactlyInAnyOrder(
                    ".data.farewell: \"bye\" → <absent>", ".metadata.annotations.team: \"shop\" → <absent>");
        });
        assertThat(removed.changes().find(WEB).orElseThrow()).satisfies(c -> {
            assertThat(c.action()).isEqualTo(Action.UPDATE);
            assertThat(c.diff()).extracting(Object::toString).containsExactlyInAnyOrder(
                    ".spec.minReadySeconds: 5 → <absent>",
                    ".spec.template.metadata.annotations.team: \"shop\" → <absent>");
        });
        assertThat(removed.object(SETTINGS).orElseThrow().outcome()).isEqualTo(ObjectOutcome.CONFIGURED);
        Map<String, Object> live = fixture.kube.get(fixture.kube.type("", "v1", "configmaps"), "shop", "settings");
        assertThat(live.get("data")).isEqualTo(Map.of("greeting", "hello"));
        Map<String, Object> deployment = fixture.kube.get(fixture.kube.type("apps", "v1", "deployments"), "shop",
                "web");
        assertThat(((Map<?, ?>) deployment.get("spec")).containsKey("minReadySeconds")).isFalse();
        assertThat(deployment.toString()).doesNotContain("team");

        requests.clear();
        ReconcileResult again = reconcile(reconciler);

        assertThat(again.changes().changes()).allSatisfy(c -> assertThat(c.action()).as("%s %s", c.key(), c.diff())
                .isEqualTo(Action.UNCHANGED));
        assertThat(requests.writes()).isEmpty();
    }

    @Test
    @DisplayName("DA-10 a no-op pass reads each object once through the view, the inventory once, and writes nothing")
    void aNoOpPassReadsEachObjectOnce() throws Exception {
        for (int i = 0; i < 20; i++) {
            fixture.write("cm-" + i + ".yaml", EngineFixture.configMap("cm-" + i, "v"));
        }
        assertThat(reconcile(reconciler).outcome()).isEqualTo(Outcome.SYNCED);
        requests.clear();

        ReconcileResult noop = reconcile(reconciler);

        assertThat(noop.counts()).containsEntry(ObjectOutcome.UNCHANGED, 20);
        assertThat(noop.writes()).isZero();
        assertThat(requests.writes()).isEmpty();
        assertThat(requests.records(r -> r.verb().equals("get") && r.path().contains("/configmaps/"))).hasSize(20);
        assertThat(requests.records(r -> r.path().equals("inventory/" + EngineFixture.APP))).hasSize(1);
        assertThat(requests.total()).isEqualTo(21);
    }
}
