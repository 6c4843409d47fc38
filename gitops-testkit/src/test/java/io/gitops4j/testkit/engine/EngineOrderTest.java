package io.gitops4j.testkit.engine;

import static io.gitops4j.testkit.engine.EngineFixture.reconcile;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Outcome;
import io.gitops4j.api.PruneGuard;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order of writes as the fake commits them: applies by stage (CRDs and Namespaces, then configuration, then
 * built-in workloads, then custom resources; DA-07), prunes the other way round (PR-08). The files are named so that
 * the render lists the objects in the opposite order, so the engine has to reorder them.
 */
class EngineOrderTest {
    static final String WIDGET_CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            spec:
              group: example.com
              scope: Namespaced
              names: {plural: widgets, singular: widget, kind: Widget}
              versions:
              - name: v1
                served: true
                storage: true
                schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
            """;

    /** File name → manifest; names sort custom resources first and CRDs last. */
    private static final String[][] FILES = {
        {"1-widget.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 3}\n"},
        {"2-service.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n"},
        {"3-deployment.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: web, image: "nginx:1.27"}]}
                """},
        {"4-configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: \"1\"}\n"},
        {"5-account.yaml", "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: web}\n"},
        {"6-namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: extra}\n"},
        {"7-crd.yaml", WIDGET_CRD},
    };
    private static final List<List<String>> STAGES = List.of(
            List.of("CustomResourceDefinition widgets.example.com", "Namespace extra"),
            List.of("ConfigMap shop/settings", "ServiceAccount shop/web"),
            List.of("Deployment shop/web", "Service shop/web"),
            List.of("Widget shop/w"));

    @TempDir
    Path repo;

    private EngineFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new EngineFixture(repo);
        for (String[] file : FILES) {
            fixture.write(file[0], file[1]);
        }
        fixture.write("0-kept.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: kept}\n");
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** The objects of {@code commits} with this change type, in commit order, as {@code "Kind ns/name"}. */
    private static List<String> objects(List<String> commits, String type) {
        return commits.stream().filter(c -> c.startsWith(type + " ")).map(c -> c.substring(type.length() + 1))
                .filter(o -> !o.equals("ConfigMap shop/kept")).toList();
    }

    /** Asserts that every object of an earlier group comes before every object of a later group in {@code order}. */
    private static void assertGroupsInOrder(List<String> order, List<List<String>> groups) {
        assertThat(order).containsExactlyInAnyOrderElementsOf(groups.stream().flatMap(List::stream).toList());
        for (int i = 0; i < groups.size(); i++) {
            for (int j = i + 1; j < groups.size(); j++) {
                for (String earlier : groups.get(i)) {
                    for (String later : groups.get(j)) {
                        assertThat(order.indexOf(earlier)).as("%s before %s in %s", earlier, later, order)
                                .isLessThan(order.indexOf(later));
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("DA-07 PR-08 applies run CRDs and Namespaces first and custom resources last; prunes run the other way round")
    void appliesByStageAndPrunesInReverse() throws Exception {
        Reconciler reconciler = fixture.start(SyncPolicy.manual().withInterval(Duration.ofHours(1))
                .withPruneGuard(PruneGuard.unlimited()));

        ReconcileResult created = reconcile(reconciler);

        assertThat(created.outcome()).as("%s", created.error()).isEqualTo(Outcome.SYNCED);
        assertGroupsInOrder(objects(fixture.commits(), "ADDED"), STAGES);

        for (String[] file : FILES) {
            fixture.delete(file[0]);
        }
        fixture.clearCommits();
        ReconcileResult pruned = reconcile(reconciler);

        assertThat(pruned.outcome()).as("%s", pruned.error()).isEqualTo(Outcome.SYNCED);
        List<List<String>> reversed = new ArrayList<>(STAGES);
        Collections.reverse(reversed);
        assertGroupsInOrder(objects(fixture.commits(), "DELETED"), reversed);
    }
}
