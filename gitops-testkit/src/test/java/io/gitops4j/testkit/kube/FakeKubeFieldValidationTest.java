package io.gitops4j.testkit.kube;

import static io.gitops4j.testkit.kube.Trees.at;
import static io.gitops4j.testkit.kube.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gitops4j.testkit.FakeKube;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** fieldValidation (Strict/Warn/Ignore) and server-side apply against the built-in schemas. */
class FakeKubeFieldValidationTest {

    private final FakeKube kube = FakeKube.create();
    private final ResourceType deployments = kube.type("apps", "v1", "deployments");
    private final WriteOptions strict = new WriteOptions(false, "kubectl-create", false, "", "Strict");

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> realistic() throws Exception {
        try (InputStream in = FakeKubeFieldValidationTest.class.getResourceAsStream(
                "/kube/realistic-manifests.yaml")) {
            MappingIterator<Map<String, Object>> it = new ObjectMapper(new YAMLFactory()).readerFor(Map.class)
                    .readValues(in);
            List<Map<String, Object>> out = new ArrayList<>();
            it.forEachRemaining(out::add);
            return out;
        }
    }

    private ResourceType typeOf(Map<String, Object> o) {
        return kube.typeOf(String.valueOf(o.get("apiVersion")), String.valueOf(o.get("kind")));
    }

    private static String ns(ResourceType type, Map<String, Object> o) {
        Object ns = at(o, "metadata.namespace");
        return type.namespaced() && ns != null ? ns.toString() : "";
    }

    @Test
    void realisticManifestsOfEveryCommonKindPassStrictValidation() throws Exception {
        List<Map<String, Object>> docs = realistic();
        assertThat(docs).hasSizeGreaterThan(20);
        for (Map<String, Object> o : docs) {
            ResourceType type = typeOf(o);
            WriteResult r = kube.create(type, ns(type, o), o, strict);
            assertThat(r.warnings()).as(String.valueOf(o.get("kind"))).isEmpty();
        }
    }

    @Test
    void realisticManifestsApplyServerSide() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (Map<String, Object> o : realistic()) {
            ResourceType type = typeOf(o);
            String name = String.valueOf(at(o, "metadata.name"));
            WriteResult first = kube.patch(type, ns(type, o), name, PatchType.APPLY, json.writeValueAsString(o),
                    WriteOptions.apply("gitops"));
            assertThat(first.created()).as(name).isTrue();
            String version = kube.resourceVersion();
            kube.patch(type, ns(type, o), name, PatchType.APPLY, json.writeValueAsString(o),
                    WriteOptions.apply("gitops"));
            assertThat(kube.resourceVersion()).as("re-apply of %s %s is a no-op", o.get("kind"), name)
                    .isEqualTo(version);
        }
    }

    private static Map<String, Object> typo() {
        return yaml("""
                metadata: {name: web}
                spec:
                  replica: 3
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: c, image: i, imagePullPolicyy: Always}]}
                """);
    }

    @Test
    void strictRejectsUnknownFieldsWithTheRealMessage() {
        assertThatThrownBy(() -> kube.create(deployments, "default", typo(), strict))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("Deployment in version \"v1\" cannot be handled as a "
                            + "Deployment: strict decoding error: unknown field \"spec.replica\", unknown field "
                            + "\"spec.template.spec.containers[0].imagePullPolicyy\"");
                });
    }

    @Test
    @SuppressWarnings("unchecked")
    void warnDropsUnknownFieldsAndSaysSo() {
        WriteResult r = kube.create(deployments, "default", typo(), WriteOptions.defaults());
        assertThat(r.warnings()).containsExactly("unknown field \"spec.replica\"",
                "unknown field \"spec.template.spec.containers[0].imagePullPolicyy\"");
        assertThat(at(r.object(), "spec.replica")).isNull();
        assertThat((Map<String, Object>) at(kube.get(deployments, "default", "web"),
                "spec.template.spec.containers.0")).doesNotContainKey("imagePullPolicyy").containsEntry("image", "i");
    }

    @Test
    void ignoreDropsSilently() {
        WriteResult r = kube.create(deployments, "default", typo(), new WriteOptions(false, "", false, "", "Ignore"));
        assertThat(r.warnings()).isEmpty();
        assertThat(at(r.object(), "spec.replica")).isNull();
    }

    @Test
    void applyWithUnknownFieldsFails() {
        assertThatThrownBy(() -> kube.patch(deployments, "default", "web", PatchType.APPLY,
                "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\"},"
                        + "\"spec\":{\"replica\":3}}", WriteOptions.apply("gitops")))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("failed to create typed patch object (default/web; "
                            + "apps/v1, Kind=Deployment): .spec.replica: field not declared in schema");
                });
    }

    @Test
    void customResourcesArePrunedByTheirSchema() {
        FakeKubeCrdTest.createWidgetCrd(kube);
        ResourceType widgets = kube.type("example.com", "v1", "widgets");
        WriteResult r = kube.create(widgets, "default", yaml("metadata: {name: w}\nspec: {size: 1, colour: red}"),
                WriteOptions.defaults());
        assertThat(r.warnings()).containsExactly("unknown field \"spec.colour\"");
        assertThat(at(r.object(), "spec")).isEqualTo(Map.of("size", 1L));
        ResourceType untyped = kube.type("example.com", "v1beta1", "widgets");
        assertThat(untyped.schema()).isEmpty();
    }
}
