package io.gitops4j.testkit.kube;

import static io.gitops4j.testkit.kube.Trees.at;
import static io.gitops4j.testkit.kube.Trees.str;
import static io.gitops4j.testkit.kube.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.testkit.FakeKube;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeKubePatchTest {

    private final FakeKube kube = FakeKube.create();
    private final ResourceType configMaps = kube.type("", "v1", "configmaps");
    private String createdVersion;

    @BeforeEach
    void seed() {
        createdVersion = str(kube.create(configMaps, "default", yaml("metadata: {name: x, labels: {a: '1'}}\n"
                + "data: {k1: v1, k2: v2}"), WriteOptions.defaults()).object(), "metadata.resourceVersion");
    }

    @Test
    void mergePatchSetsAndDeletesKeys() {
        WriteResult r = kube.patch(configMaps, "default", "x", PatchType.MERGE,
                "{\"data\":{\"k1\":null,\"k3\":\"v3\"},\"metadata\":{\"labels\":{\"b\":\"2\"}}}",
                WriteOptions.defaults());
        assertThat(r.created()).isFalse();
        assertThat(at(r.object(), "data")).isEqualTo(Map.of("k2", "v2", "k3", "v3"));
        assertThat(at(r.object(), "metadata.labels")).isEqualTo(Map.of("a", "1", "b", "2"));
    }

    @Test
    void jsonPatchAppliesOperationsInOrder() {
        Map<String, Object> o = kube.patch(configMaps, "default", "x", PatchType.JSON,
                "[{\"op\":\"test\",\"path\":\"/data/k1\",\"value\":\"v1\"},"
                        + "{\"op\":\"replace\",\"path\":\"/data/k1\",\"value\":\"new\"},"
                        + "{\"op\":\"remove\",\"path\":\"/data/k2\"}]", WriteOptions.defaults()).object();
        assertThat(at(o, "data")).isEqualTo(Map.of("k1", "new"));
    }

    @Test
    void failedJsonPatchTestIsInvalidAndChangesNothing() {
        String before = kube.resourceVersion();
        assertThatThrownBy(() -> kube.patch(configMaps, "default", "x", PatchType.JSON,
                "[{\"op\":\"test\",\"path\":\"/data/k1\",\"value\":\"other\"},"
                        + "{\"op\":\"replace\",\"path\":\"/data/k1\",\"value\":\"new\"}]", WriteOptions.defaults()))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.reason()).isEqualTo("Invalid");
                    assertThat(e.getMessage()).isEqualTo(
                            "the server rejected our request due to an error in our request");
                });
        assertThat(kube.resourceVersion()).isEqualTo(before);
        assertThat(str(kube.get(configMaps, "default", "x"), "data.k1")).isEqualTo("v1");
    }

    @Test
    void jsonPatchTestOnResourceVersionIsAnOptimisticLock() {
        String ok = "[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\",\"value\":\"" + createdVersion + "\"},"
                + "{\"op\":\"add\",\"path\":\"/data/k9\",\"value\":\"v9\"}]";
        kube.patch(configMaps, "default", "x", PatchType.JSON, ok, WriteOptions.defaults());
        assertThatThrownBy(() -> kube.patch(configMaps, "default", "x", PatchType.JSON, ok, WriteOptions.defaults()))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> assertThat(e.code()).isEqualTo(422));
    }

    @Test
    void mergePatchWithStaleResourceVersionIsConflict() {
        kube.patch(configMaps, "default", "x", PatchType.MERGE, "{\"data\":{\"k1\":\"z\"}}", WriteOptions.defaults());
        assertThatThrownBy(() -> kube.patch(configMaps, "default", "x", PatchType.MERGE,
                "{\"metadata\":{\"resourceVersion\":\"" + createdVersion + "\"},\"data\":{\"k1\":\"y\"}}",
                WriteOptions.defaults()))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> assertThat(e.code()).isEqualTo(409));
    }

    @Test
    void noOpPatchKeepsResourceVersion() {
        String before = kube.resourceVersion();
        Map<String, Object> o = kube.patch(configMaps, "default", "x", PatchType.MERGE,
                "{\"data\":{\"k1\":\"v1\"}}", WriteOptions.defaults()).object();
        assertThat(kube.resourceVersion()).isEqualTo(before);
        assertThat(str(o, "metadata.resourceVersion")).isEqualTo(createdVersion);
    }

    @Test
    void patchOfMissingObjectIsNotFound() {
        assertThatThrownBy(() -> kube.patch(configMaps, "default", "nope", PatchType.MERGE, "{}",
                WriteOptions.defaults())).hasMessage("configmaps \"nope\" not found");
    }

    @Test
    void malformedPatchIsBadRequest() {
        assertThatThrownBy(() -> kube.patch(configMaps, "default", "x", PatchType.MERGE, "{not json",
                WriteOptions.defaults()))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> assertThat(e.code()).isEqualTo(400));
        assertThatThrownBy(() -> kube.patch(configMaps, "default", "x", PatchType.JSON, "{\"op\":\"add\"}",
                WriteOptions.defaults()))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> assertThat(e.code()).isEqualTo(400));
    }

    @Test
    void forceOnNonApplyPatchIsInvalid() {
        assertThatThrownBy(() -> kube.patch(configMaps, "default", "x", PatchType.MERGE, "{}",
                WriteOptions.defaults().withForce(true)))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage()).isEqualTo("PatchOptions.meta.k8s.io \"\" is invalid: force: "
                            + "Forbidden: may not be specified for non-apply patch");
                });
    }

    @Test
    void strategicMergePatchMergesContainersByName() {
        ResourceType deployments = kube.type("apps", "v1", "deployments");
        kube.create(deployments, "default", yaml("""
                metadata: {name: web}
                spec:
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                      - {name: app, image: app:1}
                      - {name: sidecar, image: proxy:1}
                """), WriteOptions.defaults());
        Map<String, Object> o = kube.patch(deployments, "default", "web", PatchType.STRATEGIC,
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"app:2\"}]}}}}",
                WriteOptions.defaults()).object();
        List<?> containers = (List<?>) at(o, "spec.template.spec.containers");
        assertThat(containers).hasSize(2);
        assertThat(str(o, "spec.template.spec.containers.0.image")).isEqualTo("app:2");
        assertThat(str(o, "spec.template.spec.containers.1.image")).isEqualTo("proxy:1");
    }

    @Test
    void strategicMergePatchOnCustomResourceIsUnsupportedMediaType() {
        FakeKubeCrdTest.createWidgetCrd(kube);
        ResourceType widgets = kube.type("example.com", "v1", "widgets");
        kube.create(widgets, "default", yaml("metadata: {name: w}\nspec: {size: 1}"), WriteOptions.defaults());
        assertThatThrownBy(() -> kube.patch(widgets, "default", "w", PatchType.STRATEGIC, "{\"spec\":{\"size\":2}}",
                WriteOptions.defaults()))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> {
                    assertThat(e.code()).isEqualTo(415);
                    assertThat(e.reason()).isEqualTo("UnsupportedMediaType");
                });
    }

    @Test
    void patchTypeFromContentType() {
        assertThat(PatchType.fromContentType("application/apply-patch+yaml; charset=utf-8"))
                .contains(PatchType.APPLY);
        assertThat(PatchType.fromContentType("application/json")).isEmpty();
    }
}
