package io.gitops4j.examples.bench;

import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.target.ObjectOutcome;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * P5 in a JVM of its own (started by {@link ApplyBench} with the heap limit under test): a cold pass of an
 * Application whose directory holds N objects, through {@code GitOps.reconciler()} and a new {@code KubernetesTarget}
 * ({@link EnginePass}). Prints one line, {@code objects=N millis=T cpuMillis=C peakBytes=P retainedBytes=R}: the wall
 * time and the process's CPU time of the pass, the heap's peak (the sum of each heap pool's peak, an upper bound of
 * the true peak) and the heap the reconciler and target still hold after a full collection once the pass's result is
 * dropped (the watch cache of the managed objects, the inventory, the render cache), against the heap before they
 * were built.
 *
 * <p>Usage: {@code ApplyHeapMain KUBECONFIG DIR}.
 */
public final class ApplyHeapMain {
    private ApplyHeapMain() {}

    public static void main(String[] args) throws Exception {
        Path kubeconfig = Path.of(args[0]);
        Path dir = Path.of(args[1]);
        int n;
        try (var files = Files.list(dir)) {
            n = (int) files.count();
        }
        long baseline = usedAfterGc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long cpu0 = ProcessCpu.self();
        long t0 = System.nanoTime();
        try (EnginePass engine = new EnginePass(kubeconfig, "bench-large", dir)) {
            ReconcileResult result = engine.pass(ObjectOutcome.CREATED, n);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            long cpuMillis = (ProcessCpu.self() - cpu0) / 1_000_000;
            long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            result = null;
            long retained = usedAfterGc() - baseline;
            System.out.println("objects=" + n + " millis=" + millis + " cpuMillis=" + cpuMillis + " peakBytes=" + peak
                    + " retainedBytes=" + retained);
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
