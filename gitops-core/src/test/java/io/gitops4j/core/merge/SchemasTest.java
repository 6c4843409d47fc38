package io.gitops4j.core.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SchemasTest {

    @Test
    @DisplayName("built-in kinds are found by apiVersion and kind, with their list semantics")
    void builtIns() {
        SchemaRegistry registry = BuiltInSchemas.registry();
        assertThat(registry).isSameAs(BuiltInSchemas.registry());
        TypeSchema deployment = registry.find("apps/v1", "Deployment").orElseThrow();
        assertThat(deployment.name()).isEqualTo("io.k8s.api.apps.v1.Deployment");
        TypeSchema podSpec = deployment.fieldType("spec").orElseThrow().fieldType("template").orElseThrow()
                .fieldType("spec").orElseThrow();
        TypeSchema containers = podSpec.fieldType("containers").orElseThrow();
        assertThat(containers.kind()).isEqualTo(TypeSchema.Kind.LIST);
        assertThat(containers.listType()).isEqualTo(TypeSchema.ListType.MAP);
        assertThat(containers.listMapKeys()).containsExactly("name");
        assertThat(containers.patchStrategy()).isEqualTo("merge");
        assertThat(containers.patchMergeKey()).contains("name");
        TypeSchema ports = containers.elementType().fieldType("ports").orElseThrow();
        assertThat(ports.listMapKeys()).containsExactly("containerPort", "protocol");
        assertThat(ports.elementType().fieldType("protocol").orElseThrow().defaultValue()).contains("TCP");
        assertThat(podSpec.fieldType("volumes").orElseThrow().patchStrategy()).isEqualTo("merge,retainKeys");
        assertThat(podSpec.fieldType("nodeSelector").orElseThrow().mapType()).isEqualTo(TypeSchema.MapType.ATOMIC);
        assertThat(registry.find("v1", "ConfigMap")).isPresent();
        assertThat(registry.find("v1", "Widget")).isEmpty();
        assertThat(registry.find("apiextensions.k8s.io/v1", "CustomResourceDefinition")).isPresent();
        TypeSchema finalizers = BuiltInSchemas.objectMeta().fieldType("finalizers").orElseThrow();
        assertThat(finalizers.listType()).isEqualTo(TypeSchema.ListType.SET);
    }

    @Test
    @DisplayName("required field names are kept for objects and answered through references")
    void requiredFields() {
        TypeSchema deployment = BuiltInSchemas.registry().find("apps/v1", "Deployment").orElseThrow();
        TypeSchema spec = deployment.fieldType("spec").orElseThrow();
        assertThat(spec.required()).containsExactly("selector", "template");
        assertThat(deployment.required()).isEmpty();
        TypeSchema containers = spec.fieldType("template").orElseThrow().fieldType("spec").orElseThrow()
                .fieldType("containers").orElseThrow();
        assertThat(containers.elementType().required()).containsExactly("name");
        assertThat(TypeSchema.struct(Map.of()).withRequired(List.of("a")).withMapType(TypeSchema.MapType.ATOMIC)
                .required()).as("kept by copies").containsExactly("a");
    }

    @Test
    @DisplayName("recursive types resolve (JSONSchemaProps refers to itself)")
    void recursiveTypes() {
        TypeSchema crd = BuiltInSchemas.registry().find("apiextensions.k8s.io/v1", "CustomResourceDefinition")
                .orElseThrow();
        TypeSchema props = crd.fieldType("spec").orElseThrow().fieldType("versions").orElseThrow().elementType()
                .fieldType("schema").orElseThrow().fieldType("openAPIV3Schema").orElseThrow();
        TypeSchema nested = props.fieldType("properties").orElseThrow().additionalProperties().orElseThrow();
        assertThat(nested.name()).isEqualTo(props.name());
    }

    @Test
    @DisplayName("a CRD gives one schema per version and a registry by group/version/kind")
    void crdSchemas() {
        Map<String, Object> crd = Map.of("spec", Map.of(
                "group", "example.com",
                "names", Map.of("kind", "Widget"),
                "versions", List.of(
                        Map.of("name", "v1", "schema", Map.of("openAPIV3Schema", Map.of("type", "object",
                                "properties", Map.of("spec", Map.of("type", "object",
                                        "properties", Map.of("ports", Map.of("type", "array",
                                                "x-kubernetes-list-type", "map",
                                                "x-kubernetes-list-map-keys", List.of("port", "protocol"),
                                                "items", Map.of("type", "object", "properties", Map.of(
                                                        "port", Map.of("type", "integer"),
                                                        "protocol", Map.of("type", "string",
                                                                "default", "TCP")))))))))),
                        Map.of("name", "v2"))));
        Map<String, TypeSchema> versions = CrdSchemas.from(crd);
        assertThat(versions).containsOnlyKeys("v1", "v2");
        assertThat(versions.get("v2")).isSameAs(TypeSchema.UNTYPED);
        TypeSchema ports = versions.get("v1").fieldType("spec").orElseThrow().fieldType("ports").orElseThrow();
        assertThat(ports.listMapKeys()).containsExactly("port", "protocol");
        assertThat(ports.elementType().fieldType("protocol").orElseThrow().defaultValue()).contains("TCP");
        assertThat(versions.get("v1").fieldType("metadata").orElseThrow().name())
                .isEqualTo("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
        SchemaRegistry registry = CrdSchemas.registry(crd).orElse(BuiltInSchemas.registry());
        assertThat(registry.find("example.com/v1", "Widget")).isPresent();
        assertThat(registry.find("v1", "ConfigMap")).isPresent();
        assertThatThrownBy(() -> CrdSchemas.from(Map.of("spec", Map.of())))
                .isInstanceOf(MergeException.class);
    }

    @Test
    @DisplayName("strategic merge patch is supported for built-in kinds only")
    void smpSupport() {
        assertThat(StrategicMergePatch.supports(BuiltInSchemas.registry().find("v1", "Pod").orElseThrow())).isTrue();
        assertThat(StrategicMergePatch.supports(TypeSchema.UNTYPED)).isFalse();
        assertThat(StrategicMergePatch.supports(CrdSchemas.root(Map.of("type", "object")))).isFalse();
    }
}
