package io.gitops4j.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.target.ObjectOutcome;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * P1 and P3 through the Kubernetes target and the standalone fake API server in a JVM of its own. {@code apps}
 * Applications of {@value #OBJECTS} ConfigMaps each ({@code apps × 50} managed objects), one namespace each, from one
 * Git repository. P1: in each round one Application's 50 files change, are committed, and a pass is asked for through
 * the API ({@code reconcileNow}); the latency is from the commit's end (this JVM's clock) to the answer of the last
 * write into that namespace (the server's clock, its request log; both clocks are this machine's). The peer, for
 * reference, is {@code kubectl apply --server-side} of 50 changed files of the same shape in a namespace of its own,
 * timed the same way from the files' change (no Git, no planning, no inventory; a new process each time, as a
 * pipeline step runs it). P3: after as many warm-up resyncs, consecutive no-op resyncs of every Application (nothing
 * new, no drift; each pass checked SYNCED without writes), at two sizes: requests by verb from the server's log, this
 * JVM's CPU (every thread, as the OS counts it) and its live threads' CPU (ThreadMXBean), means per resync. Not
 * thread-safe.
 */
final class EngineLatency {
    static final int OBJECTS = 50;
    /** The namespace of the peer's objects. */
    private static final String PEER = "peer";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A no-op resync's cost at one size: means per resync over {@code resyncs} consecutive ones.
     *
     * @param requests the requests of all {@code resyncs} together
     * @param cpuMillis this process's CPU (every thread, GC and JIT included)
     * @param threadCpuMillis the CPU of this JVM's live Java threads (ThreadMXBean)
     * @param refChecks the Git source's ref checks (ls-remote or, for a {@code file:} URL, refs read in place)
     * @param phases the pass time by phase, summed over the passes of a resync
     */
    record NoOp(int objects, int resyncs, RequestCounts requests, double cpuMillis, double threadCpuMillis,
            double wallMillis, double refChecks, String phases) {
        /** @return the requests of one resync */
        double requestsPerResync() {
            return requests.total() / (double) resyncs;
        }
    }

    /** P1's latencies in ms, ours and the peer's, and P3 at each size. */
    record Report(List<Double> ours, List<Double> kubectl, List<NoOp> noOps) {}

    private EngineLatency() {}

    /**
     * @param sizes the Application counts: P1 runs on the first; P3 on each
     * @param rounds P1's rounds
     */
    static Report run(int[] sizes, int rounds, int resyncs, PrintStream err) throws Exception {
        List<Double> ours = new ArrayList<>();
        List<Double> kubectl = new ArrayList<>();
        List<NoOp> noOps = new ArrayList<>();
        Path work = Files.createTempDirectory("gitops4j-bench-latency-");
        try {
            for (int s = 0; s < sizes.length; s++) {
                int apps = sizes[s];
                err.printf("engine P1/P3: %d Applications × %d objects%n", apps, OBJECTS);
                try (ControlledServer server = ControlledServer.start(work.resolve("kubeconfig-" + s), "-Xmx2g")) {
                    BenchRepo repo = BenchRepo.init(work.resolve("repo-" + s));
                    for (int i = 0; i < apps; i++) {
                        repo.write("app-" + i, OBJECTS, "v0");
                        server.createNamespace("app-" + i);
                    }
                    repo.commit("v0");
                    try (EngineFleet fleet = new EngineFleet(server.kubeconfig(), repo, work.resolve("git-" + s),
                            "app", apps, i -> "app-" + i)) {
                        EngineFleet.require(fleet.resync(java.time.Duration.ofMinutes(30)), (long) apps * OBJECTS);
                        if (s == 0) {
                            commitToConverged(server, repo, fleet, work.resolve("peer"), rounds, ours, kubectl, err);
                        }
                        for (int w = 0; w < resyncs; w++) {   // warm: caches and JIT as a live host has them
                            EngineFleet.require(fleet.resync(java.time.Duration.ofMinutes(5)), 0);
                        }
                        noOps.add(noOp(server, fleet, apps, resyncs));
                    }
                }
            }
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return new Report(ours, kubectl, noOps);
    }

    private static void commitToConverged(ControlledServer server, BenchRepo repo, EngineFleet fleet, Path peerWork,
            int rounds, List<Double> ours, List<Double> kubectl, PrintStream err) throws Exception {
        KubectlApply peer = KubectlApply.find(ApplyBench.MINOR);
        int apps = fleet.names().size();
        Path peerDir = peerWork.resolve("files");
        server.createNamespace(PEER);
        writePeerFiles(peerDir, "k0");
        peer.apply(server.kubeconfig(), peerDir, Files.createTempDirectory(peerWork, "kubectl-cache-"));
        for (int r = 1; r <= rounds; r++) {
            String app = "app-" + (r % apps);
            repo.write(app, OBJECTS, "v" + r);
            server.clear();
            repo.commit("round " + r);
            Instant committed = Instant.now();
            ReconcileResult result = fleet.pass(app);
            if (result.counts().get(ObjectOutcome.CONFIGURED) != OBJECTS) {
                throw new IllegalStateException(app + ": " + result.outcome() + " " + result.counts());
            }
            ours.add(lastWriteMillis(server, app, committed));

            writePeerFiles(peerDir, "k" + r);
            server.clear();
            Instant written = Instant.now();
            Path cache = Files.createTempDirectory(peerWork, "kubectl-cache-");
            peer.apply(server.kubeconfig(), peerDir, cache);
            kubectl.add(lastWriteMillis(server, PEER, written));
            err.printf("  round %d: ours %.0f ms, kubectl %.0f ms%n", r, ours.get(ours.size() - 1),
                    kubectl.get(kubectl.size() - 1));
        }
    }

    /** The peer's 50 ConfigMaps, in a namespace of their own (no Application manages them). */
    private static void writePeerFiles(Path dir, String value) throws java.io.IOException {
        Files.createDirectories(dir);
        for (int j = 0; j < OBJECTS; j++) {
            Files.writeString(dir.resolve("cm-" + j + ".yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
                    + "  name: peer-cm-" + j + "\n  namespace: " + PEER + "\ndata:\n  value: \"" + value + "\"\n"
                    + "  index: \"" + j + "\"\n");
        }
    }

    /** @return ms from {@code from} to the answer of the last write into {@code namespace} (server's log) */
    private static double lastWriteMillis(ControlledServer server, String namespace, Instant from) throws Exception {
        JsonNode writes = JSON.readTree(server.command("writes /api/v1/namespaces/" + namespace + "/"));
        if (writes.get("count").asLong() < OBJECTS) {
            throw new IllegalStateException(namespace + ": only " + writes.get("count") + " writes in the server's log");
        }
        long fromMicros = from.getEpochSecond() * 1_000_000L + from.getNano() / 1_000;
        return (writes.get("lastAnsweredMicros").asLong() - fromMicros) / 1000.0;
    }

    /**
     * {@code resyncs} consecutive no-op resyncs of every Application, each checked (every pass SYNCED, no write), and
     * their means. The process CPU comes in the OS's 10 ms ticks, so only the sum over many resyncs resolves one.
     */
    private static NoOp noOp(ControlledServer server, EngineFleet fleet, int apps, int resyncs) throws Exception {
        server.clear();
        java.util.Map<String, Double> byPhase = new java.util.LinkedHashMap<>();
        int checks = fleet.gitStats().lsRemotes();
        long cpu0 = ProcessCpu.self();
        long threads0 = TargetApply.threadCpuNanos();
        long t0 = System.nanoTime();
        for (int i = 0; i < resyncs; i++) {
            List<ReconcileResult> results = fleet.resync(java.time.Duration.ofMinutes(5));
            EngineFleet.require(results, 0);
            for (ReconcileResult r : results) {
                r.timings().phases().forEach((phase, d) -> byPhase.merge(phase, d.toNanos() / 1e6, Double::sum));
            }
        }
        double wall = (System.nanoTime() - t0) / 1e6 / resyncs;
        double threads = (TargetApply.threadCpuNanos() - threads0) / 1e6 / resyncs;
        double cpu = (ProcessCpu.self() - cpu0) / 1e6 / resyncs;
        double refChecks = (fleet.gitStats().lsRemotes() - checks) / (double) resyncs;
        StringBuilder phases = new StringBuilder();
        byPhase.forEach((phase, ms) -> phases.append(phases.length() == 0 ? "" : ", ").append(phase).append(' ')
                .append(String.format("%.1f", ms / resyncs)));
        return new NoOp(apps * OBJECTS, resyncs, server.requests(), cpu, threads, wall, refChecks,
                phases.toString());
    }

    /** @return the nearest-rank percentile {@code p} (0–100) of {@code values} */
    static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
