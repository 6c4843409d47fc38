package io.gitops4j.testkit.kube;

import static io.gitops4j.testkit.kube.Trees.at;
import static io.gitops4j.testkit.kube.Trees.str;
import static io.gitops4j.testkit.kube.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.testkit.FakeKube;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FakeKubeApplyTest {

    private final FakeKube kube = FakeKube.create();
    private final ResourceType configMaps = kube.type("", "v1", "configmaps");

    private WriteResult apply(String manager, String yamlBody, boolean force) {
        return kube.patch(configMaps, "default", "x", PatchType.APPLY, yamlBody,
                WriteOptions.apply(manager).withForce(force));
    }

    private static String cm(String data) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n" + data;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> managed(Map<String, Object> o) {
        return (List<Map<String, Object>>) at(o, "metadata.managedFields");
    }

    @Test
    void applyCreatesWith201AndRecordsTheManager() {
        WriteResult r = apply("gitops", cm("  a: '1'\n"), false);
        assertThat(r.created()).isTrue();
        assertThat(r.httpStatus()).isEqualTo(201);
        List<Map<String, Object>> entries = managed(r.object());
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0)).containsEntry("manager", "gitops").containsEntry("operation", "Apply")
                .containsEntry("apiVersion", "v1").containsEntry("fieldsType", "FieldsV1");
        assertThat(entries.get(0).get("fieldsV1")).isEqualTo(Map.of("f:data", Map.of("f:a", Map.of())));
    }

    @Test
    void aJsonApplyBodyMeansWhatTheSameYamlMeans() {
        Map<String, Object> fromYaml = apply("gitops", cm("  a: '1'\n  b: \"yes\"\n"), false).object();
        String before = kube.resourceVersion();
        WriteResult fromJson = apply("gitops", "  {\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":"
                + "{\"name\":\"x\"},\"data\":{\"a\":\"1\",\"b\":\"yes\"}}", false);
        assertThat(kube.resourceVersion()).as("the same configuration: no write").isEqualTo(before);
        assertThat(fromJson.object()).isEqualTo(fromYaml);
        // flow-style YAML that is not JSON (unquoted keys) still reads as YAML
        WriteResult flow = apply("gitops", "{apiVersion: v1, kind: ConfigMap, metadata: {name: x}, data: {a: '2'}}",
                false);
        assertThat(at(flow.object(), "data")).isEqualTo(Map.of("a", "2"));
    }

    @Test
    void reapplyingTheSameConfigChangesNothing() {
        apply("gitops", cm("  a: '1'\n"), false);
        String before = kube.resourceVersion();
        WriteResult again = apply("gitops", cm("  a: '1'\n"), false);
        assertThat(again.created()).isFalse();
        assertThat(kube.resourceVersion()).isEqualTo(before);
    }

    @Test
    void fieldsAManagerStopsApplyingAreRemoved() {
        apply("gitops", cm("  a: '1'\n  b: '2'\n"), false);
        Map<String, Object> o = apply("gitops", cm("  a: '1'\n"), false).object();
        assertThat(at(o, "data")).isEqualTo(Map.of("a", "1"));
    }

    @Test
    void conflictingApplyFailsWithTheRealMessageAndCauses() {
        apply("one", cm("  a: '1'\n"), false);
        assertThatThrownBy(() -> apply("two", cm("  a: '2'\n"), false))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> {
                    assertThat(e.code()).isEqualTo(409);
                    assertThat(e.reason()).isEqualTo("Conflict");
                    assertThat(e.getMessage()).isEqualTo(
                            "Apply failed with 1 conflict: conflict with \"one\": .data.a");
                    Map<String, Object> details = (Map<String, Object>) e.status().get("details");
                    assertThat(details.get("causes")).isEqualTo(List.of(Map.of("reason",
                            "FieldManagerConflict", "message", "conflict with \"one\"", "field", ".data.a")));
                });
        assertThat(str(kube.get(configMaps, "default", "x"), "data.a")).isEqualTo("1");
    }

    @Test
    void forceTakesOwnership() {
        apply("one", cm("  a: '1'\n  b: '1'\n"), false);
        Map<String, Object> o = apply("two", cm("  a: '2'\n"), true).object();
        assertThat(at(o, "data")).isEqualTo(Map.of("a", "2", "b", "1"));
        List<Map<String, Object>> entries = managed(o);
        assertThat(entries).extracting(m -> m.get("manager")).containsExactlyInAnyOrder("one", "two");
        Map<String, Object> one = entries.stream().filter(m -> m.get("manager").equals("one")).findFirst()
                .orElseThrow();
        assertThat(one.get("fieldsV1")).isEqualTo(Map.of("f:data", Map.of("f:b", Map.of())));
    }

    @Test
    void equalValuesAreSharedWithoutConflict() {
        apply("one", cm("  a: '1'\n"), false);
        Map<String, Object> o = apply("two", cm("  a: '1'\n"), false).object();
        assertThat(managed(o)).hasSize(2);
    }

    @Test
    void applyWithoutFieldManagerIsInvalid() {
        assertThatThrownBy(() -> kube.patch(configMaps, "default", "x", PatchType.APPLY, cm("  a: '1'\n"),
                WriteOptions.defaults()))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage()).isEqualTo("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: "
                            + "Required value: is required for apply patch");
                });
    }

    @Test
    void applyWithoutKindIsBadRequest() {
        assertThatThrownBy(() -> kube.patch(configMaps, "default", "x", PatchType.APPLY,
                "metadata: {name: x}\ndata: {a: '1'}", WriteOptions.apply("m")))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> assertThat(e.code()).isEqualTo(400));
    }

    @Test
    void updatesRecordUpdateEntriesAndTakeOwnership() {
        apply("gitops", cm("  a: '1'\n"), false);
        Map<String, Object> o = kube.patch(configMaps, "default", "x", PatchType.MERGE,
                "{\"data\":{\"a\":\"hand-edited\"}}", WriteOptions.defaults().withUserAgent("kubectl/v1.33.1 (linux)"))
                .object();
        Map<String, Object> update = managed(o).stream().filter(m -> m.get("operation").equals("Update"))
                .findFirst().orElseThrow();
        assertThat(update.get("manager")).isEqualTo("kubectl");
        assertThat(update.get("fieldsV1")).isEqualTo(Map.of("f:data", Map.of("f:a", Map.of())));
        assertThatThrownBy(() -> apply("gitops", cm("  a: '2'\n"), false))
                .hasMessageContaining("conflict with \"kubectl\" using v1");
    }

    @Test
    void createByUpdateOwnsTheNewMapWithItsDotMarker() {
        Map<String, Object> o = kube.create(configMaps, "default", Trees.yaml("metadata: {name: y}\ndata: {a: '1'}"),
                WriteOptions.defaults().withFieldManager("kubectl-create")).object();
        List<Map<String, Object>> entries = managed(o);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0)).containsEntry("manager", "kubectl-create").containsEntry("operation", "Update");
        assertThat(entries.get(0).get("fieldsV1")).isEqualTo(Map.of("f:data", Map.of(".", Map.of(), "f:a",
                Map.of())));
    }

    @Test
    void emptyManagedFieldsEntryResetsOwnership() {
        apply("gitops", cm("  a: '1'\n"), false);
        Map<String, Object> o = kube.patch(configMaps, "default", "x", PatchType.MERGE,
                "{\"metadata\":{\"managedFields\":[{}]}}", WriteOptions.defaults()).object();
        assertThat(at(o, "metadata.managedFields")).isNull();
    }

    @Test
    void applyToStatusOnlyChangesStatus() {
        ResourceType deployments = kube.type("apps", "v1", "deployments");
        String body = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: app, image: app:1}]}
                status: {replicas: 7}
                """;
        Map<String, Object> created = kube.patch(deployments, "default", "web", PatchType.APPLY, body,
                WriteOptions.apply("gitops")).object();
        assertThat(at(created, "status")).isEqualTo(Map.of());
        Map<String, Object> status = kube.patch(deployments, "default", "web", "status", PatchType.APPLY,
                "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nstatus: {replicas: 3}",
                WriteOptions.apply("controller")).object();
        assertThat(at(status, "status.replicas")).isEqualTo(3L);
        assertThat(at(status, "metadata.generation")).isEqualTo(1L);
        assertThat(managed(status)).anySatisfy(m -> assertThat(m).containsEntry("manager", "controller")
                .containsEntry("subresource", "status"));
    }
}
