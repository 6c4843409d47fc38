package io.gitops4j.testkit.engine;

import static io.gitops4j.testkit.engine.EngineFixture.APP;
import static io.gitops4j.testkit.engine.EngineFixture.configMap;
import static io.gitops4j.testkit.engine.EngineFixture.reconcile;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.source.Revision;
import io.gitops4j.core.plan.format.PlanJson;
import io.gitops4j.core.plan.format.PlanText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan computed through the public API ({@code Reconciler.plan}) on {@code FakeKube.asTarget()}, shown as text and
 * as JSON: every action, field diffs with Secret values redacted, the guards' verdicts and a summary.
 */
class PlanFormatTest {
    private static final String CANARY = "CANARY-SECRET-";
    private static final SyncPolicy MANUAL = SyncPolicy.manual().withInterval(Duration.ofHours(1));

    @TempDir
    Path repo;

    private EngineFixture fixture;
    private Plan plan;

    private static String secret(String password) {
        return "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: " + password + "\n";
    }

    /** Six objects synced, then: a changed, d and e removed (2 of 6: held), f added, the Secret's value changed. */
    @BeforeEach
    void planAChangeOfEveryKind() throws Exception {
        fixture = new EngineFixture(repo);
        for (String name : List.of("a", "b", "c", "d", "e")) {
            fixture.write(name + ".yaml", configMap(name, "1"));
        }
        fixture.write("db.yaml", secret(CANARY + "1"));
        Reconciler reconciler = fixture.start(MANUAL);
        assertThat(reconcile(reconciler).outcome()).isEqualTo(Outcome.SYNCED);
        fixture.write("a.yaml", configMap("a", "2"));
        fixture.delete("d.yaml");
        fixture.delete("e.yaml");
        fixture.write("f.yaml", configMap("f", "1"));
        fixture.write("db.yaml", secret(CANARY + "2"));

        plan = reconciler.plan(APP, Revision.ref("refs/heads/local"));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    @DisplayName("RD-18 a plan as text lists every object with its action and reason, field diffs with Secret values redacted, the verdicts and a summary")
    void planAsText() {
        String text = PlanText.of(plan);

        String expected = """
                Plan ID for app at REVISION

                  ~ update     ConfigMap shop/a (1 field differs)
                        .data.value: "1" → "2"
                  = unchanged  ConfigMap shop/b (in sync)
                  = unchanged  ConfigMap shop/c (in sync)
                  ~ update     Secret shop/db (1 field differs)
                        .data.password: <redacted sha256:H> → <redacted sha256:H>
                  + create     ConfigMap shop/f (not in cluster)
                  ! skip       ConfigMap shop/d (prune held until confirmed (prune-blast-radius))
                  ! skip       ConfigMap shop/e (prune held until confirmed (prune-blast-radius))

                Guards:
                  empty-render        ALLOW       5 desired objects
                  prune-blast-radius  HOLD_PRUNE  prune of 2 of 6 owned objects (over 25 %) held until confirmed

                Plan: 1 to create, 2 to update, 0 to prune, 2 unchanged, 2 skipped.
                Prunes held until confirmed: 2 (applying this plan confirms them, for this plan only).
                """;
        assertThat(text.replace(plan.id(), "ID").replace(plan.revision().toString(), "REVISION")
                .replaceAll("sha256:[0-9a-f]{12}", "sha256:H")).isEqualTo(expected);
        assertThat(text).doesNotContain(CANARY);
    }

    @Test
    @DisplayName("RD-18 a plan as JSON has the documented gitops4j.plan/v1 shape, the live UIDs and resourceVersions, and no Secret value")
    void planAsJson() throws Exception {
        String json = PlanJson.of(plan);
        JsonNode root = new ObjectMapper().readTree(json);

        List<String> members = new ArrayList<>();
        root.fieldNames().forEachRemaining(members::add);
        assertThat(members).containsExactly("format", "id", "application", "revision", "summary", "blocked",
                "pruneHeld", "inSync", "changes", "verdicts");
        assertThat(root.get("format").asText()).isEqualTo("gitops4j.plan/v1");
        assertThat(root.get("id").asText()).isEqualTo(plan.id()).hasSize(16);
        assertThat(root.get("revision").get("commit").asText()).isEqualTo(plan.revision().id());
        assertThat(root.get("summary").toString()).isEqualTo(
                "{\"CREATE\":1,\"UPDATE\":2,\"UNCHANGED\":2,\"PRUNE\":0,\"SKIP\":2,\"HELD_PRUNE\":2}");
        assertThat(root.get("pruneHeld").asBoolean()).isTrue();
        assertThat(root.get("blocked").asBoolean()).isFalse();
        assertThat(root.get("changes")).hasSize(7);

        JsonNode a = root.get("changes").get(0);
        assertThat(a.get("object").toString()).isEqualTo(
                "{\"group\":\"\",\"version\":\"v1\",\"kind\":\"ConfigMap\",\"namespace\":\"shop\",\"name\":\"a\"}");
        assertThat(a.get("action").asText()).isEqualTo("UPDATE");
        assertThat(a.get("live").get("uid").asText()).isEqualTo(plan.live().get(key("a")).uid()).isNotEmpty();
        assertThat(a.get("live").get("resourceVersion").asText())
                .isEqualTo(plan.live().get(key("a")).resourceVersion()).isNotEmpty();
        assertThat(a.get("diff").toString()).isEqualTo(
                "[{\"path\":\".data.value\",\"before\":\"\\\"1\\\"\",\"after\":\"\\\"2\\\"\"}]");
        JsonNode f = root.get("changes").get(4);
        assertThat(f.get("action").asText()).isEqualTo("CREATE");
        assertThat(f.get("live").isNull()).isTrue();
        JsonNode d = root.get("changes").get(5);
        assertThat(d.get("action").asText()).isEqualTo("SKIP");
        assertThat(d.get("heldPrune").asBoolean()).isTrue();
        assertThat(root.get("verdicts").get(1).get("decision").asText()).isEqualTo("HOLD_PRUNE");
        assertThat(root.get("changes").get(3).get("diff").get(0).get("after").asText()).startsWith("<redacted sha256:");
        assertThat(json).doesNotContain(CANARY).doesNotContain("Q0FOQVJZ"); // nor its base64
    }

    private static io.gitops4j.api.resource.ObjectId key(String name) {
        return io.gitops4j.api.resource.ResourceKey.of("v1", "ConfigMap", "shop", name).id();
    }
}
