package io.gitops4j.testkit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops4j.testkit.kube.ResourceType;
import io.gitops4j.testkit.server.printers.Ages;
import io.gitops4j.testkit.server.printers.PrinterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TableRendererTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");
    private static final TableRenderer RENDERER = new TableRenderer(PrinterRegistry.forMinor(33));

    @Test
    void ages() {
        assertThat(Ages.human(Duration.ofSeconds(5))).isEqualTo("5s");
        assertThat(Ages.human(Duration.ofSeconds(200))).isEqualTo("3m20s");
        assertThat(Ages.human(Duration.ofMinutes(45))).isEqualTo("45m");
        assertThat(Ages.human(Duration.ofHours(3).plusMinutes(5))).isEqualTo("3h5m");
        assertThat(Ages.human(Duration.ofDays(3))).isEqualTo("3d");
        assertThat(Ages.human(Duration.ofDays(30))).isEqualTo("30d");
    }

    @Test
    void builtinKindUsesItsPrinter() {
        ResourceType cm = ResourceType.of("", "v1", "configmaps", "ConfigMap", true, List.of(), List.of(), Set.of());
        Map<String, Object> obj = Map.of("metadata", Map.of("name", "demo", "creationTimestamp",
                "2026-01-01T00:09:50Z", "labels", Map.of("app", "demo")), "data", Map.of("a", "1", "b", "2"),
                "binaryData", Map.of("c", "AA=="));
        JsonNode t = RENDERER.render(cm, List.of(obj), Map.of("resourceVersion", "7"), "v1", true, NOW);
        assertThat(t.get("kind").asText()).isEqualTo("Table");
        assertThat(t.at("/metadata/resourceVersion").asText()).isEqualTo("7");
        assertThat(t.at("/columnDefinitions/0/name").asText()).isEqualTo("Name");
        assertThat(t.at("/columnDefinitions/0/format").asText()).isEqualTo("name");
        assertThat(t.at("/columnDefinitions/1/name").asText()).isEqualTo("Data");
        assertThat(t.at("/columnDefinitions/2/name").asText()).isEqualTo("Age");
        assertThat(t.at("/rows/0/cells/0").asText()).isEqualTo("demo");
        assertThat(t.at("/rows/0/cells/1").asLong()).isEqualTo(3);
        assertThat(t.at("/rows/0/cells/2").asText()).isEqualTo("10s");
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
                RENDERER.render(widgets, List.of(obj), Map.of(), "v1", true, NOW));
        assertThat(t.at("/columnDefinitions").size()).isEqualTo(4);
        assertThat(t.at("/columnDefinitions/2/priority").asInt()).isEqualTo(1);
        assertThat(t.at("/rows/0/cells/1").asInt()).isEqualTo(3);
        assertThat(t.at("/rows/0/cells/2").asText()).isEqualTo("a");
        assertThat(t.at("/rows/0/cells/3").asText()).isEqualTo("10m");
    }

    @Test
    void watchEventsAfterTheFirstCarryNoColumns() {
        ResourceType cm = ResourceType.of("", "v1", "configmaps", "ConfigMap", true, List.of(), List.of(), Set.of());
        JsonNode t = RENDERER.render(cm, List.of(Map.of("metadata", Map.of("name", "x"))), Map.of(), "v1",
                false, NOW);
        assertThat(t.has("columnDefinitions")).isFalse();
        assertThat(t.at("/rows/0/cells/1").asLong()).isZero();
        assertThat(t.at("/rows/0/cells/2").asText()).isEqualTo("<unknown>");
    }

    @Test
    void customResourceWithoutPrinterColumnsShowsNameAndAge() {
        ResourceType gadgets = ResourceType.of("example.com", "v1", "gadgets", "Gadget", true, List.of(), List.of(),
                Set.of());
        JsonNode t = RENDERER.render(gadgets, List.of(Map.of("metadata", Map.of("name", "g",
                "creationTimestamp", "2026-01-01T00:00:00Z"))), Map.of(), "v1", true, NOW);
        assertThat(t.at("/columnDefinitions").size()).isEqualTo(2);
        assertThat(t.at("/columnDefinitions/1/name").asText()).isEqualTo("Age");
        assertThat(t.at("/rows/0/cells/1").asText()).isEqualTo("10m");
    }

    @Test
    void rolesAndCrdsShowCreatedAtAsTimestamp() {
        ResourceType roles = ResourceType.of("rbac.authorization.k8s.io", "v1", "roles", "Role", true, List.of(),
                List.of(), Set.of());
        JsonNode t = RENDERER.render(roles, List.of(Map.of("metadata", Map.of("name", "r",
                "creationTimestamp", "2026-01-01T00:00:00Z"))), Map.of(), "v1", true, NOW);
        assertThat(t.at("/columnDefinitions/1/name").asText()).isEqualTo("Created At");
        assertThat(t.at("/columnDefinitions/1/type").asText()).isEqualTo("date");
        assertThat(t.at("/rows/0/cells/1").asText()).isEqualTo("2026-01-01T00:00:00Z");
    }
}
