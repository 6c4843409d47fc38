package io.gitops4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.git.ToolCheck;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./gitops4j reconcile} against objects the real kubectl wrote to the same fake API server. */
class ReconcileCommandIT {
    @TempDir
    Path dir;

    @Test
    @DisplayName("DA-01 a field kubectl apply --server-side owns with another value: that object fails naming the "
            + "manager and the field, the others apply, exit 1")
    void conflictWithKubectl() throws Exception {
        Path kubectl = ToolCheck.require("kubectl", "kubectl");
        try (FakeApiServer server = FakeApiServer.start()) {
            Path theirs = dir.resolve("theirs.yaml");
            Files.writeString(theirs, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\n"
                    + "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\n"
                    + "data:\n  mode: blue\n");
            Process p = new ProcessBuilder(kubectl.toString(), "--kubeconfig", server.kubeconfig().toString(), "apply",
                    "--server-side", "-f", theirs.toString()).redirectErrorStream(true).start();
            String kubectlOutput = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(kubectlOutput).isZero();
            Path ours = Files.createDirectory(dir.resolve("repo"));
            Files.writeString(ours.resolve("settings.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
                    + "  name: settings\n  namespace: shop\ndata:\n  mode: green\n");
            Files.writeString(ours.resolve("other.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
                    + "  name: other\n  namespace: shop\ndata:\n  mode: green\n");

            CliRun run = CliRun.of("reconcile", "--kubeconfig", server.kubeconfig().toString(), "--dir",
                    ours.toString(), "--app", "shop");

            assertThat(run.exit()).as(run.all()).isEqualTo(1);
            assertThat(run.out()).containsPattern("(?m)^failed +ConfigMap +shop/settings .* error CONFLICT: .*"
                    + "conflict with \"kubectl\": \\.data\\.mode$")
                    .containsPattern("(?m)^created +ConfigMap +shop/other +health HEALTHY$");
            assertThat(run.out().lines().reduce((a, b) -> b).orElseThrow()).startsWith("FAILED shop at ");
            assertThat(run.err()).startsWith("error: APPLY CONFLICT: ").contains("\"kubectl\"").hasLineCount(1);
        }
    }
}
