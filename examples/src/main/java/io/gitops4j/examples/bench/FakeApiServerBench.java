package io.gitops4j.examples.bench;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.gitops4j.testkit.FakeApiServer;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.Config;
import io.kubernetes.client.util.PatchUtils;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * P13: the fake API server against fabric8's {@code kubernetes-server-mock} in CRUD mode, through the same official
 * Java client calls: start time, and requests per second for create, get, list, update and server-side apply of
 * ConfigMaps, one client thread, interleaved rounds (ours, fabric8, fabric8, ours, …). Each round starts a fresh
 * server in a JVM of its own (same classpath, same JVM options), so neither server's garbage collection or JIT state
 * lands on the other or on the client; the client collects garbage before every timed phase.
 *
 * <p>Our list answer is about twice fabric8's: it carries {@code metadata.managedFields}, as a real API server's does,
 * and the client decodes every byte. So list is also measured on equal answers ({@code list-equal}): fabric8 seeded
 * with exactly the objects our server lists, managedFields included, and the table shows both answer sizes.
 */
final class FakeApiServerBench implements BenchSuite {
    private static final String NS = "default";
    private static final List<String> OPS = List.of("create", "get", "list", "update", "apply", "list-equal");
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
    private static final java.util.logging.Logger FABRIC8_LOG =
            java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    @Override
    public String name() {
        return "fake-apiserver";
    }

    @Override
    public String description() {
        return "fake API server vs fabric8 kubernetes-server-mock (CRUD): start time, create/get/list/update/apply"
                + " req/s";
    }

    /** A server under test: its URL and how to stop it. */
    private interface Server extends AutoCloseable {
        String url();

        @Override
        void close();
    }

    /** What one round measured: req/s per operation, and the size of the list answers. */
    private record Round(Map<String, Double> rate, long listBytes, long listEqualBytes) {
    }

    @Override
    public void run(boolean quick, PrintStream out, PrintStream err) throws Exception {
        FABRIC8_LOG.setLevel(java.util.logging.Level.WARNING); // fabric8 logs every request at INFO
        int n = quick ? 200 : 1000;
        int lists = quick ? 50 : 200;
        int rounds = quick ? 3 : 5;
        Map<String, Samples> oursRate = samples();
        Map<String, Samples> peerRate = samples();
        Map<String, Samples> ratio = samples();
        long[] bytes = new long[4];

        err.println("fake-apiserver: seeding (the objects our server lists, for list-equal)");
        List<Map<String, Object>> seed = seedFromOurs(n);
        err.println("fake-apiserver: warm-up (not counted)");
        measure(FakeApiServerBench::oursChild, n / 2, lists / 2, seed);
        measure(FakeApiServerBench::fabric8Child, n / 2, lists / 2, seed);
        for (int round = 0; round < rounds; round++) {
            err.printf("fake-apiserver: round %d of %d (N = %d)%n", round + 1, rounds, n);
            Round a;
            Round b;
            if (round % 2 == 0) {
                a = measure(FakeApiServerBench::oursChild, n, lists, seed);
                b = measure(FakeApiServerBench::fabric8Child, n, lists, seed);
            } else {
                b = measure(FakeApiServerBench::fabric8Child, n, lists, seed);
                a = measure(FakeApiServerBench::oursChild, n, lists, seed);
            }
            bytes[0] = a.listBytes();
            bytes[1] = b.listBytes();
            bytes[2] = a.listEqualBytes();
            bytes[3] = b.listEqualBytes();
            for (String op : OPS) {
                oursRate.get(op).add(a.rate().get(op));
                peerRate.get(op).add(b.rate().get(op));
                ratio.get(op).add(a.rate().get(op) / b.rate().get(op));
            }
        }
        Samples oursStart = new Samples();
        Samples peerStart = new Samples();
        for (int i = 0; i < (quick ? 3 : 7); i++) {
            oursStart.add(inProcessStart(FakeApiServerBench::ours));
            peerStart.add(inProcessStart(FakeApiServerBench::fabric8));
        }
        Samples jarStart = standaloneStart(quick ? 2 : 3, err);

        out.println("### fake-apiserver: FakeApiServer vs fabric8 kubernetes-server-mock 8.0.0 (CRUD mode)");
        out.println();
        out.printf("Official Java client 27.0.0, one thread, N = %d ConfigMaps (list: %d lists of the N), %d interleaved"
                + " rounds, each server a fresh JVM of its own; median and min–max.%n%n", n, lists, rounds);
        MarkdownTable t = new MarkdownTable("operation", "ours req/s", "ours spread", "fabric8 req/s",
                "fabric8 spread", "ratio (median of rounds)");
        for (String op : OPS) {
            t.row(op, fmt(oursRate.get(op).median()), oursRate.get(op).spread("%.0f"),
                    fmt(peerRate.get(op).median()), peerRate.get(op).spread("%.0f"),
                    String.format("%.2f×", ratio.get(op).median()));
        }
        t.print(out);
        out.println();
        out.printf("One list answer of the N objects: ours %.0f KiB, fabric8 %.0f KiB (ours carries metadata.managedFields,"
                + " as a real API server's does; the client decodes every byte). list-equal: ours %.0f KiB, fabric8"
                + " seeded with the objects ours lists %.0f KiB.%n", bytes[0] / 1024.0, bytes[1] / 1024.0,
                bytes[2] / 1024.0, bytes[3] / 1024.0);
        out.println("apply: server-side apply (application/apply-patch+yaml, force) of a changed configuration per"
                + " object; fabric8 merges it as a JSON merge patch and tracks no field ownership.");
        out.println();
        MarkdownTable s = new MarkdownTable("start (to the first answered request)", "median ms", "spread ms");
        s.row("FakeApiServer.start() in this JVM (warm classes)", String.format("%.1f", oursStart.median()),
                oursStart.spread("%.1f"));
        s.row("fabric8 KubernetesMockServer.init() in this JVM", String.format("%.1f", peerStart.median()),
                peerStart.spread("%.1f"));
        if (jarStart.count() > 0) {
            s.row("standalone jar, new JVM, to its 'listening on' line", String.format("%.0f", jarStart.median()),
                    jarStart.spread("%.0f"));
        }
        s.print(out);
        out.println();
        out.println("Target P13: start < 1 s; at least 2× fabric8's throughput on the same client calls.");
    }

    private static Map<String, Samples> samples() {
        Map<String, Samples> m = new HashMap<>();
        OPS.forEach(op -> m.put(op, new Samples()));
        return m;
    }

    /**
     * One round on a fresh server: req/s per operation. For list-equal, the N objects of {@code seed} (what our
     * server lists after the creates) are created in a second namespace and listed there.
     */
    private static Round measure(java.util.function.Supplier<Server> factory, int n, int lists,
                                 List<Map<String, Object>> seed) throws Exception {
        Map<String, Double> rate = new HashMap<>();
        try (Server server = factory.get()) {
            ApiClient client = Config.fromUrl(server.url(), false);
            CoreV1Api api = new CoreV1Api(client);
            api.listNamespacedConfigMap(NS).limit(1).execute();

            quiesce();
            long c0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                api.createNamespacedConfigMap(NS, configMap(i, "v1")).execute();
            }
            rate.put("create", perSecond(n, c0));

            V1ConfigMap[] read = new V1ConfigMap[n];
            quiesce();
            long g0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                read[i] = api.readNamespacedConfigMap("cm-" + i, NS).execute();
            }
            rate.put("get", perSecond(n, g0));

            rate.put("list", listRate(api, NS, n, lists));
            long listBytes = listBytes(server.url(), NS);

            quiesce();
            long u0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                V1ConfigMap cm = read[i];
                cm.setData(Map.of("value", "v2", "index", String.valueOf(i)));
                api.replaceNamespacedConfigMap("cm-" + i, NS, cm).execute();
            }
            rate.put("update", perSecond(n, u0));

            quiesce();
            long a0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                String name = "cm-" + i;
                String config = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
                        + "\",\"namespace\":\"" + NS + "\"},\"data\":{\"value\":\"v3\",\"index\":\"" + i + "\"}}";
                V1ConfigMap applied = PatchUtils.patch(V1ConfigMap.class, () -> api.patchNamespacedConfigMap(
                        name, NS, new V1Patch(config))
                        .fieldManager("bench-apply").force(true).buildCall(null), V1Patch.PATCH_FORMAT_APPLY_YAML,
                        client);
                if (!"v3".equals(applied.getData().get("value"))) {
                    throw new IllegalStateException("apply was not applied: " + applied.getData());
                }
            }
            rate.put("apply", perSecond(n, a0));

            String equalNs = "seeded";
            createNamespace(api, equalNs);
            for (Map<String, Object> object : seed) {
                postObject(server.url(), equalNs, object);
            }
            rate.put("list-equal", listRate(api, equalNs, seed.size(), lists));
            return new Round(rate, listBytes, listBytes(server.url(), equalNs));
        }
    }

    private static double listRate(CoreV1Api api, String ns, int n, int lists) throws Exception {
        quiesce();
        long l0 = System.nanoTime();
        for (int i = 0; i < lists; i++) {
            int size = api.listNamespacedConfigMap(ns).execute().getItems().size();
            if (size < n) {
                throw new IllegalStateException("list returned " + size + " of " + n + " objects");
            }
        }
        return perSecond(lists, l0);
    }

    /** The list items our server gives for N created ConfigMaps, as the seed of list-equal. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> seedFromOurs(int n) throws Exception {
        try (Server server = oursChild()) {
            CoreV1Api api = new CoreV1Api(Config.fromUrl(server.url(), false));
            for (int i = 0; i < n; i++) {
                api.createNamespacedConfigMap(NS, configMap(i, "v1")).execute();
            }
            Map<String, Object> list = JSON.readValue(get(server.url() + "/api/v1/namespaces/" + NS + "/configmaps"),
                    Map.class);
            List<Map<String, Object>> items = new ArrayList<>();
            for (Object o : (List<Object>) list.get("items")) {
                Map<String, Object> item = new LinkedHashMap<>((Map<String, Object>) o);
                Map<String, Object> meta = new LinkedHashMap<>((Map<String, Object>) item.get("metadata"));
                meta.remove("resourceVersion");
                meta.remove("namespace");
                item.put("metadata", meta);
                items.add(item);
            }
            return items;
        }
    }

    /** POSTs {@code object} as it is (managedFields, uid, timestamps and all) into {@code ns}. */
    private static void postObject(String url, String ns, Map<String, Object> object) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>(object);
        body.put("apiVersion", "v1");
        body.put("kind", "ConfigMap");
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(url + "/api/v1/namespaces/" + ns + "/configmaps"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw new IllegalStateException("seeding failed with " + r.statusCode() + ": " + r.body());
        }
    }

    private static void createNamespace(CoreV1Api api, String name) throws Exception {
        api.createNamespace(new io.kubernetes.client.openapi.models.V1Namespace()
                .metadata(new V1ObjectMeta().name(name))).execute();
    }

    /** The size of one list answer of a namespace's ConfigMaps, as the client receives it. */
    private static long listBytes(String url, String ns) throws Exception {
        return get(url + "/api/v1/namespaces/" + ns + "/configmaps").length;
    }

    private static byte[] get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    /** Garbage from earlier phases is collected before a timed phase starts (the same for both servers). */
    private static void quiesce() {
        System.gc();
    }

    // ------------------------------------------------------------------------------------------------ servers

    /** A server in a JVM of its own whose main prints {@code listening on URL} first. */
    private static Server child(String mainClass) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), mainClass, "--port", "0")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = r.readLine();
            if (line == null || !line.startsWith("listening on ")) {
                p.destroyForcibly();
                throw new IllegalStateException(mainClass + " printed: " + line);
            }
            String url = line.substring("listening on ".length()).trim();
            return new Server() {
                public String url() {
                    return url;
                }

                public void close() {
                    p.destroy();
                    try {
                        if (!p.waitFor(10, TimeUnit.SECONDS)) {
                            p.destroyForcibly();
                        }
                    } catch (InterruptedException e) {
                        p.destroyForcibly();
                        Thread.currentThread().interrupt();
                    }
                }
            };
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot start " + mainClass, e);
        }
    }

    private static Server oursChild() {
        return child("io.gitops4j.testkit.server.StandaloneMain");
    }

    private static Server fabric8Child() {
        return child(Fabric8MockMain.class.getName());
    }

    private static Server ours() {
        FakeApiServer s = FakeApiServer.start();
        return new Server() {
            public String url() {
                return s.url();
            }

            public void close() {
                s.close();
            }
        };
    }

    private static Server fabric8() {
        KubernetesMockServer s = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        s.init();
        String url = s.url("/");
        return new Server() {
            public String url() {
                return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            }

            public void close() {
                s.destroy();
            }
        };
    }

    /** Milliseconds from starting a server in this JVM to its first answered request. */
    private static double inProcessStart(java.util.function.Supplier<Server> factory) throws Exception {
        long t0 = System.nanoTime();
        try (Server server = factory.get()) {
            new CoreV1Api(Config.fromUrl(server.url(), false)).listNamespacedConfigMap(NS).limit(1).execute();
            return (System.nanoTime() - t0) / 1e6;
        }
    }

    /** Time from launching {@code java -jar gitops-testkit-fake-apiserver.jar} to its listening line. */
    private static Samples standaloneStart(int runs, PrintStream err) throws Exception {
        Samples s = new Samples();
        Path jar = Path.of("gitops-testkit/target/gitops-testkit-fake-apiserver.jar");
        if (!Files.isRegularFile(jar)) {
            err.println("fake-apiserver: " + jar + " not built (./mvnw -pl gitops-testkit -am package); "
                    + "standalone start not measured");
            return s;
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(java, "-jar", jar.toString(), "--port", "0").redirectErrorStream(true)
                    .start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line = r.readLine();
                if (line == null || !line.startsWith("listening on http://127.0.0.1:")) {
                    throw new IllegalStateException("standalone fake API server printed: " + line);
                }
                s.add((System.nanoTime() - t0) / 1e6);
            } finally {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        return s;
    }

    private static V1ConfigMap configMap(int i, String value) {
        return new V1ConfigMap().apiVersion("v1").kind("ConfigMap")
                .metadata(new V1ObjectMeta().name("cm-" + i).namespace(NS).labels(Map.of("app", "bench")))
                .data(Map.of("value", value, "index", String.valueOf(i)));
    }

    private static double perSecond(int count, long startNanos) {
        return count / ((System.nanoTime() - startNanos) / 1e9);
    }

    private static String fmt(double v) {
        return String.format("%.0f", v);
    }
}
