package io.gitops4j.testkit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops4j.core.merge.BuiltInSchemas;
import io.gitops4j.core.merge.TypeSchema;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenApiComponentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REF = OpenApiComponents.REF_PREFIX;

    private final ObjectNode schemas = JSON.createObjectNode();
    private final OpenApiComponents components = new OpenApiComponents(schemas);

    private static TypeSchema builtIn(String apiVersion, String kind) {
        return BuiltInSchemas.registry().find(apiVersion, kind).orElseThrow();
    }

    @Test
    @DisplayName("a kind is written under its Kubernetes type name with its group/version/kind and required fields")
    void kindEntry() {
        components.addKind(builtIn("apps/v1", "Deployment"), "apps", "v1", "Deployment");
        JsonNode deployment = schemas.get("io.k8s.api.apps.v1.Deployment");
        assertThat(deployment.get("type").asText()).isEqualTo("object");
        assertThat(deployment.get("x-kubernetes-group-version-kind").toString())
                .isEqualTo("[{\"group\":\"apps\",\"kind\":\"Deployment\",\"version\":\"v1\"}]");
        assertThat(deployment.at("/properties/apiVersion/type").asText()).isEqualTo("string");
        JsonNode spec = deployment.at("/properties/spec");
        assertThat(spec.at("/allOf/0/$ref").asText()).isEqualTo(REF + "io.k8s.api.apps.v1.DeploymentSpec");
        assertThat(spec.get("default").toString()).as("value struct").isEqualTo("{}");
        JsonNode deploymentSpec = schemas.get("io.k8s.api.apps.v1.DeploymentSpec");
        assertThat(deploymentSpec.get("required").toString()).isEqualTo("[\"selector\",\"template\"]");
        assertThat(deploymentSpec.has("x-kubernetes-group-version-kind")).isFalse();
        assertThat(deploymentSpec.at("/properties/selector").toString())
                .as("a plain reference when the use site adds nothing")
                .isEqualTo("{\"$ref\":\"" + REF + "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector\"}");
        assertThat(deploymentSpec.at("/properties/strategy/x-kubernetes-patch-strategy").asText())
                .isEqualTo("retainKeys");
        assertThat(schemas.at("/io.k8s.api.core.v1.Container/required").toString()).isEqualTo("[\"name\"]");
    }

    @Test
    @DisplayName("every $ref points to an entry of the same document, and no entry is empty of structure by accident")
    void closedUnderReferences() {
        components.addKind(builtIn("v1", "Pod"), "", "v1", "Pod");
        components.addKind(builtIn("apiextensions.k8s.io/v1", "CustomResourceDefinition"), "apiextensions.k8s.io",
                "v1", "CustomResourceDefinition");
        List<String> refs = new ArrayList<>();
        collectRefs(schemas, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith(REF);
            assertThat(schemas.has(ref.substring(REF.length()))).as(ref).isTrue();
        }
        assertThat(schemas.has("io.k8s.api.core.v1.PodSpec")).isTrue();
        JsonNode props = schemas.get("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps");
        assertThat(props.at("/properties/properties/additionalProperties/allOf/0/$ref").asText())
                .as("the recursive type refers to itself").endsWith("apiextensions.v1.JSONSchemaProps");
    }

    @Test
    @DisplayName("list markers: map lists with keys, patch strategy and merge key; sets; atomic lists unmarked")
    void listMarkers() {
        components.addKind(builtIn("v1", "Pod"), "", "v1", "Pod");
        components.addKind(builtIn("v1", "Service"), "", "v1", "Service");
        JsonNode env = schemas.at("/io.k8s.api.core.v1.Container/properties/env");
        assertThat(env.get("type").asText()).isEqualTo("array");
        assertThat(env.get("x-kubernetes-list-type").asText()).isEqualTo("map");
        assertThat(env.get("x-kubernetes-list-map-keys").toString()).isEqualTo("[\"name\"]");
        assertThat(env.get("x-kubernetes-patch-strategy").asText()).isEqualTo("merge");
        assertThat(env.get("x-kubernetes-patch-merge-key").asText()).isEqualTo("name");
        assertThat(env.at("/items/allOf/0/$ref").asText()).isEqualTo(REF + "io.k8s.api.core.v1.EnvVar");
        JsonNode ports = schemas.at("/io.k8s.api.core.v1.Container/properties/ports/x-kubernetes-list-map-keys");
        assertThat(ports.toString()).isEqualTo("[\"containerPort\",\"protocol\"]");
        JsonNode args = schemas.at("/io.k8s.api.core.v1.Container/properties/args");
        assertThat(args.has("x-kubernetes-list-type")).isFalse();
        assertThat(args.get("items").toString()).isEqualTo("{\"type\":\"string\",\"default\":\"\"}");
        JsonNode finalizers = schemas.at("/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta/properties/finalizers");
        assertThat(finalizers.get("x-kubernetes-list-type").asText()).isEqualTo("set");
        assertThat(schemas.at("/io.k8s.api.core.v1.ServicePort/properties/protocol/default").asText())
                .isEqualTo("TCP");
    }

    @Test
    @DisplayName("map markers: additionalProperties with references, atomic maps and structs, IntOrString, Quantity")
    void mapMarkers() {
        components.addKind(builtIn("v1", "Pod"), "", "v1", "Pod");
        components.addKind(builtIn("v1", "Service"), "", "v1", "Service");
        JsonNode limits = schemas.at("/io.k8s.api.core.v1.ResourceRequirements/properties/limits");
        assertThat(limits.get("type").asText()).isEqualTo("object");
        assertThat(limits.at("/additionalProperties/$ref").asText())
                .isEqualTo(REF + "io.k8s.apimachinery.pkg.api.resource.Quantity");
        assertThat(schemas.get("io.k8s.apimachinery.pkg.api.resource.Quantity").toString())
                .as("an untyped named type has no structure").isEqualTo("{}");
        JsonNode nodeSelector = schemas.at("/io.k8s.api.core.v1.PodSpec/properties/nodeSelector");
        assertThat(nodeSelector.get("x-kubernetes-map-type").asText()).isEqualTo("atomic");
        assertThat(nodeSelector.at("/additionalProperties/type").asText()).isEqualTo("string");
        assertThat(schemas.at("/io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector/x-kubernetes-map-type").asText())
                .isEqualTo("atomic");
        JsonNode intOrString = schemas.get("io.k8s.apimachinery.pkg.util.intstr.IntOrString");
        assertThat(intOrString.get("format").asText()).isEqualTo("int-or-string");
        assertThat(intOrString.get("oneOf").toString())
                .isEqualTo("[{\"type\":\"integer\"},{\"type\":\"string\"}]");
        assertThat(schemas.at("/io.k8s.apimachinery.pkg.apis.meta.v1.Time").toString())
                .isEqualTo("{\"type\":\"string\"}");
        assertThat(schemas.at("/io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1").toString())
                .as("a map of untyped values is an open object").isEqualTo("{\"type\":\"object\"}");
    }

    @Test
    @DisplayName("anonymous nodes: preserve-unknown objects, untyped values never as an empty schema")
    void anonymousNodes() {
        TypeSchema open = TypeSchema.struct(Map.of("a", TypeSchema.scalar("integer"))).withPreserveUnknownFields();
        assertThat(components.useSite(open).toString()).isEqualTo(
                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}},"
                        + "\"x-kubernetes-preserve-unknown-fields\":true}");
        assertThat(components.useSite(TypeSchema.UNTYPED).toString())
                .isEqualTo("{\"x-kubernetes-preserve-unknown-fields\":true}");
        assertThat(components.useSite(TypeSchema.scalar("int-or-string")).get("format").asText())
                .isEqualTo("int-or-string");
        assertThat(schemas.isEmpty()).as("anonymous nodes add no entries").isTrue();
        ObjectNode meta = components.useSite(BuiltInSchemas.objectMeta());
        assertThat(meta.toString()).as("the use site of a value struct").isEqualTo("{\"allOf\":[{\"$ref\":\"" + REF
                + "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta\"}],\"default\":{}}");
        assertThat(schemas.has("io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry")).isTrue();
    }

    @Test
    @DisplayName("types shared by two kinds are written once; each kind keeps its own tag")
    void sharedTypes() {
        components.addKind(builtIn("v1", "Pod"), "", "v1", "Pod");
        int afterPod = schemas.size();
        components.addKind(builtIn("v1", "PodTemplate"), "", "v1", "PodTemplate");
        assertThat(schemas.size()).as("PodTemplate adds itself and PodTemplateSpec only").isEqualTo(afterPod + 2);
        assertThat(schemas.at("/io.k8s.api.core.v1.PodTemplate/x-kubernetes-group-version-kind/0/kind").asText())
                .isEqualTo("PodTemplate");
        assertThat(schemas.at("/io.k8s.api.core.v1.Pod/x-kubernetes-group-version-kind").size()).isEqualTo(1);
        assertThat(schemas.at("/io.k8s.api.core.v1.PodSpec").has("x-kubernetes-group-version-kind")).isFalse();
    }

    @Test
    @DisplayName("a custom resource is published with apiVersion, kind and an ObjectMeta metadata added")
    void customResource() {
        Map<String, Object> schema = Map.of("type", "object", "properties", Map.of(
                "kind", Map.of("type", "string", "description", "ours"),
                "metadata", Map.of("type", "object"),
                "spec", Map.of("type", "object", "properties", Map.of("size", Map.of("type", "integer")))));
        String name = OpenApiComponents.customResourceName("example.com", "v1", "Widget");
        assertThat(name).isEqualTo("com.example.v1.Widget");
        components.addCustomResource(name, schema, "example.com", "v1", "Widget");
        JsonNode widget = schemas.get(name);
        assertThat(widget.at("/properties/spec/properties/size/type").asText()).isEqualTo("integer");
        assertThat(widget.at("/properties/apiVersion/type").asText()).isEqualTo("string");
        assertThat(widget.at("/properties/kind/description").asText()).as("declared fields are kept").isEqualTo("ours");
        assertThat(widget.at("/properties/metadata/allOf/0/$ref").asText())
                .isEqualTo(REF + "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
        assertThat(schemas.has("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")).isTrue();
        assertThat(widget.get("x-kubernetes-group-version-kind").toString())
                .isEqualTo("[{\"group\":\"example.com\",\"kind\":\"Widget\",\"version\":\"v1\"}]");
        components.addCustomResource("com.example.v1.Raw", Map.of("type", "object",
                "x-kubernetes-preserve-unknown-fields", true), "example.com", "v1", "Raw");
        assertThat(schemas.at("/com.example.v1.Raw/properties/metadata/allOf/0/$ref").asText()).endsWith("ObjectMeta");
    }

    @Test
    @DisplayName("a kind must be a named type")
    void anonymousKindRefused() {
        assertThatThrownBy(() -> components.addKind(TypeSchema.struct(Map.of()), "", "v1", "X"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void collectRefs(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("$ref") && e.getValue().isTextual()) {
                    out.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, out));
        }
    }
}
