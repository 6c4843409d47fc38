package io.gitops4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.testkit.git.ToolCheck;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./gitops4j render --renderer kustomize} against the real {@code kubectl kustomize} on the same tree. */
class RenderCommandIT {
    @TempDir
    Path repo;

    private void write(String path, String content) throws Exception {
        Path p = repo.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    @Test
    @DisplayName("a Kustomize overlay prints exactly what kubectl kustomize prints")
    void kustomizeOverlayEqualsKubectlKustomize() throws Exception {
        Path kubectl = kubectl();
        write("base/kustomization.yaml", "resources: [deployment.yaml, service.yaml]\nconfigMapGenerator:\n"
                + "- name: settings\n  literals: [MODE=on, LEVEL=010]\n");
        write("base/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n"
                + "  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n"
                + "    spec:\n      containers:\n      - name: web\n        image: nginx:1.25\n"
                + "        envFrom: [{configMapRef: {name: settings}}]\n");
        write("base/service.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n"
                + "  selector: {app: web}\n  ports: [{port: 80}]\n");
        write("overlays/prod/kustomization.yaml", "resources: [../../base]\nnamespace: prod\nnamePrefix: prod-\n"
                + "images:\n- name: nginx\n  newTag: \"1.26\"\nlabels:\n- pairs: {env: prod}\n  includeSelectors: true\n"
                + "replicas:\n- name: web\n  count: 3\n");
        Path overlay = repo.resolve("overlays/prod");

        Process p = new ProcessBuilder(kubectl.toString(), "kustomize", overlay.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String expected = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();

        CliRun run = CliRun.of("render", "--renderer", "kustomize", "--root", repo.toString(), "--path",
                overlay.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(expected).contains("name: prod-web").contains("nginx:1.26");
        assertThat(run.out()).isEqualTo(expected);
        assertThat(run.err()).isEqualTo("render: 3 objects\n");
    }

    @Test
    @DisplayName("the default --renderer auto builds a Flux-style tree (kustomizations below, none at the top) with "
            + "kustomize, substituting after the build")
    void autoBuildsAFluxTreeWithKustomize() throws Exception {
        kubectl();
        write("cluster/namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${NS}\n");
        write("cluster/apps/kustomization.yaml", "resources: [cm.yaml]\nnamespace: ${NS}\n");
        write("cluster/apps/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n");
        CliRun run = CliRun.of("render", "--root", repo.toString(), "--path", repo.resolve("cluster").toString(),
                "--substitute", "NS=prod-eu");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("kind: Namespace", "name: prod-eu", "name: settings", "namespace: prod-eu");
        assertThat(run.err()).isEqualTo("render: 2 objects\n");
    }

    private static Path kubectl() {
        return ToolCheck.require("kubectl", "kubectl");
    }
}
