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
