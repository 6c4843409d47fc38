package io.gitops4j.examples.bench;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.k8s.KubernetesTarget;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * P5 in a JVM of its own (started by {@link ApplyBench} with the heap limit under test): a cold apply of a directory
 * through a new {@link KubernetesTarget} whose watch cache holds the managed kinds, as the engine's target does.
 * Prints one line, {@code objects=N millis=T cpuMillis=C peakBytes=P retainedBytes=R}: the wall time and the process's
 * CPU time of reading and applying, the heap's peak (the sum of each heap pool's peak, an upper bound of the true peak) and the heap the target still holds
 * after a full collection once the files' objects and the results are dropped, against the heap before it started.
 *
 * <p>Usage: {@code ApplyHeapMain KUBECONFIG DIR}.
 */
public final class ApplyHeapMain {
    private ApplyHeapMain() {}

    public static void main(String[] args) throws Exception {
        Path kubeconfig = Path.of(args[0]);
        Path dir = Path.of(args[1]);
        long baseline = usedAfterGc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long cpu0 = ProcessCpu.self();
        long t0 = System.nanoTime();
        List<Manifest> manifests = ApplyWorkload.read(dir);
        int n = manifests.size();
        try (KubernetesTarget target = TargetApply.target(kubeconfig);
             AutoCloseable watch = target.view().watch(Set.of(new GroupKind("", "ConfigMap"),
                     new GroupKind("apps", "Deployment")), event -> { })) {
            List<ObjectResult> results = TargetApply.apply(target, manifests);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            long cpuMillis = (ProcessCpu.self() - cpu0) / 1_000_000;
            TargetApply.require(results, ObjectOutcome.CREATED);
            long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            results = null;
            manifests = null;
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
