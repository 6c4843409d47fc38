package io.gitops4j.examples.bench;

import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.target.ObjectOutcome;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * P3, P4, P5, P6, P12: gitops4j against {@code kubectl apply --server-side -f DIR} on one fake API server, which runs
 * in a JVM of its own (the testkit's standalone main with {@code --control}) and counts the requests it answers. The
 * objects are files (one per object, three ConfigMaps to one Deployment, {@link ApplyWorkload}); our side reconciles
 * the directory as an Application through {@code GitOps.reconciler()} and a new {@code KubernetesTarget}
 * ({@link EnginePass}); kubectl reads the same files in a new process with an empty cache. For reference, the target
 * alone ({@link TargetApply}: the files read and {@code applyAll}, no planning, no inventory) runs in the same rounds.
 *
 * <ul>
 *   <li>cold apply of N objects, interleaved rounds (the three in turn, the order rotating), each into a namespace of
 *       its own and pruned after (untimed), after one untimed round of each: time, ratio per pair, CPU of each side
 *       and of the server, requests per verb (P4);</li>
 *   <li>no-op passes after a cold one and untimed warm-up passes, of the directory Application and of the same files
 *       committed to a Git repository read over its {@code file:} URL (requests, CPU of this JVM's threads and
 *       process, wall, means per pass: P3, {@link NoOpPasses}), then a pass of the directory Application after a
 *       tenth of its files changed (requests, P6);</li>
 *   <li>a cold pass with a fifth of all requests answered 429 {@code Retry-After: 1} (P12);</li>
 *   <li>full runs: a cold pass of 10,000 objects in a JVM limited to 512 MiB of heap ({@link ApplyHeapMain}): time,
 *       CPU, peak and retained heap (P5), and kubectl on as many once.</li>
 * </ul>
 */
final class ApplyBench implements BenchSuite {
    static final int MINOR = 33;

    @Override
    public String name() {
        return "apply";
    }

    @Override
    public String description() {
        return "gitops4j (engine + KubernetesTarget) vs kubectl apply --server-side on one fake API server (own JVM):"
                + " cold apply, no-op, 10 % changed, 429s, 10,000 objects";
    }

    /** What one contender measured over the cold rounds: seconds, CPU ms of its side and of the server. */
    static final class Side {
        final Samples seconds = new Samples();
        final Samples cpuMillis = new Samples();
        final Samples serverCpuMillis = new Samples();
        /** The requests of its last round. */
        private RequestCounts requests;

        void add(ApplyRun run, RequestCounts counted) {
            seconds.add(run.nanos() / 1e9);
            cpuMillis.add(run.cpuNanos() / 1e6);
            serverCpuMillis.add(run.serverCpuNanos() / 1e6);
            requests = counted;
        }

        /** @return the last round's requests */
        RequestCounts requests() {
            return requests;
        }
    }

    /** The cold rounds: the engine, the target alone, kubectl, and kubectl ÷ engine per round. */
    record Cold(Side engine, Side target, Side peer, Samples ratio) {
    }

    /**
     * The no-op passes of the directory Application and of the Git one, and the directory Application's pass after
     * its changed tenth (its requests and how many objects changed).
     */
    record Steady(NoOpPasses directory, NoOpPasses git, RequestCounts tenth, int changed) {
    }

    /** A cold pass with a fifth of all requests answered 429: its time, requests, outcome and objects created. */
    record Throttled(double seconds, RequestCounts requests, Outcome outcome, int created) {
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
                steady = steady(server, work, n, quick, err);
                throttled = throttled(server, work, n, err);
            }
            Large big = large > 0 ? large(kubectl, work, large, err) : null;
            new ApplyReport(n, rounds, kubectl.name(), cold, steady, throttled, big).print(out);
        } finally {
            deleteTree(work);
        }
    }

    /** One contender's cold round into namespace {@code ns}: its run and the requests the server counted. */
    private interface Round {
        Measured run(String ns) throws Exception;
    }

    /** A run and the requests the server counted during it. */
    private record Measured(ApplyRun run, RequestCounts requests) {
    }

    private static Cold cold(ControlledServer server, KubectlApply kubectl, Path work, int n, int rounds,
            PrintStream err) throws Exception {
        Cold cold = new Cold(new Side(), new Side(), new Side(), new Samples());
        Round engine = ns -> engineRound(server, work, ns, n);
        Round target = ns -> targetRound(server, work, ns, n);
        Round peer = ns -> peerRound(server, kubectl, work, ns, n);
        err.println("apply: warm-up (not counted)");
        engine.run("warm-engine");
        target.run("warm-target");
        peer.run("warm-kubectl");
        List<String> names = List.of("engine", "target", "kubectl");
        List<Round> contenders = List.of(engine, target, peer);
        List<Side> sides = List.of(cold.engine(), cold.target(), cold.peer());
        for (int round = 0; round < rounds; round++) {
            err.printf("apply: round %d of %d (N = %d)%n", round + 1, rounds, n);
            ApplyRun[] runs = new ApplyRun[3];
            for (int k = 0; k < 3; k++) {
                int i = (round + k) % 3;
                Measured m = contenders.get(i).run(names.get(i) + "-" + round);
                runs[i] = m.run();
                sides.get(i).add(m.run(), m.requests());
            }
            cold.ratio().add((double) runs[2].nanos() / runs[0].nanos());
        }
        return cold;
    }

    /** A cold pass of a new reconciler and target into a new namespace, its objects pruned after (untimed). */
    private static Measured engineRound(ControlledServer server, Path work, String ns, int n) throws Exception {
        Path dir = ApplyWorkload.write(work, ns, n, 1);
        server.createNamespace(ns);
        server.clear();
        long serverCpu = server.cpuNanos();
        long cpu = ProcessCpu.self();
        long t0 = System.nanoTime();
        try (EnginePass engine = new EnginePass(server.kubeconfig(), "bench-" + ns, dir)) {
            engine.pass(ObjectOutcome.CREATED, n);
            ApplyRun run = new ApplyRun(System.nanoTime() - t0, ProcessCpu.self() - cpu,
                    server.cpuNanos() - serverCpu);
            RequestCounts counted = server.requests();
            engine.pruneAll(n);
            ApplyWorkload.delete(dir);
            return new Measured(run, counted);
        }
    }

    /** A cold apply through a new target alone into a new namespace. */
    private static Measured targetRound(ControlledServer server, Path work, String ns, int n) throws Exception {
        Path dir = ApplyWorkload.write(work, ns, n, 1);
        server.createNamespace(ns);
        server.clear();
        long serverCpu = server.cpuNanos();
        ApplyRun run = TargetApply.cold(server.kubeconfig(), dir);
        run = run.withServerCpu(server.cpuNanos() - serverCpu);
        ApplyWorkload.delete(dir);
        return new Measured(run, server.requests());
    }

    /** kubectl's cold apply into a new namespace. */
    private static Measured peerRound(ControlledServer server, KubectlApply kubectl, Path work, String ns, int n)
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
        return new Measured(run, counts);
    }

    /**
     * P3 for both sources on the same workload and server: the directory Application (then P6 on it, its tenth
     * changed), and the same files committed to a {@link BenchRepo} read through the Git source, each in a namespace
     * of its own and pruned after.
     */
    private static Steady steady(ControlledServer server, Path work, int n, boolean quick, PrintStream err)
            throws Exception {
        int warmUp = quick ? 5 : 20;
        int passes = quick ? 5 : 20;
        err.printf("apply: %d no-op passes of a directory source (after %d untimed), then 10 %% changed%n", passes,
                warmUp);
        String ns = "steady";
        Path dir = ApplyWorkload.write(work, ns, n, 1);
        server.createNamespace(ns);
        NoOpPasses directory;
        RequestCounts tenth;
        try (EnginePass engine = new EnginePass(server.kubeconfig(), "bench-" + ns, dir)) {
            engine.pass(ObjectOutcome.CREATED, n);
            directory = NoOpPasses.measure(server, engine, n, warmUp, passes);

            ApplyWorkload.rewrite(dir, ns, n, 2);
            server.clear();
            engine.pass(ObjectOutcome.CONFIGURED, ApplyWorkload.changed(n));
            tenth = server.requests();
            engine.pruneAll(n);
        } finally {
            ApplyWorkload.delete(dir);
        }

        err.printf("apply: %d no-op passes of a Git source (file: URL, after %d untimed)%n", passes, warmUp);
        String app = "steady-git";
        BenchRepo repo = BenchRepo.init(work.resolve("steady-repo"));
        Files.createDirectories(repo.files(app));
        ApplyWorkload.rewrite(repo.files(app), app, n, 1);
        repo.commit("the workload");
        server.createNamespace(app);
        NoOpPasses git;
        try (EnginePass engine = EnginePass.git(server.kubeconfig(), app, repo, work.resolve("steady-git-cache"))) {
            engine.pass(ObjectOutcome.CREATED, n);
            git = NoOpPasses.measure(server, engine, n, warmUp, passes);
            engine.pruneAll(n);
        }
        return new Steady(directory, git, tenth, ApplyWorkload.changed(n));
    }

    private static Throttled throttled(ControlledServer server, Path work, int n, PrintStream err) throws Exception {
        err.println("apply: 20 % of requests answered 429 (Retry-After: 1)");
        Path dir = ApplyWorkload.write(work, "throttled", n, 1);
        server.createNamespace("throttled");
        try (EnginePass engine = new EnginePass(server.kubeconfig(), "bench-throttled", dir)) {
            server.throttle(0.2, 1, 12);
            server.clear();
            long t0 = System.nanoTime();
            ReconcileResult result = engine.pass();
            double seconds = (System.nanoTime() - t0) / 1e9;
            RequestCounts requests = server.requests();
            server.unthrottle();
            return new Throttled(seconds, requests, result.outcome(), result.counts().get(ObjectOutcome.CREATED));
        }
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
