package io.gitops4j.testkit.engine;

import io.gitops4j.api.Application;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.kube.WriteOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * EN-08 in a JVM of its own, started by {@link HeapLimitIT} with the heap limit under test: writes N ConfigMaps into
 * DIR (100 files), then reconciles them through {@code GitOps.reconciler()} into a {@link FakeKube} in the same JVM
 * (the fake holds every object too) with {@code FakeKube.asTarget()}: a cold pass that creates them all, then a no-op
 * pass. Prints one line: {@code first=OUTCOME:WRITES second=OUTCOME:WRITES millis=T peakBytes=P retainedBytes=R}, the
 * heap's peak being the sum of each heap pool's peak (an upper bound of the true peak) and the retained heap what the
 * fake, the reconciler and its target hold after a full collection, against the heap before they were built.
 *
 * <p>Usage: {@code HeapLimitMain N DIR}.
 */
public final class HeapLimitMain {
    private static final int FILES = 100;

    private HeapLimitMain() {}

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        Path dir = Path.of(args[1]);
        for (int f = 0; f < FILES; f++) {
            StringBuilder yaml = new StringBuilder();
            for (int i = f; i < n; i += FILES) {
                yaml.append("---\n").append(EngineFixture.configMap("cm-" + i, "value of object " + i));
            }
            Files.writeString(dir.resolve("objects-" + f + ".yaml"), yaml);
        }
        long baseline = usedAfterGc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long t0 = System.nanoTime();
        FakeKube kube = FakeKube.create();
        kube.create(kube.type("", "v1", "namespaces"), "", Map.of("apiVersion", "v1", "kind", "Namespace",
                "metadata", Map.of("name", "shop")), WriteOptions.defaults());
        try (Reconciler reconciler = GitOps.reconciler().target(kube.asTarget()).renderers(Renderers.plainYaml())
                .backgroundScheduling(false).build()) {
            reconciler.register(Application.builder("large").source(SourceSpec.local(dir)).targetNamespace("shop")
                    .syncPolicy(SyncPolicy.manual().withInterval(Duration.ofHours(1))).build());
            ReconcileResult first = reconciler.reconcileNow("large").get(10, TimeUnit.MINUTES);
            String firstLine = first.outcome() + ":" + first.writes();
            first = null;
            ReconcileResult second = reconciler.reconcileNow("large").get(10, TimeUnit.MINUTES);
            String secondLine = second.outcome() + ":" + second.writes();
            second = null;
            long millis = (System.nanoTime() - t0) / 1_000_000;
            long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            long retained = usedAfterGc() - baseline;
            System.out.println("first=" + firstLine + " second=" + secondLine + " millis=" + millis + " peakBytes="
                    + peak + " retainedBytes=" + retained);
        }
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
