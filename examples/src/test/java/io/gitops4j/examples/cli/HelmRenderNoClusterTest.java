package io.gitops4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.kube.WriteOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RD-14: {@code ./gitops4j render --renderer helm} started, as a user would start it, from a shell whose environment
 * points at a live cluster (a {@link FakeApiServer} holding a Secret): its kubeconfig in {@code KUBECONFIG} and in
 * {@code ~/.kube/config}, and the in-cluster variables set. Templates reach {@code lookup} in the three ways that got
 * past the old text rewrite; the server must see no request at all and the Secret must not appear.
 */
class HelmRenderNoClusterTest {
    private static final String CANARY = "CANARY-SECRET-helm-lookup";

    @TempDir
    Path dir;

    @Test
    @DisplayName("RD-14 lookup through tpl, tplvalues and a \"}}\" string: no request reaches the cluster the "
            + "environment names, no Secret data in the output")
    void lookupNeverReachesTheAmbientCluster() throws Exception {
        try (FakeApiServer server = FakeApiServer.start()) {
            FakeKube kube = server.kube();
            kube.create(kube.type("", "v1", "namespaces"), null, Map.of("apiVersion", "v1", "kind", "Namespace",
                    "metadata", Map.of("name", "prod")), WriteOptions.defaults());
            kube.create(kube.type("", "v1", "secrets"), "prod", Map.of("apiVersion", "v1", "kind", "Secret",
                    "metadata", Map.of("name", "db", "namespace", "prod"), "data", Map.of("password",
                    Base64.getEncoder().encodeToString(CANARY.getBytes(StandardCharsets.UTF_8)))),
                    WriteOptions.defaults());
            long before = server.requests().total();

            Path chart = dir.resolve("repo/chart");
            write(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: probe\nversion: 0.1.0\n");
            write(chart.resolve("values.yaml"), "extra: '{{ lookup \"v1\" \"Secret\" \"prod\" \"db\" | toJson }}'\n");
            write(chart.resolve("templates/probe.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
                    + "  name: probe\ndata:\n"
                    + "  viaTpl: {{ tpl (printf \"{{ look%s \\\"v1\\\" \\\"Secret\\\" \\\"prod\\\" \\\"db\\\" | toJson }}\""
                    + " \"up\") . | quote }}\n"
                    + "  viaValues: {{ tpl .Values.extra . | quote }}\n"
                    + "  viaBraces: {{ list \"}}\" (lookup \"v1\" \"Secret\" \"prod\" \"db\") | toJson | quote }}\n");
            Path home = dir.resolve("home");
            write(home.resolve(".kube/config"), Files.readString(server.kubeconfig()));

            ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin",
                    "java").toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName(), "render",
                    "--renderer", "helm", "--root", dir.resolve("repo").toString(), "--path", chart.toString()))
                    .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
            builder.environment().put("KUBECONFIG", server.kubeconfig().toString());
            builder.environment().put("HOME", home.toString());
            builder.environment().put("KUBERNETES_SERVICE_HOST", "127.0.0.1");
            builder.environment().put("KUBERNETES_SERVICE_PORT", Integer.toString(server.port()));
            Process process = builder.start();
            assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
            String out = Files.readString(dir.resolve("out.txt"));
            String err = Files.readString(dir.resolve("err.txt"));

            assertThat(process.exitValue()).as(err).isZero();
            assertThat(server.requests().total() - before).as("requests that reached the cluster").isZero();
            assertThat(out).contains("viaTpl: \"{}\"", "viaValues: \"{}\"", "viaBraces: \"[\\\"}}\\\",{}]\"");
            assertThat(out + err).doesNotContain(CANARY)
                    .doesNotContain(Base64.getEncoder().encodeToString(CANARY.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
