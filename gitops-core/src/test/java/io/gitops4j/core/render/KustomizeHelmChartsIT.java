package io.gitops4j.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.render.KustomizeOptions;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ManifestSet;
import io.gitops4j.api.source.Snapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kustomize overlay inflating a Helm chart ({@code helmCharts}, enableHelm) whose dependency is a {@code file://}
 * path in the same repository, as in Argo CD's "kustomized-helm" example: the real {@code kubectl kustomize} runs
 * gitops4j's Helm as its helm command, so no helm binary is needed and nobody built {@code charts/}.
 */
class KustomizeHelmChartsIT {
    private static KustomizeRenderer renderer;

    @TempDir
    Path repo;

    @BeforeAll
    static void tool() {
        renderer = new KustomizeRenderer(KustomizeTool.kubectl(KubectlTool.require()), YamlLimits.defaults());
    }

    private void write(String path, String content) throws IOException {
        Files.createDirectories(repo.resolve(path).getParent());
        Files.writeString(repo.resolve(path), content, StandardCharsets.UTF_8);
    }

    private ManifestSet render(String path) {
        KustomizeOptions helm = KustomizeOptions.defaults().withEnableHelm(true);
        try (Snapshot snapshot = LocalSnapshots.open(repo)) {
            return renderer.render(snapshot, new RenderSpec(RenderSpec.KUSTOMIZE, path, helm));
        }
    }

    private void charts(String dependencyRepository) throws IOException {
        String chart = "kustomized-helm/charts/helm-guestbook/";
        write(chart + "Chart.yaml", "apiVersion: v2\nname: helm-guestbook\nversion: 0.1.0\n"
                + "dependencies:\n- name: common\n  version: 0.1.0\n  repository: " + dependencyRepository + "\n");
        write(chart + "values.yaml", "replicaCount: 1\n");
        write(chart + "templates/service.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n"
                + "  name: {{ .Release.Name }}-ui\nspec:\n  ports:\n  - port: 80\n");
        write("libs/common/Chart.yaml", "apiVersion: v2\nname: common\nversion: 0.1.0\n");
        write("libs/common/values.yaml", "{}\n");
        write("libs/common/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
                + "  name: {{ .Release.Name }}-common\n");
        write("kustomized-helm/kustomization.yaml", "helmCharts:\n"
                + "- name: helm-guestbook\n  releaseName: gb\n  namespace: demo\n"
                + "commonLabels:\n  overlay: kustomized-helm\n");
    }

    @Test
    @DisplayName("RD-23 kustomize helmCharts inflate a chart whose file:// dependency comes from the same repository")
    void helmChartsWithFileDependency() throws IOException {
        charts("file://../../../libs/common");
        ManifestSet set = render("kustomized-helm");
        assertThat(set.stream().map(Manifest::name)).containsExactlyInAnyOrder("gb-ui", "gb-common");
        assertThat(set.stream()).allSatisfy(m -> assertThat(m.labels()).containsEntry("overlay", "kustomized-helm"));
    }

    @Test
    @DisplayName("RD-23 a helmCharts chart whose file:// dependency leaves the repository is refused, naming it")
    void helmChartsDependencyOutsideRefused() throws IOException {
        charts("file://../../../../../etc");
        try {
            render("kustomized-helm");
            throw new AssertionError("the render did not fail");
        } catch (RenderException e) {
            assertThat(e.getMessage()).contains("dependency 'common' (file://../../../../../etc): the path is outside "
                    + "the repository or not readable").doesNotContain(repo.toString());
        }
    }
}
