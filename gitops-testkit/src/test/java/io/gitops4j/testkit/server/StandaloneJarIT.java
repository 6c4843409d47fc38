package io.gitops4j.testkit.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code java -jar target/gitops-testkit-fake-apiserver.jar --port 0 --kubeconfig FILE} as a user runs it. */
class StandaloneJarIT {
    @Test
    void printsOneListeningLineWritesAKubeconfigAndServes(@TempDir Path dir) throws Exception {
        Path jar = Path.of("target/gitops-testkit-fake-apiserver.jar");
        assertThat(jar).as("built by the package phase").isRegularFile();
        Path kubeconfig = dir.resolve("kc.yaml");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-jar", jar.toString(), "--port", "0", "--kubeconfig",
                kubeconfig.toString(), "--minor", "30").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).matches("listening on http://127\\.0\\.0\\.1:\\d+");
            String url = line.substring("listening on ".length());
            assertThat(Files.readString(kubeconfig)).contains("server: " + url);
            HttpResponse<String> version = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url + "/version")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(version.body()).contains("\"minor\":\"30\"");
            assertThat(p.isAlive()).isTrue();
        } finally {
            p.destroy();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void badArgumentsExitWith2() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-jar", "target/gitops-testkit-fake-apiserver.jar", "--bogus", "1")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(output).contains("unknown option --bogus");
    }

    @Test
    void withControlAnswersCommandsOnStdinAndStopsWhenStdinEnds() throws Exception {
        Path jar = Path.of("target/gitops-testkit-fake-apiserver.jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-jar", jar.toString(), "--port", "0", "--control")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             var in = new java.io.PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8)) {
            String url = out.readLine().substring("listening on ".length());
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/api/v1/namespaces")).build(),
                    HttpResponse.BodyHandlers.ofString());
            in.println("requests");
            assertThat(out.readLine()).startsWith("{\"total\":1,\"byVerb\":{\"list\":1}");
            in.println("throttle 1");
            assertThat(out.readLine()).isEqualTo("ok");
            HttpResponse<String> throttled = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(url + "/api/v1/namespaces")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(throttled.statusCode()).isEqualTo(429);
        } finally {
            // stdin closed by the try block: the server stops by itself
            boolean exited = p.waitFor(20, TimeUnit.SECONDS);
            if (!exited) {
                p.destroyForcibly();
            }
            assertThat(exited).as("stopped when stdin ended").isTrue();
            assertThat(p.exitValue()).isZero();
        }
    }
}
