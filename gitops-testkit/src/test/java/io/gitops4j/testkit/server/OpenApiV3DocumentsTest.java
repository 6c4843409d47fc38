package io.gitops4j.testkit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops4j.testkit.kube.BuiltinTypes;
import io.gitops4j.testkit.kube.ResourceType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiV3DocumentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ResourceType builtIn(String apiVersion, String kind) {
        return BuiltinTypes.all().stream().filter(t -> t.apiVersion().equals(apiVersion) && t.kind().equals(kind))
                .findFirst().orElseThrow();
    }

    private static ResourceType widget(String sizeType) {
        Map<String, Object> schema = Map.of("type", "object", "properties",
                Map.of("spec", Map.of("type", "object", "properties", Map.of("size", Map.of("type", sizeType)))));
        return new ResourceType("example.com", "v1", "widgets", "widget", "Widget", true,
                ResourceType.STANDARD_VERBS, List.of(), List.of(), Set.of(), List.of(), schema);
    }

    private static JsonNode body(OpenApiV3Documents docs, String key) throws Exception {
        return JSON.readTree(docs.document(key).orElseThrow().body());
    }

    @Test
    @DisplayName("each group/version document holds the schemas of its built-in kinds, tagged, with the paths")
    void builtInSchemasPerGroupVersion() throws Exception {
        OpenApiV3Documents docs = OpenApiV3Documents.render(BuiltinTypes.all(), "v1.33.0");
        JsonNode apps = body(docs, "apis/apps/v1");
        JsonNode schemas = apps.at("/components/schemas");
        assertThat(schemas.at("/io.k8s.api.apps.v1.Deployment/x-kubernetes-group-version-kind/0/kind").asText())
                .isEqualTo("Deployment");
        assertThat(schemas.has("io.k8s.api.apps.v1.StatefulSet")).isTrue();
        assertThat(schemas.has("io.k8s.api.core.v1.PodSpec")).as("referenced types travel with the kind").isTrue();
        assertThat(schemas.has("io.k8s.api.core.v1.ConfigMap")).as("kinds of other group/versions stay out")
                .isFalse();
        assertThat(apps.at("/paths/~1apis~1apps~1v1~1namespaces~1{namespace}~1deployments~1{name}/patch")
                .has("requestBody")).as("no request body schemas: kubectl keeps its compiled-in patch types")
                .isFalse();
        JsonNode core = body(docs, "api/v1");
        assertThat(core.at("/components/schemas/io.k8s.api.core.v1.ConfigMap/x-kubernetes-group-version-kind/0")
                .toString()).isEqualTo("{\"group\":\"\",\"kind\":\"ConfigMap\",\"version\":\"v1\"}");
        assertThat(core.toString()).doesNotContain("\"description\":\"ObjectMeta is metadata");
    }

    @Test
    @DisplayName("every built-in kind the fake serves is explained: its document has a schema tagged with it")
    void everyServedKindHasASchema() throws Exception {
        OpenApiV3Documents docs = OpenApiV3Documents.render(BuiltinTypes.all(), "v1.33.0");
        List<String> missing = new ArrayList<>();
        for (ResourceType t : BuiltinTypes.all()) {
            String gvk = "{\"group\":\"" + t.group() + "\",\"kind\":\"" + t.kind() + "\",\"version\":\""
                    + t.version() + "\"}";
            boolean found = false;
            for (JsonNode schema : body(docs, ResourcePaths.openApiKey(t)).at("/components/schemas")) {
                for (JsonNode tag : schema.path("x-kubernetes-group-version-kind")) {
                    found |= tag.toString().equals(gvk);
                }
            }
            if (!found) {
                missing.add(t.apiVersion() + "/" + t.kind());
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    @DisplayName("the body is rendered once and kept; the index hash matches the document hash")
    void lazyAndStable() throws Exception {
        OpenApiV3Documents docs = OpenApiV3Documents.render(BuiltinTypes.all(), "v1.33.0");
        OpenApiV3Documents.Document doc = docs.document("api/v1").orElseThrow();
        assertThat(doc.body()).isSameAs(doc.body());
        String url = JSON.readTree(docs.index()).at("/paths/api~1v1/serverRelativeURL").asText();
        assertThat(url).isEqualTo("/openapi/v3/api/v1?hash=" + doc.hash());
        OpenApiV3Documents again = OpenApiV3Documents.render(BuiltinTypes.all(), "v1.33.0");
        assertThat(again.document("api/v1").orElseThrow().hash()).isEqualTo(doc.hash());
        assertThat(again.document("api/v1").orElseThrow().body()).isEqualTo(doc.body());
        List<ResourceType> more = new ArrayList<>(BuiltinTypes.all());
        more.add(widget("integer"));
        OpenApiV3Documents next = OpenApiV3Documents.render(more, "v1.33.0", docs);
        assertThat(next.document("api/v1").orElseThrow()).as("unchanged documents are reused").isSameAs(doc);
        assertThat(next.document("apis/example.com/v1")).isPresent();
    }

    @Test
    @DisplayName("the hash changes when the built-in kinds or the CRD schemas of a document change, not otherwise")
    void hashFollowsContent() {
        ResourceType cm = builtIn("v1", "ConfigMap");
        ResourceType secret = builtIn("v1", "Secret");
        ResourceType deploy = builtIn("apps/v1", "Deployment");
        String one = OpenApiV3Documents.render(List.of(cm, deploy), "v").document("api/v1").orElseThrow().hash();
        String two = OpenApiV3Documents.render(List.of(cm, secret, deploy), "v").document("api/v1").orElseThrow()
                .hash();
        assertThat(two).isNotEqualTo(one);
        String apps1 = OpenApiV3Documents.render(List.of(cm, deploy), "v").document("apis/apps/v1").orElseThrow()
                .hash();
        String apps2 = OpenApiV3Documents.render(List.of(cm, secret, deploy), "v").document("apis/apps/v1")
                .orElseThrow().hash();
        assertThat(apps2).isEqualTo(apps1);
        List<ResourceType> withWidget = new ArrayList<>(List.of(cm, widget("integer")));
        String w1 = OpenApiV3Documents.render(withWidget, "v").document("apis/example.com/v1").orElseThrow().hash();
        withWidget.set(1, widget("string"));
        String w2 = OpenApiV3Documents.render(withWidget, "v").document("apis/example.com/v1").orElseThrow().hash();
        assertThat(w2).isNotEqualTo(w1);
    }

    @Test
    @DisplayName("a custom resource keeps its CRD schema next to the built-ins")
    void customResource() throws Exception {
        List<ResourceType> types = new ArrayList<>(BuiltinTypes.all());
        types.add(widget("integer"));
        JsonNode doc = body(OpenApiV3Documents.render(types, "v"), "apis/example.com/v1");
        JsonNode widget = doc.at("/components/schemas/com.example.v1.Widget");
        assertThat(widget.at("/properties/spec/properties/size/type").asText()).isEqualTo("integer");
        assertThat(widget.at("/x-kubernetes-group-version-kind/0/kind").asText()).isEqualTo("Widget");
        assertThat(widget.at("/properties/metadata/allOf/0/$ref").asText()).endsWith("meta.v1.ObjectMeta");
        assertThat(doc.at("/components/schemas").has("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")).isTrue();
    }
}
