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
 * ConfigMaps, one client thread, interleaved rounds (ours, fabric8, fabric8, ours, …). Each server runs in a JVM of
 * its own (same classpath, same JVM options) for the whole run, so neither server's garbage collection or JIT work
 * lands on the other or on the client; three untimed rounds of the full size warm both up; every round uses fresh
 * namespaces and deletes its objects afterwards; the client collects garbage before every timed phase. Beside req/s, the server
 * process's CPU time per request is reported, which depends much less on how busy the machine is.
 *
 * <p>Our list answer is about twice fabric8's: it carries {@code metadata.managedFields}, as a real API server's does,
 * and the client decodes every byte. So list is also measured on equal answers ({@code list-equal}): fabric8 seeded
 * with exactly the objects our server lists, managedFields included, and the table shows both answer sizes.
 */
final class FakeApiServerBench implements BenchSuite {
    private static final String NS = "default";
    private static final int WARM_UP_ROUNDS = 3;
    private static final List<String> OPS = List.of("create", "get", "list", "update", "patch", "apply", "list-equal");
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    /** For seeding and measuring answer sizes (not timed); HTTP/1.1 without an h2c upgrade, which fabric8 refuses. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
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

        /** CPU time the server has used so far (user + system), in nanoseconds; 0 when unknown. */
        default long cpuNanos() {
            return 0;
        }

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
        Map<String, Samples> oursCpu = samples();
        Map<String, Samples> peerCpu = samples();
        long[] bytes = new long[4];

        Map<String, Samples> floorRate = samples();
        err.println("fake-apiserver: seeding (the objects our server lists, for list-equal and the floor)");
        Path cannedDir = Files.createTempDirectory("gitops4j-bench-canned");
        List<Map<String, Object>> seed = seedFromOurs(n, cannedDir);
        try (Server ours = oursChild(); Server peer = fabric8Child();
             Server floor = child(CannedAnswerServer.class.getName(), cannedDir.resolve("object.json").toString(),
                     cannedDir.resolve("list.json").toString())) {
            err.println("fake-apiserver: warm-up (not counted)");
            // the JIT compilers need a while: the fake's write path (server-side apply bookkeeping, validation) is
            // far more code than fabric8's, so both get three full untimed rounds before anything is measured
            for (int w = 0; w < WARM_UP_ROUNDS; w++) {
                measure(ours, true, "warm-up-" + w, n, lists / 4, seed);
                measure(peer, false, "warm-up-" + w, n, lists / 4, seed);
                floor(floor, n, lists / 4);
            }
            for (int round = 0; round < rounds; round++) {
                err.printf("fake-apiserver: round %d of %d (N = %d)%n", round + 1, rounds, n);
                String ns = "round-" + round;
                Round a;
                Round b;
                if (round % 2 == 0) {
                    a = measure(ours, true, ns, n, lists, seed);
                    b = measure(peer, false, ns, n, lists, seed);
                } else {
                    b = measure(peer, false, ns, n, lists, seed);
                    a = measure(ours, true, ns, n, lists, seed);
                }
                bytes[0] = a.listBytes();
                bytes[1] = b.listBytes();
                bytes[2] = a.listEqualBytes();
                bytes[3] = b.listEqualBytes();
                Map<String, Double> f = floor(floor, n, lists);
                for (String op : OPS) {
                    floorRate.get(op).add(f.get(op));
                    oursRate.get(op).add(a.rate().get(op));
                    peerRate.get(op).add(b.rate().get(op));
                    ratio.get(op).add(a.rate().get(op) / b.rate().get(op));
                    oursCpu.get(op).add(a.rate().get("cpu:" + op));
                    peerCpu.get(op).add(b.rate().get("cpu:" + op));
                }
            }
        } finally {
            for (String f : List.of("list.json", "object.json")) {
                Files.deleteIfExists(cannedDir.resolve(f));
            }
            Files.deleteIfExists(cannedDir);
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
                + " rounds, each server in a JVM of its own (same options), warmed up by three untimed rounds; each round"
                + " in fresh namespaces, its objects deleted after it; median and min–max.%n%n", n, lists, rounds);
        MarkdownTable t = new MarkdownTable("operation", "ours req/s (min–max)", "fabric8 req/s (min–max)",
                "ratio", "floor req/s", "best possible ratio", "server CPU µs/req ours", "fabric8");
        for (String op : OPS) {
            double floorMedian = floorRate.get(op).median();
            t.row(op, fmt(oursRate.get(op).median()) + " (" + oursRate.get(op).spread("%.0f") + ")",
                    fmt(peerRate.get(op).median()) + " (" + peerRate.get(op).spread("%.0f") + ")",
                    String.format("%.2f×", ratio.get(op).median()), fmt(floorMedian),
                    String.format("%.2f×", floorMedian / peerRate.get(op).median()), fmt(oursCpu.get(op).median()),
                    fmt(peerCpu.get(op).median()));
        }
        t.print(out);
        out.println();
        out.printf("One list answer of the N objects: ours %.0f KiB, fabric8 %.0f KiB (ours carries metadata.managedFields,"
                + " as a real API server's does; the client decodes every byte). list-equal: ours %.0f KiB, fabric8"
                + " seeded with the objects ours lists %.0f KiB.%n", bytes[0] / 1024.0, bytes[1] / 1024.0,
                bytes[2] / 1024.0, bytes[3] / 1024.0);
        out.println("Floor: the same client calls against a server that does no work and answers with canned copies of"
                + " our answers (one object; the list of N) — the client's own cost. Best possible ratio = floor ÷"
                + " fabric8: what a server that costs nothing would reach against fabric8 with answers like ours.");
        out.println("Server CPU: the server process's user + system CPU time during the phase (all its threads, JIT"
                + " and GC included) per request; it does not depend on how busy the machine is the way req/s does.");
        out.println("patch: a JSON merge patch of one field. apply: server-side apply (application/apply-patch+yaml,"
                + " force) of the whole configuration; fabric8 answers apply patches with 415, so it is sent the same"
                + " body as a JSON merge patch (less work: no field ownership).");
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
     * One round in fresh namespaces of a long-running server (a JVM of its own, warmed up by earlier rounds): req/s
     * per operation on N ConfigMaps in {@code ns}; for list-equal, the objects of {@code seed} (what our server lists
     * after the creates) are created in {@code ns-eq} and listed there. Every object is deleted afterwards (untimed),
     * so no round lists or stores more than the one before.
     */
    private static Round measure(Server server, boolean apply, String ns, int n, int lists,
                                 List<Map<String, Object>> seed) throws Exception {
        ApiClient client = Config.fromUrl(server.url(), false);
        CoreV1Api api = new CoreV1Api(client);
        createNamespace(api, ns);
        Map<String, Double> rate = new HashMap<>();
        phases(server, client, api, ns, apply, n, lists, rate);
        long listBytes = rate.remove("listBytes").longValue();

        String equalNs = ns + "-eq";
        createNamespace(api, equalNs);
        for (Map<String, Object> object : seed) {
            postObject(server.url(), equalNs, object);
        }
        long cpu = server.cpuNanos();
        rate.put("list-equal", listRate(api, equalNs, seed.size(), lists));
        rate.put("cpu:list-equal", (server.cpuNanos() - cpu) / 1e3 / lists);
        Round round = new Round(rate, listBytes, listBytes(server.url(), equalNs));
        for (String namespace : List.of(ns, equalNs)) {
            for (var cm : api.listNamespacedConfigMap(namespace).execute().getItems()) {
                api.deleteNamespacedConfigMap(cm.getMetadata().getName(), namespace).execute();
            }
        }
        return round;
    }

    /** Create, get, list, update, patch and apply N ConfigMaps in {@code ns}, putting req/s into {@code rate}. */
    private static void phases(Server server, ApiClient client, CoreV1Api api, String ns, boolean apply, int n,
                               int lists, Map<String, Double> rate) throws Exception {
        phases(server, client, api, ns, apply, n, lists, rate, true);
    }

    /** @param check whether answers are checked (not for the canned-answer floor, whose answers never change) */
    private static void phases(Server server, ApiClient client, CoreV1Api api, String ns, boolean apply, int n,
                               int lists, Map<String, Double> rate, boolean check) throws Exception {
        quiesce();
        long cpuc0 = server.cpuNanos();
        long c0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            api.createNamespacedConfigMap(ns, configMap(ns, i, "v1")).execute();
        }
        rate.put("create", perSecond(n, c0));
        rate.put("cpu:create", (server.cpuNanos() - cpuc0) / 1e3 / n);

        V1ConfigMap[] read = new V1ConfigMap[n];
        quiesce();
        long cpug0 = server.cpuNanos();
        long g0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            read[i] = api.readNamespacedConfigMap("cm-" + i, ns).execute();
        }
        rate.put("get", perSecond(n, g0));
        rate.put("cpu:get", (server.cpuNanos() - cpug0) / 1e3 / n);

        long cpuL = server.cpuNanos();
        rate.put("list", listRate(api, ns, n, lists));
        rate.put("cpu:list", (server.cpuNanos() - cpuL) / 1e3 / lists);
        rate.put("listBytes", (double) listBytes(server.url(), ns));

        quiesce();
        long cpuu0 = server.cpuNanos();
        long u0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            V1ConfigMap cm = read[i];
            cm.setData(Map.of("value", "v2", "index", String.valueOf(i)));
            api.replaceNamespacedConfigMap("cm-" + i, ns, cm).execute();
        }
        rate.put("update", perSecond(n, u0));
        rate.put("cpu:update", (server.cpuNanos() - cpuu0) / 1e3 / n);

        quiesce();
        long cpup0 = server.cpuNanos();
        long p0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            String name = "cm-" + i;
            String patch = "{\"data\":{\"value\":\"v3\"}}";
            V1ConfigMap patched = PatchUtils.patch(V1ConfigMap.class, () -> api.patchNamespacedConfigMap(
                    name, ns, new V1Patch(patch)).buildCall(null), V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
            if (check) {
                requireValue(patched, "v3");
            }
        }
        rate.put("patch", perSecond(n, p0));
        rate.put("cpu:patch", (server.cpuNanos() - cpup0) / 1e3 / n);

        // server-side apply; fabric8 answers 415 to apply patches, so it gets the same body as a merge patch
        String applyFormat = apply ? V1Patch.PATCH_FORMAT_APPLY_YAML : V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH;
        quiesce();
        long cpua0 = server.cpuNanos();
        long a0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            String name = "cm-" + i;
            String config = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
                    + "\",\"namespace\":\"" + ns + "\"},\"data\":{\"value\":\"v4\",\"index\":\"" + i + "\"}}";
            V1ConfigMap applied = PatchUtils.patch(V1ConfigMap.class, () -> {
                var call = api.patchNamespacedConfigMap(name, ns, new V1Patch(config));
                return (apply ? call.fieldManager("bench-apply").force(true) : call).buildCall(null);
            }, applyFormat, client);
            if (check) {
                requireValue(applied, "v4");
            }
        }
        rate.put("apply", perSecond(n, a0));
        rate.put("cpu:apply", (server.cpuNanos() - cpua0) / 1e3 / n);
    }

    /** The same client calls against the canned-answer server (answers are not checked: they never change). */
    private static Map<String, Double> floor(Server server, int n, int lists) throws Exception {
        ApiClient client = Config.fromUrl(server.url(), false);
        CoreV1Api api = new CoreV1Api(client);
        Map<String, Double> rate = new HashMap<>();
        phases(server, client, api, NS, true, n, lists, rate, false);
        rate.put("list-equal", rate.get("list"));
        return rate;
    }

    private static void requireValue(V1ConfigMap object, String value) {
        if (object.getData() == null || !value.equals(object.getData().get("value"))) {
            throw new IllegalStateException("the write was not applied: " + object.getData());
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

    /**
     * The list items our server gives for N created ConfigMaps, as the seed of list-equal; also writes that list
     * answer and one object answer to {@code cannedDir} for the canned-answer floor.
     */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> seedFromOurs(int n, Path cannedDir) throws Exception {
        try (Server server = oursChild()) {
            CoreV1Api api = new CoreV1Api(Config.fromUrl(server.url(), false));
            for (int i = 0; i < n; i++) {
                api.createNamespacedConfigMap(NS, configMap(NS, i, "v1")).execute();
            }
            byte[] listAnswer = get(server.url() + "/api/v1/namespaces/" + NS + "/configmaps");
            Files.write(cannedDir.resolve("list.json"), listAnswer);
            Files.write(cannedDir.resolve("object.json"), get(server.url() + "/api/v1/namespaces/" + NS
                    + "/configmaps/cm-0"));
            Map<String, Object> list = JSON.readValue(listAnswer, Map.class);
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
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                        URI.create(url + "/api/v1/namespaces/" + ns + "/configmaps"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw new IllegalStateException("seeding failed with " + r.statusCode() + ": " + r.body());
        }
    }

    private static void createNamespace(CoreV1Api api, String name) throws Exception {
        api.createNamespace(new io.kubernetes.client.openapi.models.V1Namespace().apiVersion("v1").kind("Namespace")
                .metadata(new V1ObjectMeta().name(name))).execute();
    }

    /** The size of one list answer of a namespace's ConfigMaps, as the client receives it. */
    private static long listBytes(String url, String ns) throws Exception {
        return get(url + "/api/v1/namespaces/" + ns + "/configmaps").length;
    }

    private static byte[] get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    /** Garbage from earlier phases is collected before a timed phase starts (the same for both servers). */
    private static void quiesce() {
        System.gc();
    }

    // ------------------------------------------------------------------------------------------------ servers

    /** A server in a JVM of its own whose main prints {@code listening on URL} first. */
    private static Server child(String mainClass, String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
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

                public long cpuNanos() {
                    return p.toHandle().info().totalCpuDuration().map(d -> d.toNanos()).orElse(0L);
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
        return child("io.gitops4j.testkit.server.StandaloneMain", "--port", "0");
    }

    private static Server fabric8Child() {
        return child(Fabric8MockMain.class.getName(), "--port", "0");
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

    private static V1ConfigMap configMap(String ns, int i, String value) {
        return new V1ConfigMap().apiVersion("v1").kind("ConfigMap")
                .metadata(new V1ObjectMeta().name("cm-" + i).namespace(ns).labels(Map.of("app", "bench")))
                .data(Map.of("value", value, "index", String.valueOf(i)));
    }

    private static double perSecond(int count, long startNanos) {
        return count / ((System.nanoTime() - startNanos) / 1e9);
    }

    private static String fmt(double v) {
        return String.format("%.0f", v);
    }
}
