package io.gitops4j.testkit.server;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.gitops4j.testkit.kube.BuiltinTypes;
import io.gitops4j.testkit.kube.ResourceType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiV2DefinitionsTest {

    /** Reads the gnostic {@code openapi.v2.Document} the way kubectl 1.27/1.28 receive it. */
    private static Map<String, UnknownFieldSet> definitions() throws InvalidProtocolBufferException {
        return definitions(BuiltinTypes.all());
    }

    private static Map<String, UnknownFieldSet> definitions(List<ResourceType> types)
            throws InvalidProtocolBufferException {
        OpenApiV2Document doc = new OpenApiV2Document(types, "v1.27.0");
        UnknownFieldSet root = UnknownFieldSet.parseFrom(doc.body());
        UnknownFieldSet definitions = UnknownFieldSet.parseFrom(only(root, 9));
        Map<String, UnknownFieldSet> byName = new LinkedHashMap<>();
        for (ByteString named : definitions.getField(1).getLengthDelimitedList()) {
            UnknownFieldSet n = UnknownFieldSet.parseFrom(named);
            byName.put(text(n, 1), UnknownFieldSet.parseFrom(only(n, 2)));
        }
        return byName;
    }

    private static ByteString only(UnknownFieldSet message, int field) {
        List<ByteString> values = message.getField(field).getLengthDelimitedList();
        assertThat(values).as("field " + field).hasSize(1);
        return values.get(0);
    }

    private static String text(UnknownFieldSet message, int field) {
        return only(message, field).toString(StandardCharsets.UTF_8);
    }

    private static Map<String, UnknownFieldSet> properties(UnknownFieldSet schema) throws Exception {
        Map<String, UnknownFieldSet> out = new LinkedHashMap<>();
        for (ByteString named : UnknownFieldSet.parseFrom(only(schema, 25)).getField(1).getLengthDelimitedList()) {
            UnknownFieldSet n = UnknownFieldSet.parseFrom(named);
            out.put(text(n, 1), UnknownFieldSet.parseFrom(only(n, 2)));
        }
        return out;
    }

    private static Map<String, String> extensions(UnknownFieldSet schema) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (ByteString named : schema.getField(31).getLengthDelimitedList()) {
            UnknownFieldSet n = UnknownFieldSet.parseFrom(named);
            out.put(text(n, 1), text(UnknownFieldSet.parseFrom(only(n, 2)), 2));
        }
        return out;
    }

    private static String type(UnknownFieldSet schema) throws Exception {
        return text(UnknownFieldSet.parseFrom(only(schema, 22)), 1);
    }

    @Test
    @DisplayName("built-in kinds are v2 definitions tagged with their group/version/kind, references flattened")
    void kindsAndReferences() throws Exception {
        Map<String, UnknownFieldSet> defs = definitions();
        UnknownFieldSet deployment = defs.get("io.k8s.api.apps.v1.Deployment");
        assertThat(extensions(deployment).get("x-kubernetes-group-version-kind"))
                .isEqualTo("[{\"group\":\"apps\",\"kind\":\"Deployment\",\"version\":\"v1\"}]\n");
        UnknownFieldSet spec = properties(deployment).get("spec");
        assertThat(text(spec, 1)).as("allOf around a $ref becomes the $ref")
                .isEqualTo("#/definitions/io.k8s.api.apps.v1.DeploymentSpec");
        UnknownFieldSet deploymentSpec = defs.get("io.k8s.api.apps.v1.DeploymentSpec");
        assertThat(deploymentSpec.getField(19).getLengthDelimitedList())
                .extracting(b -> b.toString(StandardCharsets.UTF_8)).containsExactly("selector", "template");
        assertThat(extensions(properties(deploymentSpec).get("strategy")))
                .containsEntry("x-kubernetes-patch-strategy", "\"retainKeys\"\n");
        assertThat(defs).containsKeys("io.k8s.api.core.v1.ConfigMap", "io.k8s.api.core.v1.PodSpec",
                "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
        for (UnknownFieldSet d : defs.values()) {
            for (ByteString ref : d.getField(1).getLengthDelimitedList()) {
                assertThat(defs).containsKey(ref.toString(StandardCharsets.UTF_8).substring("#/definitions/".length()));
            }
        }
    }

    @Test
    @DisplayName("lists keep items and merge markers; maps keep additionalProperties; IntOrString is a string")
    void markers() throws Exception {
        Map<String, UnknownFieldSet> defs = definitions();
        UnknownFieldSet env = properties(defs.get("io.k8s.api.core.v1.Container")).get("env");
        assertThat(type(env)).isEqualTo("array");
        assertThat(extensions(env)).containsEntry("x-kubernetes-patch-merge-key", "\"name\"\n")
                .containsEntry("x-kubernetes-patch-strategy", "\"merge\"\n")
                .containsEntry("x-kubernetes-list-map-keys", "[\"name\"]\n");
        UnknownFieldSet items = UnknownFieldSet.parseFrom(only(UnknownFieldSet.parseFrom(only(env, 23)), 1));
        assertThat(text(items, 1)).isEqualTo("#/definitions/io.k8s.api.core.v1.EnvVar");
        UnknownFieldSet data = properties(defs.get("io.k8s.api.core.v1.ConfigMap")).get("data");
        UnknownFieldSet value = UnknownFieldSet.parseFrom(only(UnknownFieldSet.parseFrom(only(data, 21)), 1));
        assertThat(type(value)).isEqualTo("string");
        UnknownFieldSet intOrString = defs.get("io.k8s.apimachinery.pkg.util.intstr.IntOrString");
        assertThat(type(intOrString)).isEqualTo("string");
        assertThat(text(intOrString, 2)).isEqualTo("int-or-string");
    }

    @Test
    @DisplayName("a custom resource is a v2 definition too, with its CRD schema and an ObjectMeta metadata")
    void customResource() throws Exception {
        List<ResourceType> types = new ArrayList<>(BuiltinTypes.all());
        types.add(new ResourceType("example.com", "v1", "widgets", "widget", "Widget", true,
                ResourceType.STANDARD_VERBS, List.of(), List.of(), Set.of(), List.of(), Map.of("type", "object",
                "properties", Map.of("spec", Map.of("type", "object",
                        "properties", Map.of("size", Map.of("type", "integer")))))));
        Map<String, UnknownFieldSet> defs = definitions(types);
        UnknownFieldSet widget = defs.get("com.example.v1.Widget");
        assertThat(extensions(widget).get("x-kubernetes-group-version-kind")).contains("\"kind\":\"Widget\"");
        assertThat(type(properties(properties(widget).get("spec")).get("size"))).isEqualTo("integer");
        assertThat(text(properties(widget).get("metadata"), 1))
                .isEqualTo("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    }

    @Test
    @DisplayName("the body is rendered once; its hash is stable across renders")
    void lazyBody() {
        OpenApiV2Document doc = new OpenApiV2Document(BuiltinTypes.all(), "v1.27.0");
        assertThat(doc.body()).isSameAs(doc.body());
        assertThat(new OpenApiV2Document(BuiltinTypes.all(), "v1.27.0").hash()).isEqualTo(doc.hash());
    }
}
