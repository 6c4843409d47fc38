package io.gitops4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./gitops4j render --renderer helm}: the Kubernetes version flag, exit codes and the error format. */
class RenderCommandHelmTest {
    @TempDir
    Path repo;

    private String chart(String constraint) throws IOException {
        Path chart = repo.resolve("chart");
        Files.createDirectories(chart.resolve("templates"));
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: c\nversion: 0.1.0\nkubeVersion: \""
                + constraint + "\"\n");
        Files.writeString(chart.resolve("templates/cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
                + "  name: caps\ndata:\n  kube: {{ .Capabilities.KubeVersion.Version | quote }}\n");
        return chart.toString();
    }

    @Test
    @DisplayName("RD-22 without --kube-version a chart requiring >=1.23.0-0 renders as Kubernetes 1.33")
    void newestByDefault() throws IOException {
        String chart = chart(">=1.23.0-0");
        CliRun run = CliRun.of("render", "--renderer", "helm", "--root", repo.toString(), "--path", chart);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("kube: v1.33.0");
        assertThat(run.err()).isEqualTo("render: 1 objects\n");
    }

    @Test
    @DisplayName("RD-22 --kube-version 1.31: the chart sees and is checked against 1.31")
    void kubeVersionFlag() throws IOException {
        String chart = chart(">=1.23.0-0");
        CliRun run = CliRun.of("render", "--renderer", "helm", "--root", repo.toString(), "--path", chart,
                "--kube-version", "1.31");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("kube: v1.31.0");
    }

    @Test
    @DisplayName("RD-22 a chart the version does not satisfy: exit 1, the constraint on stderr, nothing on stdout")
    void unsatisfiedConstraint() throws IOException {
        String chart = chart("<1.20");
        CliRun run = CliRun.of("render", "--renderer", "helm", "--root", repo.toString(), "--path", chart);
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("error: helm template failed: chart requires kubeVersion: <1.20 which is "
                + "incompatible with Kubernetes v1.33.0\n");
    }

    @Test
    @DisplayName("--kube-version that is not a version: exit 2 with the usage")
    void badKubeVersion() throws IOException {
        String chart = chart(">=1.23.0-0");
        CliRun run = CliRun.of("render", "--renderer", "helm", "--root", repo.toString(), "--path", chart,
                "--kube-version", "latest");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("--kube-version latest is not a Kubernetes version such as 1.31")
                .contains("Usage: gitops4j render");
    }
}
