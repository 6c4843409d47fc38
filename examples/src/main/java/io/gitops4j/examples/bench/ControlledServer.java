package io.gitops4j.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The testkit's standalone fake API server ({@code StandaloneMain --control}) in a JVM of its own, driven through its
 * control channel: the request log's counters, clearing them, throttling. The server stops when this closes its
 * stdin, also when this JVM dies.
 *
 * <p>Not thread-safe: one caller at a time. Every method blocks until the server answered.
 */
final class ControlledServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final Process process;
    private final BufferedReader answers;
    private final PrintWriter commands;
    private final String url;
    private final Path kubeconfig;

    private ControlledServer(Process process, Path kubeconfig) throws IOException {
        this.process = process;
        this.kubeconfig = kubeconfig;
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        String line = answers.readLine();
        if (line == null || !line.startsWith("listening on ")) {
            process.destroyForcibly();
            throw new IllegalStateException("the fake API server did not start; it printed: " + line);
        }
        this.url = line.substring("listening on ".length()).trim();
    }

    /**
     * Starts a server on a free port with this JVM's class path, writing its kubeconfig to {@code kubeconfig}.
     *
     * @param jvmOptions options of the server's JVM (heap size, ...)
     */
    static ControlledServer start(Path kubeconfig, String... jvmOptions) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.gitops4j.testkit.server.StandaloneMain",
                "--port", "0", "--kubeconfig", kubeconfig.toString(), "--control"));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return new ControlledServer(p, kubeconfig);
    }

    /** @return the server's base URL */
    String url() {
        return url;
    }

    /** @return the kubeconfig pointing at the server */
    Path kubeconfig() {
        return kubeconfig;
    }

    /** @return the requests answered since start or the last {@link #clear()} */
    RequestCounts requests() throws IOException {
        JsonNode n = JSON.readTree(command("requests"));
        Map<String, Long> byVerb = new TreeMap<>();
        n.get("byVerb").fields().forEachRemaining(e -> byVerb.put(e.getKey(), e.getValue().asLong()));
        long resources = 0;
        for (JsonNode count : n.get("byResource")) {
            resources += count.asLong();
        }
        Map<String, Long> byStatus = new TreeMap<>();
        n.get("byStatus").fields().forEachRemaining(e -> byStatus.put(e.getKey(), e.getValue().asLong()));
        if (n.get("kept").asLong() != n.get("total").asLong()) {
            throw new IllegalStateException("the server's request log dropped records; counts by status are partial");
        }
        return new RequestCounts(n.get("total").asLong(), byVerb, resources, byStatus);
    }

    /** Forgets the request log. */
    void clear() throws IOException {
        ok(command("clear"));
    }

    /** From now on a seeded fraction {@code p} of all requests is answered 429 with {@code Retry-After}. */
    void throttle(double p, int retryAfterSeconds, long seed) throws IOException {
        ok(command("throttle " + p + " " + retryAfterSeconds + " " + seed));
    }

    /** From now on every request waits {@code millis} before it is served (removed by {@link #unthrottle()}). */
    void latency(long millis) throws IOException {
        ok(command("latency " + millis));
    }

    /** No more throttling. */
    void unthrottle() throws IOException {
        ok(command("unthrottle"));
    }

    /** Creates a namespace with a request of its own (counted in the log: clear it after). */
    void createNamespace(String name) throws IOException, InterruptedException {
        String body = "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/namespaces"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("creating namespace " + name + " answered " + r.statusCode());
        }
    }

    /** @return the server process's CPU time so far (user + system), in nanoseconds; 0 when unknown */
    long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().map(d -> d.toNanos()).orElse(0L);
    }

    /**
     * Sends one command of the server's control channel ({@code ServerControl}: {@code writes PREFIX}, {@code latency
     * MS}, ...) and returns its one-line answer.
     *
     * @throws IllegalStateException when the server refused the command
     */
    String command(String line) throws IOException {
        commands.println(line);
        String answer = answers.readLine();
        if (answer == null) {
            throw new IOException("the fake API server ended");
        }
        if (answer.startsWith("error:")) {
            throw new IllegalStateException("the fake API server refused '" + line + "': " + answer);
        }
        return answer;
    }

    private static void ok(String answer) {
        if (!answer.equals("ok")) {
            throw new IllegalStateException("unexpected answer: " + answer);
        }
    }

    /** Closes the server's stdin (it stops), waits for it, and deletes the kubeconfig. */
    @Override
    public void close() throws IOException {
        commands.close();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(kubeconfig);
    }
}
