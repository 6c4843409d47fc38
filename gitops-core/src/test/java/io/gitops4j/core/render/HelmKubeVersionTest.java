package io.gitops4j.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.InvalidSpecException;
import io.gitops4j.api.render.HelmOptions;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import io.gitops4j.api.resource.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes version a chart is rendered for: the one in {@link HelmOptions#kubeVersion()}, else the newest
 * minor gitops4j supports, checked against the chart's {@code kubeVersion} and seen as {@code .Capabilities}.
 */
class HelmKubeVersionTest {
    @TempDir
    Path repo;

    private void chart(String constraint) throws IOException {
        Files.createDirectories(repo.resolve("c/templates"));
        Files.writeString(repo.resolve("c/Chart.yaml"), "apiVersion: v2\nname: c\nversion: 0.1.0\nkubeVersion: \""
                + constraint + "\"\n");
        Files.writeString(repo.resolve("c/templates/cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
                + "  name: caps\ndata:\n  kube: {{ .Capabilities.KubeVersion.Version | quote }}\n"
                + "  minor: {{ .Capabilities.KubeVersion.Minor | quote }}\n"
                + "  apps: {{ .Capabilities.APIVersions.Has \"apps/v1\" | quote }}\n");
    }

    private Manifest caps(HelmOptions options) {
        return HelmRendererTest.render(new HelmRenderer(), repo, "c", options).stream().findFirst().orElseThrow();
    }

    @Test
    @DisplayName("RD-22 a chart requiring kubeVersion >=1.23.0-0 renders as the newest supported minor (1.33) when "
            + "no version is set")
    void modernChartRendersByDefault() throws IOException {
        chart(">=1.23.0-0");
        Manifest cm = caps(HelmOptions.release("r"));
        assertThat(cm.get("data", "kube")).contains("v1.33.0");
        assertThat(cm.get("data", "minor")).contains("33");
        assertThat(cm.get("data", "apps")).contains("true");
    }

    @Test
    @DisplayName("RD-22 the version set in HelmOptions is what the chart sees and is checked against")
    void versionFromOptions() throws IOException {
        chart(">=1.23.0-0");
        assertThat(caps(HelmOptions.release("r").withKubeVersion("1.31")).get("data", "minor")).contains("31");
        chart(">=1.32.0-0");
        RenderException e = catchRender(HelmOptions.release("r").withKubeVersion("v1.31.4"));
        assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT);
        assertThat(e.getMessage()).isEqualTo("helm template failed: chart requires kubeVersion: >=1.32.0-0 which is "
                + "incompatible with Kubernetes v1.31.4");
    }

    @Test
    @DisplayName("RD-22 a chart requiring <1.20 is refused with the constraint and the version in the error")
    void oldChartRefused() throws IOException {
        chart("<1.20");
        RenderException e = catchRender(HelmOptions.release("r"));
        assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT);
        assertThat(e.getMessage()).isEqualTo("helm template failed: chart requires kubeVersion: <1.20 which is "
                + "incompatible with Kubernetes v1.33.0");
    }

    @Test
    @DisplayName("a kube version that is not a Kubernetes version is refused when the options are built")
    void invalidVersionRefused() {
        assertThatThrownBy(() -> HelmOptions.release("r").withKubeVersion("latest"))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("'latest' is not a Kubernetes version");
    }

    private RenderException catchRender(HelmOptions options) {
        try {
            HelmRendererTest.render(new HelmRenderer(), repo, "c", options);
        } catch (RenderException e) {
            return e;
        }
        throw new AssertionError("the render did not fail");
    }
}
