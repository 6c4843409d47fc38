package io.gitops4j.examples.bench;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.gitops4j.testkit.FakeApiServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.Config;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * P13: the fake API server against fabric8's {@code kubernetes-server-mock} in CRUD mode, through the same official
 * Java client calls: start time, and requests per second for create, get, list and update of ConfigMaps, one client
 * thread, interleaved rounds (ours, fabric8, fabric8, ours, …), each on a fresh server.
 */
final class FakeApiServerBench implements BenchSuite {
    private static final String NS = "default";
    private static final List<String> OPS = List.of("create", "get", "list", "update");
    /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
    private static final java.util.logging.Logger FABRIC8_LOG =
            java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    @Override
    public String name() {
        return "fake-apiserver";
    }

    @Override
    public String description() {
        return "fake API server vs fabric8 kubernetes-server-mock (CRUD): start time, create/get/list/update req/s";
    }

    /** A server under test: its URL and how to stop it. */
    private interface Server extends AutoCloseable {
        String url();

        @Override
        void close();
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

    @Override
    public void run(boolean quick, PrintStream out, PrintStream err) throws Exception {
        // fabric8's mock web server logs every request at INFO through java.util.logging: not part of its cost
        FABRIC8_LOG.setLevel(java.util.logging.Level.WARNING);
        int n = quick ? 200 : 1000;
        int lists = quick ? 50 : 200;
        int rounds = quick ? 3 : 5;
        Map<String, Samples> oursRate = samples();
        Map<String, Samples> peerRate = samples();
        Map<String, Samples> ratio = samples();
        Samples oursStart = new Samples();
        Samples peerStart = new Samples();
        double[] listBytes = new double[2];

        err.println("fake-apiserver: warm-up (not counted)");
        measure(FakeApiServerBench::ours, n / 2, lists / 2, new Samples());
        measure(FakeApiServerBench::fabric8, n / 2, lists / 2, new Samples());
        for (int round = 0; round < rounds; round++) {
            err.printf("fake-apiserver: round %d of %d (N = %d)%n", round + 1, rounds, n);
            Map<String, Double> a;
            Map<String, Double> b;
            if (round % 2 == 0) {
                a = measure(FakeApiServerBench::ours, n, lists, oursStart);
                b = measure(FakeApiServerBench::fabric8, n, lists, peerStart);
            } else {
                b = measure(FakeApiServerBench::fabric8, n, lists, peerStart);
                a = measure(FakeApiServerBench::ours, n, lists, oursStart);
            }
            listBytes[0] = a.get("listBytes");
            listBytes[1] = b.get("listBytes");
            for (String op : OPS) {
                oursRate.get(op).add(a.get(op));
                peerRate.get(op).add(b.get(op));
                ratio.get(op).add(a.get(op) / b.get(op));
            }
        }
        Samples jarStart = standaloneStart(quick ? 2 : 3, err);

        out.println("### fake-apiserver: FakeApiServer vs fabric8 kubernetes-server-mock 8.0.0 (CRUD mode)");
        out.println();
        out.printf("Official Java client 27.0.0, one thread, N = %d ConfigMaps (list: %d lists of the N), %d interleaved"
                + " rounds on fresh servers; median and min–max.%n%n", n, lists, rounds);
        MarkdownTable t = new MarkdownTable("operation", "ours req/s", "ours spread", "fabric8 req/s",
                "fabric8 spread", "ratio (median of rounds)");
        for (String op : OPS) {
            t.row(op, fmt(oursRate.get(op).median()), oursRate.get(op).spread("%.0f"),
                    fmt(peerRate.get(op).median()), peerRate.get(op).spread("%.0f"),
                    String.format("%.2f×", ratio.get(op).median()));
        }
        t.print(out);
        out.println();
        out.printf("One list answer of the N objects: ours %.0f KiB, fabric8 %.0f KiB (ours carries metadata.managedFields"
                + " and server defaults as a real API server does; the client decodes every byte).%n%n",
                listBytes[0] / 1024, listBytes[1] / 1024);
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

    /** One round on a fresh server: the start time, then req/s per operation. */
    private static Map<String, Double> measure(java.util.function.Supplier<Server> factory, int n, int lists,
                                               Samples start) throws Exception {
        Map<String, Double> rate = new HashMap<>();
        long t0 = System.nanoTime();
        try (Server server = factory.get()) {
            ApiClient client = Config.fromUrl(server.url(), false);
            CoreV1Api api = new CoreV1Api(client);
            api.listNamespacedConfigMap(NS).limit(1).execute();
            start.add((System.nanoTime() - t0) / 1e6);

            long c0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                api.createNamespacedConfigMap(NS, configMap(i, "v1")).execute();
            }
            rate.put("create", perSecond(n, c0));

            V1ConfigMap[] read = new V1ConfigMap[n];
            long g0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                read[i] = api.readNamespacedConfigMap("cm-" + i, NS).execute();
            }
            rate.put("get", perSecond(n, g0));

            long l0 = System.nanoTime();
            for (int i = 0; i < lists; i++) {
                int size = api.listNamespacedConfigMap(NS).execute().getItems().size();
                if (size < n) {
                    throw new IllegalStateException("list returned " + size + " of " + n + " objects");
                }
            }
            rate.put("list", perSecond(lists, l0));
            rate.put("listBytes", (double) listBytes(server.url()));

            long u0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                V1ConfigMap cm = read[i];
                cm.setData(Map.of("value", "v2", "index", String.valueOf(i)));
                api.replaceNamespacedConfigMap("cm-" + i, NS, cm).execute();
            }
            rate.put("update", perSecond(n, u0));
        }
        return rate;
    }

    /** The size of one list answer of the N objects, as the client receives it. */
    private static long listBytes(String url) throws Exception {
        java.net.http.HttpResponse<byte[]> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/api/v1/namespaces/" + NS
                        + "/configmaps")).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        return r.body().length;
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
