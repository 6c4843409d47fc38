package io.gitops4j.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.resource.Manifest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FieldDiffTest {
    private static Manifest deployment(Object replicas, Map<String, Object> extraContainerFields) {
        Map<String, Object> container = new java.util.LinkedHashMap<>(Map.of("name", "app", "image", "nginx:1"));
        container.putAll(extraContainerFields);
        return Manifest.of(Map.of("apiVersion", "apps/v1", "kind", "Deployment",
                "metadata", Map.of("name", "web", "namespace", "shop", "uid", "u1", "resourceVersion", "7"),
                "spec", Map.of("replicas", replicas, "template", Map.of("spec", Map.of("containers",
                        List.of(container))))));
    }

    @Test
    @DisplayName("DA-10 server-added fields, metadata and equal numbers are not differences")
    void serverDefaultsAreNotDifferences() {
        Manifest desired = deployment(2, Map.of());
        Manifest live = deployment(2.0, Map.of("terminationMessagePath", "/dev/termination-log"))
                .with("status", Map.of("replicas", 2));
        assertThat(FieldDiff.between(desired, live)).isEmpty();
    }

    @Test
    @DisplayName("DA-10 resource quantities compare by amount, as the server stores them, and only where the schema"
            + " says quantity")
    void quantitiesCompareByAmount() {
        Manifest desired = deployment(2, Map.of("resources", Map.of(
                "requests", Map.of("cpu", 0.5, "memory", "1024Mi"), "limits", Map.of("cpu", "1000m", "memory", 1))));
        Manifest live = deployment(2, Map.of("resources", Map.of(
                "requests", Map.of("cpu", "500m", "memory", "1Gi"), "limits", Map.of("cpu", "1", "memory", "1"))));
        assertThat(FieldDiff.between(desired, live)).isEmpty();

        Manifest more = deployment(2, Map.of("resources", Map.of("requests", Map.of("cpu", "600m"))));
        assertThat(FieldDiff.between(more, live)).singleElement().satisfies(c -> assertThat(c.toString())
                .isEqualTo(".spec.template.spec.containers[name=\"app\"].resources.requests.cpu: \"500m\" → \"600m\""));

        // the same spellings outside a quantity field are different values
        Manifest envWant = deployment(2, Map.of("env", List.of(Map.of("name", "X", "value", "1000m"))));
        Manifest envHave = deployment(2, Map.of("env", List.of(Map.of("name", "X", "value", "1"))));
        assertThat(FieldDiff.between(envWant, envHave)).hasSize(1);
        // and custom resources have no built-in schema: plain comparison
        Manifest cr = Manifest.of(Map.of("apiVersion", "example.com/v1", "kind", "Widget",
                "metadata", Map.of("name", "w"), "spec", Map.of("resources", Map.of("cpu", "0.5"))));
        Manifest crLive = Manifest.of(Map.of("apiVersion", "example.com/v1", "kind", "Widget",
                "metadata", Map.of("name", "w"), "spec", Map.of("resources", Map.of("cpu", "500m"))));
        assertThat(FieldDiff.between(cr, crLive)).hasSize(1);
    }

    @Test
    void changedLeavesAreReportedWithKubectlPaths() {
        var diff = FieldDiff.between(deployment(3, Map.of()), deployment(2, Map.of()));
        assertThat(diff).singleElement().hasToString(".spec.replicas: 2 → 3");
        var image = FieldDiff.between(deployment(2, Map.of("image", "nginx:2")), deployment(2, Map.of()));
        assertThat(image).singleElement().satisfies(c ->
                assertThat(c.path()).isEqualTo(".spec.template.spec.containers[name=\"app\"].image"));
    }

    @Test
    @DisplayName("DA-11 a Secret's data and last-applied annotation are redacted")
    void secretsAreRedacted() {
        Manifest desired = Manifest.of(Map.of("apiVersion", "v1", "kind", "Secret",
                "metadata", Map.of("name", "db", "annotations", Map.of(
                        "kubectl.kubernetes.io/last-applied-configuration", "{\"data\":\"CANARY-SECRET-2\"}")),
                "data", Map.of("password", "Q0FOQVJZLVNFQ1JFVC0y")));
        Manifest live = Manifest.of(Map.of("apiVersion", "v1", "kind", "Secret",
                "metadata", Map.of("name", "db", "annotations", Map.of(
                        "kubectl.kubernetes.io/last-applied-configuration", "{\"data\":\"CANARY-SECRET-1\"}")),
                "data", Map.of("password", "Q0FOQVJZLVNFQ1JFVC0x")));
        var diff = FieldDiff.between(desired, live);
        assertThat(diff).hasSize(2).allSatisfy(c -> assertThat(c.toString())
                .doesNotContain("CANARY").doesNotContain("Q0FOQVJZ").contains("<redacted sha256:"));
    }
}
