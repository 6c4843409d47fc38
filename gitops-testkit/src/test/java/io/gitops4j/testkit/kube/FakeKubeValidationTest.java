package io.gitops4j.testkit.kube;

import static io.gitops4j.testkit.kube.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.testkit.FakeKube;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FakeKubeValidationTest {

    private final FakeKube kube = FakeKube.create();
    private final ResourceType configMaps = kube.type("", "v1", "configmaps");

    private FakeKubeException rejected(ResourceType type, String ns, Map<String, Object> body) {
        try {
            kube.create(type, ns, body, WriteOptions.defaults());
        } catch (FakeKubeException e) {
            return e;
        }
        throw new AssertionError("accepted " + body);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> causes(FakeKubeException e) {
        return (List<Map<String, Object>>) ((Map<String, Object>) e.status().get("details")).get("causes");
    }

    @Test
    void badNameIsInvalidWithTheRealMessage() {
        FakeKubeException e = rejected(configMaps, "default", yaml("metadata: {name: Bad_Name}"));
        assertThat(e.code()).isEqualTo(422);
        assertThat(e.reason()).isEqualTo("Invalid");
        assertThat(e.getMessage()).isEqualTo("ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: "
                + "\"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
                + "'-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
                + "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        Map<String, Object> details = (Map<String, Object>) e.status().get("details");
        assertThat(details).containsEntry("name", "Bad_Name").containsEntry("kind", "ConfigMap");
        assertThat(causes(e)).singleElement().satisfies(c -> assertThat(c)
                .containsEntry("reason", "FieldValueInvalid").containsEntry("field", "metadata.name"));
    }

    @Test
    void missingNameIsRequired() {
        FakeKubeException e = rejected(configMaps, "default", yaml("data: {a: b}"));
        assertThat(e.getMessage()).isEqualTo("ConfigMap \"\" is invalid: metadata.name: Required value: name or "
                + "generateName is required");
        assertThat(causes(e).get(0)).containsEntry("reason", "FieldValueRequired");
    }

    @Test
    void namespaceAndServiceNamesUseLabelRules() {
        assertThat(rejected(kube.type("", "v1", "namespaces"), "", yaml("metadata: {name: a.b}")).getMessage())
                .contains("a lowercase RFC 1123 label must consist of");
        assertThat(rejected(kube.type("", "v1", "services"), "default", yaml("metadata: {name: 1svc}")).getMessage())
                .contains("a DNS-1035 label must consist of");
    }

    @Test
    void badLabelsAreInvalidWithOneCauseEach() {
        FakeKubeException e = rejected(configMaps, "default",
                yaml("metadata: {name: x, labels: {'bad key!': v, ok: 'bad value'}}"));
        assertThat(causes(e)).hasSize(2);
        assertThat(e.getMessage()).startsWith("ConfigMap \"x\" is invalid: [metadata.labels: Invalid value: "
                + "\"bad key!\": name part must consist of alphanumeric characters");
        assertThat(causes(e).get(1).get("message").toString()).startsWith("Invalid value: \"bad value\": a valid "
                + "label must be an empty string or consist of alphanumeric characters");
        FakeKubeException longValue = rejected(configMaps, "default",
                yaml("metadata: {name: x, labels: {k: " + "v".repeat(64) + "}}"));
        assertThat(longValue.getMessage()).contains("must be no more than 63 characters");
    }

    @Test
    void annotationsOverTheTotalLimitAreTooLong() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("metadata", new LinkedHashMap<>(Map.of("name", "x",
                "annotations", Map.of("big", "x".repeat(262_144)))));
        FakeKubeException e = rejected(configMaps, "default", body);
        assertThat(e.getMessage()).isEqualTo("ConfigMap \"x\" is invalid: metadata.annotations: Too long: may not "
                + "be more than 262144 bytes");
        assertThat(causes(e).get(0)).containsEntry("reason", "FieldValueTooLong");
        body.put("metadata", new LinkedHashMap<>(Map.of("name", "x",
                "annotations", Map.of("big", "x".repeat(262_141)))));
        assertThat(kube.create(configMaps, "default", body, WriteOptions.defaults()).created()).isTrue();
    }

    @Test
    void apiVersionOrKindMismatchIsBadRequest() {
        assertThatThrownBy(() -> kube.create(configMaps, "default", yaml("apiVersion: apps/v1\nmetadata: {name: x}"),
                WriteOptions.defaults()))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> assertThat(e.code()).isEqualTo(400));
        assertThatThrownBy(() -> kube.create(configMaps, "default", yaml("kind: Secret\nmetadata: {name: x}"),
                WriteOptions.defaults()))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> assertThat(e.code()).isEqualTo(400));
    }

    @Test
    void nameOnTheUrlMustMatchTheBody() {
        kube.create(configMaps, "default", yaml("metadata: {name: x}"), WriteOptions.defaults());
        assertThatThrownBy(() -> kube.update(configMaps, "default", "x", yaml("metadata: {name: y}"),
                WriteOptions.defaults()))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo(
                            "the name of the object (y) does not match the name on the URL (x)");
                });
    }

    @Test
    void immutableConfigMapRejectsDataChanges() {
        kube.create(configMaps, "default", yaml("metadata: {name: x}\ndata: {a: '1'}\nimmutable: true"),
                WriteOptions.defaults());
        assertThatThrownBy(() -> kube.patch(configMaps, "default", "x", PatchType.MERGE, "{\"data\":{\"a\":\"2\"}}",
                WriteOptions.defaults()))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("data: Forbidden: field is immutable when `immutable` is set");
                });
        kube.patch(configMaps, "default", "x", PatchType.MERGE, "{\"metadata\":{\"labels\":{\"ok\":\"yes\"}}}",
                WriteOptions.defaults());
    }

    @Test
    void secretDataMustBeBase64() {
        ResourceType secrets = kube.type("", "v1", "secrets");
        FakeKubeException e = rejected(secrets, "default", yaml("metadata: {name: s}\ndata: {k: 'not base64!'}"));
        assertThat(e.code()).isEqualTo(400);
        assertThat(e.getMessage()).doesNotContain("not base64!");
    }

    @Test
    void ownerReferencesNeedUid() {
        FakeKubeException e = rejected(configMaps, "default", yaml("metadata: {name: x, ownerReferences: "
                + "[{apiVersion: v1, kind: ConfigMap, name: o}]}"));
        assertThat(e.getMessage()).contains("metadata.ownerReferences.uid");
    }

    @Test
    void uidIsImmutable() {
        kube.create(configMaps, "default", yaml("metadata: {name: x}"), WriteOptions.defaults());
        assertThatThrownBy(() -> kube.update(configMaps, "default", "x", yaml("metadata: {name: x, uid: other}"),
                WriteOptions.defaults()))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> assertThat(e.code()).isEqualTo(422));
    }
}
