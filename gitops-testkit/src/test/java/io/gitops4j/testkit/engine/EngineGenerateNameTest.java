package io.gitops4j.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.ObjectReport;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.testkit.kube.PatchType;
import io.gitops4j.testkit.kube.WriteOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Objects of the desired state with {@code metadata.generateName} and no name: created (a POST), never applied,
 * known afterwards by the name the server gave them (DA-19).
 */
class EngineGenerateNameTest {
    private static final SyncPolicy MANUAL = SyncPolicy.manual().withInterval(Duration.ofHours(1));

    @TempDir
    Path repo;

    private EngineFixture fixture;

    @BeforeEach
    void start() {
        fixture = new EngineFixture(repo);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static String generated(String value) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: run-\ndata:\n  value: \"" + value
                + "\"\n";
    }

    private static List<String> generatedNames(ReconcileResult result) {
        return result.objects().stream().map(ObjectReport::key).filter(k -> k.name().startsWith("run-"))
                .map(k -> k.name()).toList();
    }

    @Test
    @DisplayName("DA-19 an object with generateName is created once under the name the server gives, recorded in the "
            + "inventory by that name, and a second pass leaves it alone")
    void da19AGeneratedObjectIsCreatedOnceAndKnownByItsName() throws Exception {
        Reconciler reconciler = fixture.start(MANUAL);
        fixture.write("run.yaml", generated("1"));

        ReconcileResult first = EngineFixture.reconcile(reconciler);

        assertThat(first.outcome()).as("%s", first.error()).isEqualTo(Outcome.SYNCED);
        String name = generatedNames(first).get(0);
        assertThat(name).hasSize("run-".length() + 5);
        assertThat(first.object(io.gitops4j.api.resource.ResourceKey.of("v1", "ConfigMap", "shop", name))
                .orElseThrow().outcome()).isEqualTo(ObjectOutcome.CREATED);
        assertThat(fixture.commits()).containsExactly("ADDED ConfigMap shop/" + name);
        assertThat(fixture.inventory().entries().keySet()).extracting(ObjectId::name).contains(name);
        fixture.clearCommits();

        ReconcileResult second = EngineFixture.reconcile(reconciler);

        assertThat(second.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(second.writes()).isZero();
        assertThat(fixture.commits()).isEmpty();
    }

    @Test
    @DisplayName("DA-19 a generated object is never applied: an edit of it in the cluster is left as it is; when its "
            + "content changes in Git a new one is created and the old one pruned")
    void da19AGeneratedObjectIsNeverApplied() throws Exception {
        Reconciler reconciler = fixture.start(MANUAL);
        fixture.write("run.yaml", generated("1"));
        for (int i = 0; i < 4; i++) {   // so that pruning one object is no mass prune (PR-03)
            fixture.write("cm-" + i + ".yaml", EngineFixture.configMap("cm-" + i, "1"));
        }
        String name = generatedNames(EngineFixture.reconcile(reconciler)).get(0);
        fixture.kube.patch(fixture.kube.type("", "v1", "configmaps"), "shop", name, PatchType.MERGE,
                "{\"data\":{\"value\":\"edited\"}}", WriteOptions.defaults().withFieldManager("kubectl-edit"));
        fixture.clearCommits();

        ReconcileResult afterEdit = EngineFixture.reconcile(reconciler);

        assertThat(afterEdit.outcome()).as("%s", afterEdit.error()).isEqualTo(Outcome.SYNCED);
        assertThat(afterEdit.object(io.gitops4j.api.resource.ResourceKey.of("v1", "ConfigMap", "shop", name))
                .orElseThrow().planned().reason()).startsWith("created from generateName, never applied");
        assertThat(fixture.commits()).isEmpty();

        fixture.write("run.yaml", generated("2"));
        fixture.clearCommits();
        ReconcileResult changed = EngineFixture.reconcile(reconciler);

        assertThat(changed.outcome()).as("%s", changed.error()).isEqualTo(Outcome.SYNCED);
        List<String> names = generatedNames(changed);
        String fresh = names.stream().filter(n -> !n.equals(name)).findFirst().orElseThrow();
        assertThat(fixture.commits()).containsExactly("ADDED ConfigMap shop/" + fresh,
                "DELETED ConfigMap shop/" + name);
        assertThat(fixture.commits()).noneMatch(c -> c.startsWith("MODIFIED"));
    }
}
