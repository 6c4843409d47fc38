package io.gitops4j.examples.bench;

import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.ApplyRequest;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.WriteContext;
import io.gitops4j.k8s.KubernetesTarget;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;

/**
 * Our side of the apply benchmark: the objects of a directory applied through {@link KubernetesTarget#applyAll} as the
 * engine applies them (default options, one write context per pass whose retry budget is N), with every result
 * checked. Stateless; thread-safe.
 */
final class TargetApply {
    /** Writes in flight at once (the builder's default, stated so the report can use it). */
    static final int CONCURRENCY = 8;
    /** The Application the writes are made for. */
    static final String APPLICATION = "bench";

    private TargetApply() {}

    /** @return a new target for the kubeconfig's server (its discovery is cold) */
    static KubernetesTarget target(Path kubeconfig) {
        return KubernetesTarget.builder().kubeconfig(kubeconfig).concurrency(CONCURRENCY).build();
    }

    /**
     * Reads {@code dir} (plain YAML) and applies every object through a new target, as a cold pass does.
     *
     * @return the wall time and this JVM's CPU time of reading the files, discovery and the applies; no server CPU
     * @throws IllegalStateException when an object was not created
     */
    static ApplyRun cold(Path kubeconfig, Path dir) {
        long cpu0 = ProcessCpu.self();
        long t0 = System.nanoTime();
        List<Manifest> manifests = ApplyWorkload.read(dir);
        try (KubernetesTarget target = target(kubeconfig)) {
            List<ObjectResult> results = apply(target, manifests);
            long elapsed = System.nanoTime() - t0;
            long cpu = ProcessCpu.self() - cpu0;
            require(results, ObjectOutcome.CREATED);
            return new ApplyRun(elapsed, cpu, 0);
        }
    }

    /** Applies {@code manifests} through {@code target} in one batch. */
    static List<ObjectResult> apply(KubernetesTarget target, List<Manifest> manifests) {
        List<ApplyRequest> requests = manifests.stream().map(ApplyRequest::of).toList();
        return target.applyAll(requests, ApplyOptions.defaults(),
                WriteContext.of(APPLICATION, manifests.size()));
    }

    /** @throws IllegalStateException unless every result has the expected outcome (the first other one named) */
    static void require(List<ObjectResult> results, ObjectOutcome expected) {
        for (ObjectResult r : results) {
            if (r.outcome() != expected) {
                throw new IllegalStateException(r.key().displayName() + ": " + r.outcome() + " instead of " + expected
                        + r.failure().map(f -> " (" + f.message() + ")").orElse(""));
            }
        }
    }

    /** @return the CPU time the live threads of this JVM have used so far (ThreadMXBean), in nanoseconds */
    static long threadCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long id : threads.getAllThreadIds()) {
            long t = threads.getThreadCpuTime(id);
            if (t > 0) {
                sum += t;
            }
        }
        return sum;
    }
}
