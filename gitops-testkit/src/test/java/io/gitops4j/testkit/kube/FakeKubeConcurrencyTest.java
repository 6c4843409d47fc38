package io.gitops4j.testkit.kube;

import static io.gitops4j.testkit.kube.Trees.str;
import static io.gitops4j.testkit.kube.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.testkit.FakeKube;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FakeKubeConcurrencyTest {

    private static final int THREADS = 8;
    private static final int INCREMENTS = 50;

    private final FakeKube kube = FakeKube.builder().watchHistory(100_000).build();
    private final ResourceType configMaps = kube.type("", "v1", "configmaps");

    @Test
    void optimisticIncrementsFromEightThreadsLoseNothing() throws Exception {
        kube.create(configMaps, "default", yaml("metadata: {name: counter}\ndata: {n: '0'}"), WriteOptions.defaults());
        String start = kube.resourceVersion();
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < INCREMENTS; i++) {
                        while (true) {
                            Map<String, Object> cur = kube.get(configMaps, "default", "counter");
                            int n = Integer.parseInt(str(cur, "data.n"));
                            ((Map<String, Object>) cur.get("data")).put("n", String.valueOf(n + 1));
                            try {
                                kube.update(configMaps, "default", "counter", cur, WriteOptions.defaults());
                                break;
                            } catch (FakeKubeException e) {
                                assertThat(e.code()).isEqualTo(409);
                                conflicts.incrementAndGet();
                            }
                        }
                        kube.create(configMaps, "default", yaml("metadata: {name: t" + thread + "-" + i + "}"),
                                WriteOptions.defaults());
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(str(kube.get(configMaps, "default", "counter"), "data.n"))
                .isEqualTo(String.valueOf(THREADS * INCREMENTS));
        assertThat(kube.list(configMaps, "default", ListOptions.defaults()).items())
                .hasSize(THREADS * INCREMENTS + 1);
        assertThat(Long.parseLong(kube.resourceVersion()) - Long.parseLong(start))
                .as("one version per committed write, none for conflicts").isEqualTo(2L * THREADS * INCREMENTS);

        try (Watch w = kube.watch(configMaps, "default", WatchOptions.defaults().withResourceVersion(start))) {
            long last = Long.parseLong(start);
            int events = 0;
            Optional<WatchEvent> e;
            while ((e = w.next(Duration.ofMillis(50))).isPresent()) {
                long rv = Long.parseLong(str(e.get().object(), "metadata.resourceVersion"));
                assertThat(rv).isGreaterThan(last);
                last = rv;
                events++;
            }
            assertThat(events).isEqualTo(2 * THREADS * INCREMENTS);
        }
    }

    @Test
    void watchersSeeEveryWriteOfConcurrentWritersInOrder() throws Exception {
        try (Watch w = kube.watch(configMaps, "", WatchOptions.defaults().withResourceVersion(kube.resourceVersion()))) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < INCREMENTS; i++) {
                            String name = "c" + thread + "-" + i;
                            kube.create(configMaps, "default", yaml("metadata: {name: " + name + "}"),
                                    WriteOptions.defaults());
                            kube.delete(configMaps, "default", name, DeleteOptions.defaults());
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            Map<String, String> lastType = new java.util.HashMap<>();
            long last = 0;
            int count = 0;
            Optional<WatchEvent> e;
            while ((e = w.next(Duration.ofMillis(50))).isPresent()) {
                long rv = Long.parseLong(str(e.get().object(), "metadata.resourceVersion"));
                assertThat(rv).isGreaterThan(last);
                last = rv;
                String name = str(e.get().object(), "metadata.name");
                String previous = lastType.put(name, e.get().type().name());
                assertThat(previous).as("ADDED precedes DELETED for " + name)
                        .isEqualTo(e.get().type() == WatchEvent.Type.ADDED ? null : "ADDED");
                count++;
            }
            assertThat(count).isEqualTo(2 * THREADS * INCREMENTS);
            assertThat(kube.list(configMaps, "", ListOptions.defaults()).items()).isEmpty();
        }
    }
}
