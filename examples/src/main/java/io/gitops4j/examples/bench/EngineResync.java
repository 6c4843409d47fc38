package io.gitops4j.examples.bench;

import io.gitops4j.api.ReconcileResult;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * P11: {@code apps} Applications × {@value #OBJECTS} objects through the Kubernetes target and the standalone fake
 * API server (its own JVM), every request of which waits {@value #LATENCY_MS} ms. The objects are created first
 * without the delay (untimed); then, with it, two full resyncs (a pass of every Application asked for at once): one
 * by the reconciler that created them (its caches warm), and one by a new reconciler with a new target, as after a
 * restart of the host (discovery, lists and watches, every inventory read again). Each must end within {@value
 * #DEADLINE_SECONDS} s; one that does not is reported as stuck (a deadlock or a starved queue), with the passes that
 * ended by then. Not thread-safe.
 */
final class EngineResync {
    static final int OBJECTS = 10;
    static final int LATENCY_MS = 200;
    private static final int DEADLINE_SECONDS = 300;

    /**
     * One resync.
     *
     * @param seconds how long until every pass ended; NaN when they did not within the deadline
     * @param requests what the server answered meanwhile
     * @param failed passes that did not end SYNCED with no write
     */
    record Resync(String kind, double seconds, RequestCounts requests, long failed) {}

    private EngineResync() {}

    static List<Resync> run(int apps, PrintStream err) throws Exception {
        Path work = Files.createTempDirectory("gitops4j-bench-resync-");
        try (ControlledServer server = ControlledServer.start(work.resolve("kubeconfig"), "-Xmx2g")) {
            BenchRepo repo = BenchRepo.init(work.resolve("repo"));
            for (int i = 0; i < apps; i++) {
                repo.write("r-" + i, OBJECTS, "v0");
            }
            repo.commit("v0");
            server.createNamespace("resync");
            err.printf("engine P11: creating %d Applications × %d objects%n", apps, OBJECTS);
            Resync warm;
            try (EngineFleet fleet = new EngineFleet(server.kubeconfig(), repo, work.resolve("git-a"), "r", apps,
                    i -> "resync")) {
                EngineFleet.require(fleet.resync(Duration.ofMinutes(30)), (long) apps * OBJECTS);
                server.latency(LATENCY_MS);
                err.printf("engine P11: full resync, warm, %d ms a request%n", LATENCY_MS);
                warm = resync("warm (same reconciler)", server, fleet);
            }
            err.printf("engine P11: full resync after a restart, %d ms a request%n", LATENCY_MS);
            try (EngineFleet fleet = new EngineFleet(server.kubeconfig(), repo, work.resolve("git-b"), "r", apps,
                    i -> "resync")) {
                return List.of(warm, resync("after a restart (new reconciler and target)", server, fleet));
            }
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Resync resync(String kind, ControlledServer server, EngineFleet fleet) throws Exception {
        server.clear();
        long t0 = System.nanoTime();
        List<ReconcileResult> results;
        try {
            results = fleet.resync(Duration.ofSeconds(DEADLINE_SECONDS));
        } catch (TimeoutException e) {
            return new Resync(kind, Double.NaN, server.requests(), -1);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long failed = results.stream().filter(r -> !r.isSynced() || r.writes() != 0).count();
        return new Resync(kind, seconds, server.requests(), failed);
    }
}
