package io.gitops4j.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.kube.ListOptions;
import io.gitops4j.testkit.kube.ResourceType;
import io.gitops4j.testkit.kube.WriteOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Answers written from the memoised JSON of stored objects are byte for byte what plain serialisation gives. */
class AnswerJsonTest {
    private static final ObjectMapper PLAIN = new ObjectMapper();

    private final FakeKube kube = FakeKube.create();
    private final ResourceType configMaps = kube.type("", "v1", "configmaps");

    private Map<String, Object> configMap(String name, String value) {
        Map<String, Object> meta = new LinkedHashMap<>(Map.of("name", name, "labels", Map.of("app", "x")));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("apiVersion", "v1");
        body.put("kind", "ConfigMap");
        body.put("metadata", meta);
        body.put("data", Map.of("value", value));
        return body;
    }

    /** Plain Jackson over a deep copy of the answer (what the server wrote before the memo). */
    private static String plain(Object answer) throws Exception {
        return PLAIN.writeValueAsString(PLAIN.readValue(PLAIN.writeValueAsBytes(answer), Object.class));
    }

    @Test
    @DisplayName("get, list and write answers equal plain serialisation, managedFields included")
    void sameBytesAsPlain() throws Exception {
        Map<String, Object> created = kube.create(configMaps, "default", configMap("a", "1"),
                WriteOptions.defaults().withFieldManager("me")).object();
        String fromWrite = AnswerJson.MAPPER.writeValueAsString(created);
        assertThat(fromWrite).isEqualTo(plain(created)).contains("\"managedFields\"").contains("\"manager\":\"me\"");

        Map<String, Object> got = kube.get(configMaps, "default", "a");
        String answer = AnswerJson.MAPPER.writeValueAsString(got);
        assertThat(answer).isEqualTo(plain(kube.get(configMaps, "default", "a"))).isEqualTo(fromWrite);

        kube.create(configMaps, "default", configMap("b", "2"), WriteOptions.defaults());
        Map<String, Object> list = kube.list(configMaps, "default", ListOptions.defaults()).toMap();
        String listed = AnswerJson.MAPPER.writeValueAsString(list);
        assertThat(listed).isEqualTo(plain(kube.list(configMaps, "default", ListOptions.defaults()).toMap()));
        assertThat(PLAIN.readValue(listed, Map.class).get("items")).asList().hasSize(2);
    }

    @Test
    @DisplayName("items of a built-in list carry no apiVersion/kind on the wire; custom resource items keep them")
    @SuppressWarnings("unchecked")
    void listItemsTypeMetaAsARealServer() throws Exception {
        kube.create(configMaps, "default", configMap("a", "1"), WriteOptions.defaults());
        Map<String, Object> wire = PLAIN.readValue(AnswerJson.MAPPER.writeValueAsString(
                kube.list(configMaps, "default", ListOptions.defaults()).toMap()), Map.class);
        assertThat(wire).containsEntry("apiVersion", "v1").containsEntry("kind", "ConfigMapList");
        Map<String, Object> item = (Map<String, Object>) ((List<Object>) wire.get("items")).get(0);
        assertThat(item).doesNotContainKeys("apiVersion", "kind").containsKeys("metadata", "data");
        // the Java-side items keep them, and a get still shows them
        assertThat(kube.list(configMaps, "default", ListOptions.defaults()).items().get(0))
                .containsEntry("kind", "ConfigMap");
        assertThat(AnswerJson.MAPPER.writeValueAsString(kube.get(configMaps, "default", "a")))
                .startsWith("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",");

        Map<String, Object> crd = PLAIN.readValue("{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":"
                + "\"CustomResourceDefinition\",\"metadata\":{\"name\":\"widgets.example.com\"},\"spec\":{\"group\":"
                + "\"example.com\",\"scope\":\"Namespaced\",\"names\":{\"plural\":\"widgets\",\"kind\":\"Widget\"},"
                + "\"versions\":[{\"name\":\"v1\",\"served\":true,\"storage\":true,\"schema\":{\"openAPIV3Schema\":"
                + "{\"type\":\"object\",\"x-kubernetes-preserve-unknown-fields\":true}}}]}}", Map.class);
        kube.create(kube.type("apiextensions.k8s.io", "v1", "customresourcedefinitions"), "", crd,
                WriteOptions.defaults());
        ResourceType widgets = kube.type("example.com", "v1", "widgets");
        kube.create(widgets, "default", PLAIN.readValue("{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\","
                + "\"metadata\":{\"name\":\"w\"}}", Map.class), WriteOptions.defaults());
        Map<String, Object> crWire = PLAIN.readValue(AnswerJson.MAPPER.writeValueAsString(
                kube.list(widgets, "default", ListOptions.defaults()).toMap()), Map.class);
        assertThat((Map<String, Object>) ((List<Object>) crWire.get("items")).get(0))
                .containsEntry("apiVersion", "example.com/v1").containsEntry("kind", "Widget");
    }

    @Test
    @DisplayName("after an update the answers show the new version, never the memoised old one")
    @SuppressWarnings("unchecked")
    void updateReplacesTheMemo() throws Exception {
        kube.create(configMaps, "default", configMap("a", "1"), WriteOptions.defaults());
        String before = AnswerJson.MAPPER.writeValueAsString(kube.get(configMaps, "default", "a"));

        Map<String, Object> next = kube.get(configMaps, "default", "a");
        next.put("data", Map.of("value", "2"));
        kube.update(configMaps, "default", "a", next, WriteOptions.defaults());

        String after = AnswerJson.MAPPER.writeValueAsString(kube.get(configMaps, "default", "a"));
        assertThat(after).isNotEqualTo(before).contains("\"value\":\"2\"").doesNotContain("\"value\":\"1\"");
        Map<String, Object> items = (Map<String, Object>) ((List<Object>) PLAIN.readValue(
                AnswerJson.MAPPER.writeValueAsString(kube.list(configMaps, "default", ListOptions.defaults())
                        .toMap()), Map.class).get("items")).get(0);
        assertThat(items.get("data")).isEqualTo(Map.of("value", "2"));
    }

    @Test
    @DisplayName("a reader's change to a returned object is what gets written, and never reaches the store")
    void readerChangesAreTheirOwn() throws Exception {
        kube.create(configMaps, "default", configMap("a", "1"), WriteOptions.defaults());
        Map<String, Object> got = kube.get(configMaps, "default", "a");
        AnswerJson.MAPPER.writeValueAsString(got); // memoise first
        got.put("data", Map.of("value", "changed"));

        assertThat(AnswerJson.MAPPER.writeValueAsString(got)).contains("\"value\":\"changed\"");
        assertThat(AnswerJson.MAPPER.writeValueAsString(kube.get(configMaps, "default", "a")))
                .contains("\"value\":\"1\"").doesNotContain("changed");
    }
}
