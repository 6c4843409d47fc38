package io.gitops4j.examples.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;

/**
 * The tables of {@code ./gitops4j bench apply}: P4 (cold apply against kubectl, the target alone for reference),
 * then P3, P6, P12 and P5, each with its target and whether this run met it. Not thread-safe.
 */
final class ApplyReport {
    /** The target's writes in flight at once (set by {@link TargetApply}). */
    private static final int WRITERS = TargetApply.CONCURRENCY;

    private final int n;
    private final int rounds;
    private final String kubectl;
    private final ApplyBench.Cold cold;
    private final ApplyBench.Steady steady;
    private final ApplyBench.Throttled throttled;
    private final ApplyBench.Large large;

    ApplyReport(int n, int rounds, String kubectl, ApplyBench.Cold cold, ApplyBench.Steady steady,
            ApplyBench.Throttled throttled, ApplyBench.Large large) {
        this.n = n;
        this.rounds = rounds;
        this.kubectl = kubectl;
        this.cold = cold;
        this.steady = steady;
        this.throttled = throttled;
        this.large = large;
    }

    void print(PrintStream out) {
        out.println("### apply: gitops4j vs `kubectl apply --server-side -f DIR` on one fake API server");
        out.println();
        out.printf("N = %,d objects (3 ConfigMaps to 1 Deployment, one file each). Ours: a pass of `GitOps.reconciler()`"
                + " over an Application whose source is the directory (plain YAML), with a new `KubernetesTarget`"
                + " (cold discovery and watch cache), so planning and the inventory are included. %d interleaved"
                + " rounds, the order rotating, after one untimed round of each; every round in a namespace of its"
                + " own, our objects pruned after it (untimed). The fake API server (the testkit's standalone main) runs"
                + " in a JVM of its own and counts the requests. %s; %d cores; load average %.1f when printed.%n%n", n,
                rounds, System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        RequestCounts engine = cold.engine().requests();
        long bound = (long) Math.floor(1.1 * n) + engine.nonResource();
        MarkdownTable t = new MarkdownTable("P4 cold apply, N = " + String.format("%,d", n), "ours: engine pass",
                kubectl + " apply --server-side -f DIR", "for reference: KubernetesTarget.applyAll alone");
        t.row("time, median (min–max)", seconds(cold.engine().seconds), seconds(cold.peer().seconds),
                seconds(cold.target().seconds));
        t.row(kubectl + " ÷ ours per round, median (min–max)", String.format("%.2f× (%s)", cold.ratio().median(),
                cold.ratio().spread("%.2f")), "", "");
        t.row("CPU of the applying process, median (min–max)", millis(cold.engine().cpuMillis),
                millis(cold.peer().cpuMillis), millis(cold.target().cpuMillis));
        t.row("CPU of the server meanwhile, median (min–max)", millis(cold.engine().serverCpuMillis),
                millis(cold.peer().serverCpuMillis), millis(cold.target().serverCpuMillis));
        t.row("requests (last round)", engine.total(), cold.peer().requests().total(),
                cold.target().requests().total());
        t.row("by verb", engine.describeVerbs(), cold.peer().requests().describeVerbs(),
                cold.target().requests().describeVerbs());
        t.row("of them discovery, OpenAPI, /version", engine.nonResource(), cold.peer().requests().nonResource(),
                cold.target().requests().nonResource());
        t.row("target: ≥ 3× faster", verdict(cold.ratio().median() >= 3), "", "");
        t.row("target: requests ≤ 1.1·N + discovery = " + bound, verdict(engine.total() <= bound), "",
                verdict(cold.target().requests().total() <= (long) Math.floor(1.1 * n)
                        + cold.target().requests().nonResource()));
        t.print(out);
        out.println();
        out.println("Ours runs in this warm JVM (the library's setting: embedded in a host) and writes " + WRITERS
                + " objects at a time; kubectl's time includes its process start, as a pipeline step pays it, and it"
                + " writes one object at a time. CPU as the operating system counts it: our whole JVM process"
                + " (garbage collection and JIT included), the kubectl process, the server's JVM.");
        out.println();

        MarkdownTable c = new MarkdownTable("case", "measured", "target", "met");
        c.row(p3Row("P3 no-op pass, directory source (stats every file)", steady.directory(), n));
        c.row(p3Row("P3 no-op pass, Git source (file: URL; one ref check)", steady.git(), n));
        RequestCounts tenth = steady.tenth();
        c.row("P6 pass after 10 % of the files changed (" + steady.changed() + " objects; directory source)",
                tenth.total() + " requests: " + tenth.describeVerbs(), "≤ 1.05 × changed + a constant",
                verdict(tenth.total() <= 1.05 * steady.changed() + tenth.nonResource()));
        double unthrottled = cold.engine().seconds.median();
        long throttledAnswers = throttled.requests().status(429);
        double waits = throttledAnswers * 1.0 / WRITERS;
        double timeBound = 1.5 * unthrottled + waits;
        long requestBound = (long) Math.floor(1.3 * n);
        c.row("P12 cold pass, 20 % of all requests answered 429 (Retry-After: 1)",
                String.format("%s, %d of %d created; %.2f s (unthrottled median %.2f s); %d requests, %d of them"
                        + " 429", throttled.outcome(), throttled.created(), n, throttled.seconds(), unthrottled,
                        throttled.requests().total(), throttledAnswers),
                String.format("≤ 1.5 × %.2f s + waits (%d × 1 s ÷ %d writers) = %.1f s; requests ≤ 1.3·N = %d",
                        unthrottled, throttledAnswers, WRITERS, timeBound, requestBound),
                verdict(throttled.created() == n && throttled.seconds() <= timeBound
                        && throttled.requests().total() <= requestBound));
        if (large != null) {
            double perObject = large.retainedBytes() / 1024.0 / large.objects();
            c.row(String.format("P5 cold pass, N = %,d, in a new JVM with -Xmx512m", large.objects()),
                    String.format("%.1f s (CPU: %.1f s in that JVM, %.1f s in the server); peak heap ≤ %.0f MiB (sum of"
                            + " pool peaks); retained %.1f KiB per object", large.seconds(), large.cpuSeconds(),
                            large.serverCpuSeconds(), large.peakBytes() / 1048576.0, perObject),
                    "≤ 40 s on 2 cores; peak ≤ 512 MiB; retained ≤ 15 KiB per object",
                    verdict(large.seconds() <= 40 && large.peakBytes() <= 512L << 20 && perObject <= 15));
            c.row(String.format("%s, N = %,d, same server", kubectl, large.objects()),
                    String.format("%.1f s", large.peerSeconds()), "", "");
        } else {
            c.row("P5 cold pass, N = 10,000", "not run (--quick)", "≤ 40 s; peak ≤ 512 MiB; ≤ 15 KiB per object", "");
        }
        c.print(out);
        out.println();
        NoOpPasses dir = steady.directory();
        out.printf("P3: one Application of the N objects per source, each in a namespace of its own on the same server:"
                + " the directory, and the same files committed to a local Git repository read through the Git source"
                + " over its file: URL. After its cold pass and %d untimed no-op passes, %d no-op passes in a row, each"
                + " checked SYNCED with every object UNCHANGED and no write; the means per pass of the requests, of"
                + " the CPU of this JVM's threads (ThreadMXBean, the engine's and the target's included; the verdict"
                + " is on this one) and of this JVM's process (10 ms ticks, garbage collection and JIT included) and"
                + " of the wall time. The Git row is the product's path: revisions are commits, and a no-op pass"
                + " checks one ref and reuses the last plan. A file: URL's ref is read in place (GS-24); over https"
                + " or ssh the check is a network round trip, whose client CPU this row does not include. The"
                + " directory source has no commits: every pass stats each of its files to tell whether one changed"
                + " (GS-23), its floor, which grows with N.%n%n", dir.warmUp(), dir.passes());
        out.println("P5 retained heap: what the reconciler and target hold after the pass (watch cache, inventory,"
                + " history) after a full collection, against the heap before they were built.");
    }

    /**
     * @return the cells of a P3 row: {@code label}, what the passes measured at {@code n} objects, P3's target and
     *     whether they met it ({@link NoOpPasses#meetsP3})
     */
    static Object[] p3Row(String label, NoOpPasses p, int n) {
        return new Object[] {label,
                String.format("%.1f requests (%d writes) per pass; CPU per pass: %.1f ms of threads for N = %,d"
                        + " (%.0f ms per 10,000), %.1f ms of the process; %.1f ms wall; mean of %d passes",
                        p.requestsPerPass(), p.requests().writes(), p.threadCpuPerPass(), n, p.threadCpuPer10000(n),
                        p.processCpuPerPass(), p.wallPerPass(), p.passes()),
                "0 writes, 0 dry-runs, requests independent of N; CPU ≤ 50 ms per 10,000", verdict(p.meetsP3(n))};
    }

    private static String seconds(Samples s) {
        return String.format("%.2f s (%s)", s.median(), s.spread("%.2f"));
    }

    private static String millis(Samples s) {
        return String.format("%.0f ms (%s)", s.median(), s.spread("%.0f"));
    }

    private static String verdict(boolean met) {
        return met ? "yes" : "**no**";
    }
}
