package io.gitops4j.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.TargetException.Reason;
import io.gitops4j.testkit.FakeApiServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connecting: kubeconfig contexts and credentials, the User-Agent, errors without host paths. */
class KubernetesTargetConnectionTest {
    @TempDir
    Path dir;

    private static String kubeconfig(String current, String goodServer, String token) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: good
                  cluster: {server: "%s"}
                - name: dead
                  cluster: {server: "http://127.0.0.1:9"}
                users:
                - name: robot
                  user: {token: "%s"}
                contexts:
                - name: staging
                  context: {cluster: dead, user: robot}
                - name: prod
                  context: {cluster: good, user: robot}
                current-context: %s
                """.formatted(goodServer, token, current);
    }

    @Test
    void aKubeconfigContextIsChosenByName() throws Exception {
        try (FakeApiServer server = FakeApiServer.builder().kubernetesMinor(31).start()) {
            Path file = Files.writeString(dir.resolve("config"), kubeconfig("staging", server.url(), "t0ken"));

            try (KubernetesTarget target = KubernetesTarget.builder().kubeconfig(file, "prod").build()) {
                assertThat(target.view().serverVersion().orElseThrow().minor()).isEqualTo(31);
            }
            try (KubernetesTarget target = KubernetesTarget.builder().kubeconfig(server.kubeconfig()).build()) {
                assertThat(target.view().kinds()).isNotEmpty();
            }
        }
    }

    @Test
    void aMissingContextIsInvalidAndNamesTheFileWithoutItsPath() throws Exception {
        Path file = Files.writeString(dir.resolve("acme-config"), kubeconfig("prod", "http://127.0.0.1:9", "x"));

        assertThatThrownBy(() -> KubernetesTarget.builder().kubeconfig(file, "nope").build())
                .isInstanceOfSatisfying(TargetException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID);
                    assertThat(e.getMessage()).isEqualTo("kubeconfig acme-config: has no context named 'nope'")
                            .doesNotContain(dir.toString());
                });
        assertThatThrownBy(() -> KubernetesTarget.builder().kubeconfig(dir.resolve("absent")).build())
                .isInstanceOfSatisfying(TargetException.class, e -> assertThat(e.getMessage())
                        .startsWith("kubeconfig absent: cannot be read").doesNotContain(dir.toString()));
    }

    @Test
    void requestsCarryTheUserAgentAndTheKubeconfigToken() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<List<String>> headers = CompletableFuture.supplyAsync(() -> answerVersion(socket));
            Path file = Files.writeString(dir.resolve("config"), kubeconfig("prod",
                    "http://127.0.0.1:" + socket.getLocalPort(), "s3cr3t-t0ken"));

            try (KubernetesTarget target = KubernetesTarget.builder().kubeconfig(file).build()) {
                assertThat(target.view().serverVersion().orElseThrow().majorMinor()).isEqualTo("1.30");
            }

            List<String> seen = headers.get(10, TimeUnit.SECONDS);
            assertThat(seen.get(0)).startsWith("GET /version ");
            assertThat(seen).anySatisfy(h -> assertThat(h.toLowerCase()).startsWith("user-agent: gitops4j/"));
            assertThat(seen).anySatisfy(h -> assertThat(h).isEqualToIgnoringCase("Authorization: Bearer s3cr3t-t0ken"));
        }
    }

    @Test
    void anExecCredentialPluginsTokenIsSent() throws Exception {
        Path plugin = dir.resolve("token-plugin");
        Files.writeString(plugin, """
                #!/bin/sh
                echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"ex3c-t0ken"}}'
                """);
        assertThat(plugin.toFile().setExecutable(true)).isTrue();
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<List<String>> headers = CompletableFuture.supplyAsync(() -> answerVersion(socket));
            Path file = Files.writeString(dir.resolve("config"), """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: c
                      cluster: {server: "http://127.0.0.1:%d"}
                    users:
                    - name: u
                      user:
                        exec:
                          apiVersion: client.authentication.k8s.io/v1
                          command: ./token-plugin
                          interactiveMode: Never
                    contexts:
                    - name: ctx
                      context: {cluster: c, user: u}
                    current-context: ctx
                    """.formatted(socket.getLocalPort()));

            try (KubernetesTarget target = KubernetesTarget.builder().kubeconfig(file).build()) {
                assertThat(target.view().serverVersion().orElseThrow().majorMinor()).isEqualTo("1.30");
            }

            assertThat(headers.get(10, TimeUnit.SECONDS))
                    .anySatisfy(h -> assertThat(h).isEqualToIgnoringCase("Authorization: Bearer ex3c-t0ken"));
        }
    }

    @Test
    void inClusterOutsideAClusterIsInvalidWithoutAPath() {
        assertThat(System.getenv("KUBERNETES_SERVICE_HOST")).as("this test runs outside a cluster").isNull();

        assertThatThrownBy(() -> KubernetesTarget.builder().inCluster().build())
                .isInstanceOfSatisfying(TargetException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID);
                    assertThat(e.getMessage()).startsWith("in-cluster configuration: not available")
                            .doesNotContain("/var/run");
                });
    }

    /** Answers one {@code GET /version} (v1.30) on {@code socket}; returns the request line and headers it read. */
    static List<String> answerVersion(ServerSocket socket) {
        List<String> lines = new ArrayList<>();
        try (Socket s = socket.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.isEmpty()) {
                lines.add(line);
            }
            byte[] body = "{\"major\":\"1\",\"minor\":\"30\",\"gitVersion\":\"v1.30.2\"}"
                    .getBytes(StandardCharsets.UTF_8);
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
        } catch (java.io.IOException e) {
            lines.add("failed: " + e);
        }
        return lines;
    }
}
