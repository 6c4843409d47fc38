package io.gitops4j.examples.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.git.GitFixtures;
import io.gitops4j.testkit.git.HttpGitServer;
import io.gitops4j.testkit.git.TestRepo;
import io.gitops4j.testkit.simulate.StatusSimulators;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./gitops4j serve} as a user runs it: a child JVM started with {@code --config apps.yaml --kubeconfig FILE
 * --port 0}, against a fake API server on 127.0.0.1 (with status simulators, so Deployments become healthy) and a
 * real Git server (lighttpd + git http-backend, basic auth; the password reaches serve through a file named in
 * {@code apps.yaml}, the GitHub webhook secret through an environment variable). Also an HTTP client for it.
 */
final class ServeFixture implements AutoCloseable {
    static final String GIT_PASSWORD = "CANARY-TOKEN-git-password";
    static final String HOOK_SECRET = "CANARY-TOKEN-webhook-secret";
    static final String SECRET_VALUE = "CANARY-SECRET-db-password";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("serving \\d+ application\\(s\\) on (http://\\S+)");

    final FakeApiServer cluster;
    final GitFixtures git;
    final TestRepo repo;
    final String repoUrl;
    final Path dir;
    private final StatusSimulators simulators;
    private final StringBuffer output = new StringBuffer();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private volatile boolean outputClosed;
    private String url;

    private ServeFixture() {
        cluster = FakeApiServer.start();
        simulators = StatusSimulators.start(cluster.kube());
        git = GitFixtures.create();
        repo = git.repo("deploy");
        HttpGitServer server = git.http("deployer", GIT_PASSWORD);
        repoUrl = server.url("deploy");
        dir = git.newDirectory("serve");
    }

    /** Commits the first revision and starts serve with {@code extraArgs}. */
    static ServeFixture start(String... extraArgs) throws Exception {
        ServeFixture f = new ServeFixture();
        try {
            f.commitShop("blue", SECRET_VALUE, "main");
            f.writeConfig();
            f.launch(extraArgs);
            return f;
        } catch (Exception | Error e) {
            f.close();
            throw e;
        }
    }

    /** Commits the shop's manifests (a Namespace, a ConfigMap, a Secret, a Deployment) on a branch. */
    String commitShop(String color, String secret, String branch) {
        return repo.commit("shop " + color).on(branch)
                .add("shop/namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n")
                .add("shop/settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n"
                        + "  namespace: shop\ndata:\n  color: \"" + color + "\"\n")
                .add("shop/db.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\n"
                        + "stringData:\n  password: " + secret + "\n")
                .add("shop/web.yaml", """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata:
                          name: web
                          namespace: shop
                        spec:
                          replicas: 2
                          selector:
                            matchLabels: {app: web}
                          template:
                            metadata:
                              labels: {app: web}
                            spec:
                              containers:
                                - name: web
                                  image: nginx:1.27
                        """)
                .create();
    }

    private void writeConfig() throws IOException {
        Files.writeString(dir.resolve("git-password"), GIT_PASSWORD + "\n");
        Files.writeString(dir.resolve("apps.yaml"), """
                git:
                  allowCredentialsOverPlainHttp: true    # the test's Git server is plain http on 127.0.0.1
                  credentials:
                    - url: %s
                      username: deployer
                      tokenFile: git-password
                webhooks:
                  github: {secretEnv: SERVE_IT_GITHUB_SECRET}
                applications:
                  - name: shop
                    repository: %s
                    ref: main
                    path: shop
                    renderer: plain
                    namespace: shop
                    sync:
                      mode: automated
                      interval: 24h
                  - name: legacy
                    repository: %s
                    ref: main
                    path: missing-directory
                    renderer: plain
                    namespace: legacy
                    sync: {mode: manual}
                """.formatted(repoUrl.substring(0, repoUrl.lastIndexOf('/') + 1), repoUrl, repoUrl));
    }

    private void launch(String... extraArgs) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", classpath,
                "io.gitops4j.examples.cli.Main", "serve", "--config", dir.resolve("apps.yaml").toString(),
                "--kubeconfig", cluster.kubeconfig().toString(), "--port", "0"));
        command.addAll(List.of(extraArgs));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("SERVE_IT_GITHUB_SECRET", HOOK_SECRET);
        process = pb.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.append(line).append('\n');
                }
                outputClosed = true;
            } catch (IOException e) {
                output.append("(output closed: ").append(e.getClass().getSimpleName()).append(")\n");
            }
        }, "serve-output");
        reader.setDaemon(true);
        reader.start();
        awaitTrue("serve to print its address", Duration.ofSeconds(90), () -> LISTENING.matcher(output).find()
                || !process.isAlive());
        Matcher m = LISTENING.matcher(output);
        if (!m.find()) {
            throw new AssertionError("serve did not start:\n" + output);
        }
        url = m.group(1);
    }

    /** @return everything serve printed so far */
    String output() {
        return output.toString();
    }

    /** @return the running serve process */
    Process process() {
        return process;
    }

    /** @return the base URL, such as {@code http://127.0.0.1:PORT} */
    String url() {
        return url;
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(120))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return send("POST", path, body, Map.of("Content-Type", "application/json"));
    }

    /**
     * Sends a request head as written (no body) on a new connection and reads the answer until the server closes
     * it or 5 s pass: for requests an HTTP client will not send, such as a Content-Length over the cap.
     */
    String raw(String requestHead) throws IOException {
        URI u = URI.create(url);
        try (java.net.Socket socket = new java.net.Socket(u.getHost(), u.getPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(requestHead.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = socket.getInputStream().read(buf)) > 0; ) {
                    answer.write(buf, 0, n);
                    if (answer.toString(StandardCharsets.UTF_8).contains("}\n}")) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException e) {
                // the answer is what arrived
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** Polls until the condition holds, failing at the deadline. */
    static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /** Sends SIGTERM and waits for the process to end; @return whether it ended within the timeout. */
    boolean terminate(Duration timeout) throws InterruptedException {
        process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close the output we still read
        boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (ended) {
            awaitTrue("serve's last output", Duration.ofSeconds(10), () -> outputClosed);
        }
        return ended;
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        simulators.close();
        cluster.close();
        git.close();
    }
}
