package io.gitops4j.examples.bench;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.k8s.KubernetesTarget;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * P3, P4, P5, P6, P12: {@code KubernetesTarget} against {@code kubectl apply --server-side -f DIR} on one fake API
 * server, which runs in a JVM of its own (the testkit's standalone main with {@code --control}) and counts the
 * requests it answers. The objects are files (one per object, three ConfigMaps to one Deployment, {@link
 * ApplyWorkload}); our side reads them with the plain YAML renderer and applies them through a new target, kubectl
 * reads the same files in a new process with an empty cache.
 *
 * <ul>
 *   <li>cold apply of N objects, interleaved rounds (ours, kubectl, kubectl, ours, ...), each into a namespace of its
 *       own, after one untimed round of each: time, ratio per pair, requests per verb (P4);</li>
 *   <li>with the watch cache started: every object read through the view, a second time measured (requests, CPU of
 *       this JVM's threads: the target's part of a no-op pass, P3), then the changed tenth applied (requests,
 *       P6);</li>
 *   <li>a cold apply with a fifth of all requests answered 429 {@code Retry-After: 1} (P12);</li>
 *   <li>full runs: 10,000 objects applied in a JVM limited to 512 MiB of heap ({@link ApplyHeapMain}): time, peak
 *       and retained heap (P5), and kubectl on the same number once.</li>
 * </ul>
 * These rows measure the target alone (no planning, no inventory); the tables say so.
 */
final class ApplyBench implements BenchSuite {
    static final int MINOR = 33;
    static final Set<GroupKind> KINDS = Set.of(new GroupKind("", "ConfigMap"), new GroupKind("apps", "Deployment"));

    @Override
    public String name() {
        return "apply";
    }

    @Override
    public String description() {
        return "KubernetesTarget vs kubectl apply --server-side on one fake API server (own JVM): cold apply, no-op "
                + "reads, 10 % changed, 429s, 10,000 objects";
    }

    /**
     * What the interleaved cold rounds measured: seconds, kubectl ÷ ours per pair, CPU milliseconds of each side and of
     * the server during it; the requests of the last round.
     */
    record Cold(Samples ours, Samples peer, Samples ratio, Samples oursCpu, Samples peerCpu, Samples oursServerCpu,
            Samples peerServerCpu, RequestCounts oursRequests, RequestCounts peerRequests) {
        Cold() {
            this(new Samples(), new Samples(), new Samples(), new Samples(), new Samples(), new Samples(),
                    new Samples(), null, null);
        }

        Cold withRequests(RequestCounts ours, RequestCounts peer) {
            return new Cold(this.ours, this.peer, ratio, oursCpu, peerCpu, oursServerCpu, peerServerCpu, ours, peer);
        }

        void add(ApplyRun ours, ApplyRun peer) {
            this.ours.add(ours.nanos() / 1e9);
            this.peer.add(peer.nanos() / 1e9);
            ratio.add((double) peer.nanos() / ours.nanos());
            oursCpu.add(ours.cpuNanos() / 1e6);
            peerCpu.add(peer.cpuNanos() / 1e6);
            oursServerCpu.add(ours.serverCpuNanos() / 1e6);
            peerServerCpu.add(peer.serverCpuNanos() / 1e6);
        }
    }

    /**
     * The watch cache's start (when the server held {@code labelled} objects carrying the ownership label), the no-op
     * reads and the changed tenth.
     */
    record Steady(int labelled, RequestCounts sync, RequestCounts reads, double readCpuMillis, RequestCounts tenth,
            int changed) {
    }

    /** A cold apply of ours with a fifth of all requests answered 429. */
    record Throttled(double seconds, RequestCounts requests) {
    }

    /**
     * P5: 10,000 objects in a JVM of their own (seconds, CPU seconds of that JVM and of the server meanwhile, heap),
     * and kubectl on as many.
     */
    record Large(int objects, double seconds, double cpuSeconds, double serverCpuSeconds, long peakBytes,
            long retainedBytes, double peerSeconds) {
    }

    @Override
    public void run(boolean quick, PrintStream out, PrintStream err) throws Exception {
        int n = quick ? 100 : 1000;
        int rounds = quick ? 2 : 5;
        int large = quick ? 0 : 10_000;
        KubectlApply kubectl = KubectlApply.find(MINOR);
        Path work = Files.createTempDirectory("gitops4j-bench-apply-");
        try {
            Cold cold;
            Steady steady;
            Throttled throttled;
            try (ControlledServer server = ControlledServer.start(work.resolve("kubeconfig"))) {
                cold = cold(server, kubectl, work, n, rounds, err);
                // every round so far left its N objects, labelled (the warm-up's two, two per round), plus the new N
                steady = steady(server, work, n, n * (2 + 2 * rounds + 1), err);
                throttled = throttled(server, work, n, err);
            }
            Large big = large > 0 ? large(kubectl, work, large, err) : null;
            new ApplyReport(n, rounds, kubectl.name(), cold, steady, throttled, big).print(out);
        } finally {
            deleteTree(work);
        }
    }

    private static Cold cold(ControlledServer server, KubectlApply kubectl, Path work, int n, int rounds,
            PrintStream err) throws Exception {
        err.println("apply: warm-up (not counted)");
        oursRound(server, work, "warm-ours", n);
        peerRound(server, kubectl, work, "warm-kubectl", n);
        Cold cold = new Cold();
        RequestCounts oursRequests = null;
        RequestCounts peerRequests = null;
        for (int round = 0; round < rounds; round++) {
            err.printf("apply: round %d of %d (N = %d)%n", round + 1, rounds, n);
            ApplyRun ours;
            ApplyRun peer;
            if (round % 2 == 0) {
                ours = oursRound(server, work, "ours-" + round, n);
                oursRequests = server.requests();
                peer = peerRound(server, kubectl, work, "kubectl-" + round, n);
                peerRequests = server.requests();
            } else {
                peer = peerRound(server, kubectl, work, "kubectl-" + round, n);
                peerRequests = server.requests();
                ours = oursRound(server, work, "ours-" + round, n);
                oursRequests = server.requests();
            }
            cold.add(ours, peer);
        }
        return cold.withRequests(oursRequests, peerRequests);
    }

    /** A cold apply through a new target into a new namespace; the log is cleared first. */
    private static ApplyRun oursRound(ControlledServer server, Path work, String ns, int n) throws Exception {
        Path dir = ApplyWorkload.write(work, ns, n, 1);
        server.createNamespace(ns);
        server.clear();
        long serverCpu = server.cpuNanos();
        ApplyRun run = TargetApply.cold(server.kubeconfig(), dir);
        run = run.withServerCpu(server.cpuNanos() - serverCpu);
        ApplyWorkload.delete(dir);
        return run;
    }

    /** kubectl's cold apply into a new namespace; the log is cleared first. */
    private static ApplyRun peerRound(ControlledServer server, KubectlApply kubectl, Path work, String ns, int n)
            throws Exception {
        Path dir = ApplyWorkload.write(work, ns, n, 1);
        server.createNamespace(ns);
        Path cache = Files.createTempDirectory(work, "kubectl-cache-");
        server.clear();
        long serverCpu = server.cpuNanos();
        ApplyRun run = kubectl.apply(server.kubeconfig(), dir, cache);
        run = run.withServerCpu(server.cpuNanos() - serverCpu);
        RequestCounts counts = server.requests();
        if (counts.verb("patch") < n) {
            throw new IllegalStateException("kubectl applied " + counts.verb("patch") + " of " + n + " objects");
        }
        ApplyWorkload.delete(dir);
        deleteTree(cache);
        return run;
    }

    private static Steady steady(ControlledServer server, Path work, int n, int labelled, PrintStream err)
            throws Exception {
        err.println("apply: no-op reads and 10 % changed (watch cache on)");
        String ns = "steady";
        Path first = ApplyWorkload.write(work, ns, n, 1);
        server.createNamespace(ns);
        TargetApply.cold(server.kubeconfig(), first);
        List<Manifest> desired = ApplyWorkload.read(first);
        try (KubernetesTarget target = TargetApply.target(server.kubeconfig())) {
            server.clear();
            try (AutoCloseable watch = target.view().watch(KINDS, event -> { })) {
                RequestCounts sync = awaitWatches(server, KINDS.size());
                readAll(target, desired); // a first pass, untimed: a no-op pass repeats every interval
                server.clear();
                long cpu0 = TargetApply.threadCpuNanos();
                readAll(target, desired);
                double cpuMillis = (TargetApply.threadCpuNanos() - cpu0) / 1e6;
                RequestCounts reads = server.requests();

                Map<ResourceKey, String> before = desired.stream()
                        .collect(Collectors.toMap(Manifest::key, Manifest::contentHash));
                Path second = ApplyWorkload.write(work, ns, n, 2);
                List<Manifest> changed = ApplyWorkload.read(second).stream()
                        .filter(m -> !m.contentHash().equals(before.get(m.key()))).toList();
                if (changed.size() != ApplyWorkload.changed(n)) {
                    throw new IllegalStateException(changed.size() + " objects changed, expected "
                            + ApplyWorkload.changed(n));
                }
                server.clear();
                TargetApply.require(TargetApply.apply(target, changed), ObjectOutcome.CONFIGURED);
                RequestCounts tenth = server.requests();
                return new Steady(labelled, sync, reads, cpuMillis, tenth, changed.size());
            }
        }
    }

    private static void readAll(KubernetesTarget target, List<Manifest> desired) {
        for (Manifest m : desired) {
            if (target.view().get(m.key()).isEmpty()) {
                throw new IllegalStateException(m.key().displayName() + " is not in the cluster");
            }
        }
    }

    /** Polls the server's log until {@code watches} watch requests arrived (at most 30 s). @return the log then */
    private static RequestCounts awaitWatches(ControlledServer server, int watches) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        RequestCounts counts = server.requests();
        while (counts.verb("watch") < watches) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the watch cache opened " + counts.verb("watch") + " of " + watches
                        + " watches within 30 s");
            }
            Thread.sleep(10);
            counts = server.requests();
        }
        return counts;
    }

    private static Throttled throttled(ControlledServer server, Path work, int n, PrintStream err) throws Exception {
        err.println("apply: 20 % of requests answered 429 (Retry-After: 1)");
        Path dir = ApplyWorkload.write(work, "throttled", n, 1);
        server.createNamespace("throttled");
        server.throttle(0.2, 1, 12);
        server.clear();
        ApplyRun run = TargetApply.cold(server.kubeconfig(), dir);
        RequestCounts requests = server.requests();
        server.unthrottle();
        return new Throttled(run.nanos() / 1e9, requests);
    }

    private static Large large(KubectlApply kubectl, Path work, int n, PrintStream err) throws Exception {
        err.printf("apply: %,d objects (a new server; our side in a JVM with -Xmx512m)%n", n);
        try (ControlledServer server = ControlledServer.start(work.resolve("kubeconfig-large"))) {
            Path dir = ApplyWorkload.write(work, "large", n, 1);
            server.createNamespace("large");
            long serverCpu = server.cpuNanos();
            Map<String, Long> child = heapChild(server.kubeconfig(), dir, work);
            serverCpu = server.cpuNanos() - serverCpu;
            Path peerDir = ApplyWorkload.write(work, "large-kubectl", n, 1);
            server.createNamespace("large-kubectl");
            ApplyRun peer = kubectl.apply(server.kubeconfig(), peerDir,
                    Files.createTempDirectory(work, "kubectl-cache-"));
            return new Large(child.get("objects").intValue(), child.get("millis") / 1e3, child.get("cpuMillis") / 1e3,
                    serverCpu / 1e9, child.get("peakBytes"), child.get("retainedBytes"), peer.nanos() / 1e9);
        }
    }

    /** Runs {@link ApplyHeapMain} with {@code -Xmx512m}. @return the numbers of its one output line */
    private static Map<String, Long> heapChild(Path kubeconfig, Path dir, Path work) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path errors = Files.createTempFile(work, "heap-child-", ".err");
        Process p = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                ApplyHeapMain.class.getName(), kubeconfig.toString(), dir.toString())
                .redirectError(errors.toFile()).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0 || !output.startsWith("objects=")) {
            List<String> lines = Files.readAllLines(errors);
            throw new IllegalStateException("the 10,000-object run failed (exit " + p.exitValue() + "): "
                    + String.join(" | ", lines.subList(0, Math.min(5, lines.size()))));
        }
        return Stream.of(output.split(" ")).map(kv -> kv.split("=", 2))
                .collect(Collectors.toMap(kv -> kv[0], kv -> Long.parseLong(kv[1])));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
