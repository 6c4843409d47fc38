package io.gitops4j.testkit.kube;

import static io.gitops4j.testkit.kube.Trees.str;
import static io.gitops4j.testkit.kube.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.testkit.FakeKube;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** dryRun=All on every write: full validation and result, nothing stored, no resourceVersion bump. */
class FakeKubeDryRunTest {

    private final FakeKube kube = FakeKube.create();
    private final ResourceType configMaps = kube.type("", "v1", "configmaps");
    private final WriteOptions dry = WriteOptions.defaults().withDryRun(true);
    private Map<String, Object> stored;
    private String version;

    @BeforeEach
    void seed() {
        stored = kube.create(configMaps, "default", yaml("metadata: {name: x}\ndata: {a: '1'}"),
                WriteOptions.defaults()).object();
        version = kube.resourceVersion();
    }

    private void assertNoTrace() {
        assertThat(kube.resourceVersion()).isEqualTo(version);
        assertThat(kube.get(configMaps, "default", "x")).isEqualTo(stored);
        assertThat(kube.list(configMaps, "", ListOptions.defaults()).items()).hasSize(1);
    }

    @Test
    void create() {
        WriteResult r = kube.create(configMaps, "default", yaml("metadata: {name: y}"), dry);
        assertThat(r.created()).isTrue();
        assertThat(str(r.object(), "metadata.uid")).isNotNull();
        assertThat(str(r.object(), "metadata.resourceVersion")).isNull();
        assertNoTrace();
    }

    @Test
    void createStillValidates() {
        assertThatThrownBy(() -> kube.create(configMaps, "default", yaml("metadata: {name: Bad_Name}"), dry))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> assertThat(e.code()).isEqualTo(422));
        assertThatThrownBy(() -> kube.create(configMaps, "default", yaml("metadata: {name: x}"), dry))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> assertThat(e.code()).isEqualTo(409));
        assertNoTrace();
    }

    @Test
    void update() {
        WriteResult r = kube.update(configMaps, "default", "x", yaml("metadata: {name: x}\ndata: {a: '2'}"), dry);
        assertThat(str(r.object(), "data.a")).isEqualTo("2");
        assertNoTrace();
    }

    @Test
    void patchOfEachType() {
        assertThat(str(kube.patch(configMaps, "default", "x", PatchType.MERGE, "{\"data\":{\"a\":\"3\"}}", dry)
                .object(), "data.a")).isEqualTo("3");
        assertThat(str(kube.patch(configMaps, "default", "x", PatchType.JSON,
                "[{\"op\":\"replace\",\"path\":\"/data/a\",\"value\":\"4\"}]", dry).object(), "data.a")).isEqualTo("4");
        assertThat(str(kube.patch(configMaps, "default", "x", PatchType.STRATEGIC, "{\"data\":{\"a\":\"5\"}}", dry)
                .object(), "data.a")).isEqualTo("5");
        assertThat(str(kube.patch(configMaps, "default", "x", PatchType.APPLY,
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: '6'}",
                dry.withFieldManager("m").withForce(true)).object(), "data.a")).isEqualTo("6");
        assertNoTrace();
    }

    @Test
    void applyThatWouldCreate() {
        WriteResult r = kube.patch(configMaps, "default", "new", PatchType.APPLY,
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: new}", dry.withFieldManager("m"));
        assertThat(r.created()).isTrue();
        assertNoTrace();
    }

    @Test
    void delete() {
        DeleteResult r = kube.delete(configMaps, "default", "x", DeleteOptions.defaults().withDryRun(true));
        assertThat(r.removed()).isFalse();
        assertThat(r.body()).containsEntry("status", "Success");
        assertNoTrace();
    }

    @Test
    void deleteCollectionAndNamespace() {
        kube.deleteCollection(configMaps, "", ListOptions.defaults(), DeleteOptions.defaults().withDryRun(true));
        DeleteResult ns = kube.delete(kube.type("", "v1", "namespaces"), "", "default",
                DeleteOptions.defaults().withDryRun(true));
        assertThat(str(ns.body(), "metadata.deletionTimestamp")).isNotNull();
        assertNoTrace();
        assertThat(str(kube.get(kube.type("", "v1", "namespaces"), "", "default"), "status.phase"))
                .isEqualTo("Active");
    }

    @Test
    void writeOptionsFromQuery() {
        assertThat(WriteOptions.fromQuery(Map.of("dryRun", "All", "fieldManager", "m", "force", "true"), "ua/1")
                .dryRun()).isTrue();
        assertThatThrownBy(() -> WriteOptions.fromQuery(Map.of("dryRun", "Some"), ""))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> assertThat(e.code()).isEqualTo(400));
        assertThat(WriteOptions.defaults().withUserAgent("kubectl/v1.33.1 (linux/amd64)").effectiveManager())
                .isEqualTo("kubectl");
    }
}
