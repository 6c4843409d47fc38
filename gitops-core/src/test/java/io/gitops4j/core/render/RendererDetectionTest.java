package io.gitops4j.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.render.AutoOptions;
import io.gitops4j.api.render.HelmOptions;
import io.gitops4j.api.render.KustomizeOptions;
import io.gitops4j.api.render.PlainYamlOptions;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.render.Substitution;
import io.gitops4j.api.source.Snapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code auto}: the renderer chosen from the files at the path, as Argo CD and Flux users expect. */
class RendererDetectionTest {
    static final Path AUTO_FLUX = Path.of("src/test/resources/auto-flux");

    @TempDir
    Path repo;

    private void write(String path, String content) throws IOException {
        Path p = repo.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    private String detect(String path) {
        try (Snapshot snapshot = LocalSnapshots.open(repo)) {
            return RendererDetection.detect(snapshot, path);
        }
    }

    @Test
    void chartYamlIsHelm() throws IOException {
        write("app/Chart.yaml", "apiVersion: v2\nname: app\nversion: 0.1.0\n");
        write("app/kustomization.yaml", "resources: []\n");
        assertThat(detect("app")).isEqualTo(RenderSpec.HELM);
    }

    @ParameterizedTest
    @ValueSource(strings = {"kustomization.yaml", "kustomization.yml", "Kustomization"})
    void aKustomizationIsKustomize(String name) throws IOException {
        write("app/" + name, "resources: []\n");
        assertThat(detect("app")).isEqualTo(RenderSpec.KUSTOMIZE);
    }

    @Test
    void yamlFilesAloneArePlainAtAnyDepthAsAreAFileAndAMissingPath() throws IOException {
        write("app/a.yaml", "kind: x\n");
        write("app/sub/deeper/b.yml", "kind: x\n");
        write("app/.hidden/kustomization.yaml", "resources: []\n");
        assertThat(detect("app")).isEqualTo(RenderSpec.PLAIN);
        assertThat(detect("app/a.yaml")).isEqualTo(RenderSpec.PLAIN);
        assertThat(detect("nope")).isEqualTo(RenderSpec.PLAIN);
    }

    @Test
    void aKustomizationBelowAtAnyDepthIsKustomizeBuiltAsFluxBuildsIt() throws IOException {
        write("app/a.yaml", "kind: x\n");
        write("app/x/y/kustomization.yaml", "resources: []\n");
        assertThat(detect("app")).isEqualTo(RenderSpec.KUSTOMIZE);
        try (Snapshot snapshot = LocalSnapshots.open(AUTO_FLUX)) {
            assertThat(RendererDetection.detect(snapshot, "")).isEqualTo(RenderSpec.KUSTOMIZE);
            assertThat(GeneratedKustomization.resources(snapshot, "")).as("Flux's walk: kustomization directories "
                    + "listed and not entered, YAML files listed, hidden entries and other files left out")
                    .containsExactly("apps", "infra/nested", "infra/quota.yaml", "namespace.yaml");
        }
    }

    @Test
    void resolveKeepsPathAndSubstitutionAndTakesTheChosenRenderersOptions() throws IOException {
        write("plain/a.yaml", "kind: x\n");
        write("chart/Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\n");
        KustomizeOptions kustomize = KustomizeOptions.defaults();
        PlainYamlOptions plain = PlainYamlOptions.defaults().withRecursive(false);
        Substitution substitution = Substitution.of(Map.of("A", "b"));
        RenderSpec auto = RenderSpec.auto().withOptions(AutoOptions.defaults().withPlain(plain)
                .withKustomize(kustomize)).withSubstitution(substitution);
        try (Snapshot snapshot = LocalSnapshots.open(repo)) {
            RenderSpec resolved = RendererDetection.resolve(snapshot, auto.withPath("plain"), "shop");
            assertThat(resolved).isEqualTo(new RenderSpec(RenderSpec.PLAIN, "plain", plain, substitution));
            RenderSpec chart = RendererDetection.resolve(snapshot, auto.withPath("chart"), "shop");
            assertThat(chart.renderer()).isEqualTo(RenderSpec.HELM);
            assertThat(chart.options(HelmOptions.class).releaseName()).as("the Application's name").isEqualTo("shop");
            RenderSpec explicit = RendererDetection.resolve(snapshot, auto.withPath("chart").withOptions(
                    AutoOptions.defaults().withHelm(HelmOptions.release("web"))), "shop");
            assertThat(explicit.options(HelmOptions.class).releaseName()).isEqualTo("web");
            assertThatThrownBy(() -> RendererDetection.resolve(snapshot, auto.withPath("chart"), "Not_A_Release"))
                    .isInstanceOf(RenderException.class).hasMessageContaining("AutoOptions.helm");
            RenderSpec fixed = RenderSpec.kustomize().withPath("plain");
            assertThat(RendererDetection.resolve(snapshot, fixed, "shop")).as("not auto: as it is").isSameAs(fixed);
        }
    }
}
