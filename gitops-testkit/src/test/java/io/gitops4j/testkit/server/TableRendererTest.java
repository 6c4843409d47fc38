package io.gitops4j.testkit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops4j.testkit.kube.ResourceType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TableRendererTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");

    @Test
    void ages() {
        assertThat(TableRenderer.humanDuration(Duration.ofSeconds(5))).isEqualTo("5s");
        assertThat(TableRenderer.humanDuration(Duration.ofSeconds(200))).isEqualTo("3m20s");
        assertThat(TableRenderer.humanDuration(Duration.ofMinutes(45))).isEqualTo("45m");
        assertThat(TableRenderer.humanDuration(Duration.ofHours(3).plusMinutes(5))).isEqualTo("3h5m");
        assertThat(TableRenderer.humanDuration(Duration.ofDays(3))).isEqualTo("3d");
        assertThat(TableRenderer.humanDuration(Duration.ofDays(30))).isEqualTo("30d");
    }

    @Test
    void builtinTableHasNameAndAge() {
        ResourceType cm = ResourceType.of("", "v1", "configmaps", "ConfigMap", true, List.of(), List.of(), Set.of());
        Map<String, Object> obj = Map.of("metadata", Map.of("name", "demo", "creationTimestamp",
                "2026-01-01T00:09:50Z", "labels", Map.of("app", "demo")));
        JsonNode t = TableRenderer.render(cm, List.of(obj), Map.of("resourceVersion", "7"), "v1", true, NOW);
        assertThat(t.get("kind").asText()).isEqualTo("Table");
        assertThat(t.at("/metadata/resourceVersion").asText()).isEqualTo("7");
        assertThat(t.at("/columnDefinitions/0/name").asText()).isEqualTo("Name");
        assertThat(t.at("/columnDefinitions/1/name").asText()).isEqualTo("Age");
        assertThat(t.at("/rows/0/cells/0").asText()).isEqualTo("demo");
        assertThat(t.at("/rows/0/cells/1").asText()).isEqualTo("10s");
        assertThat(t.at("/rows/0/object/metadata/labels/app").asText()).isEqualTo("demo");
    }

    @Test
    void printerColumnsFromACrd() {
        ResourceType widgets = new ResourceType("example.com", "v1", "widgets", "widget", "Widget", true, null,
                List.of(), List.of(), Set.of(), List.of(
                Map.of("name", "Size", "type", "integer", "jsonPath", ".spec.size"),
                Map.of("name", "First", "type", "string", "jsonPath", ".spec.tags[0]", "priority", 1),
                Map.of("name", "Age", "type", "date", "jsonPath", ".metadata.creationTimestamp")), Map.of());
        Map<String, Object> obj = Map.of("metadata", Map.of("name", "w1", "creationTimestamp", "2026-01-01T00:00:00Z"),
                "spec", Map.of("size", 3, "tags", List.of("a", "b")));
        JsonNode t = new ObjectMapper().valueToTree(
                TableRenderer.render(widgets, List.of(obj), Map.of(), "v1", true, NOW));
        assertThat(t.at("/columnDefinitions").size()).isEqualTo(4);
        assertThat(t.at("/columnDefinitions/2/priority").asInt()).isEqualTo(1);
        assertThat(t.at("/rows/0/cells/1").asInt()).isEqualTo(3);
        assertThat(t.at("/rows/0/cells/2").asText()).isEqualTo("a");
        assertThat(t.at("/rows/0/cells/3").asText()).isEqualTo("10m");
    }

    @Test
    void watchEventsAfterTheFirstCarryNoColumns() {
        ResourceType cm = ResourceType.of("", "v1", "configmaps", "ConfigMap", true, List.of(), List.of(), Set.of());
        JsonNode t = TableRenderer.render(cm, List.of(Map.of("metadata", Map.of("name", "x"))), Map.of(), "v1",
                false, NOW);
        assertThat(t.has("columnDefinitions")).isFalse();
        assertThat(t.at("/rows/0/cells/1").asText()).isEqualTo("<unknown>");
    }
}
