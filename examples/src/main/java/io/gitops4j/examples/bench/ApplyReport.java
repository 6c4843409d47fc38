package io.gitops4j.examples.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;

/**
 * The tables of {@code ./gitops4j bench apply}: P4 (cold apply against kubectl), then P3, P6, P12 and P5 each with its
 * target and whether this run met it. Not thread-safe.
 */
final class ApplyReport {
    /** The target's writers in parallel ({@code KubernetesTargetBuilder.concurrency}, set by {@link TargetApply}). */
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
        out.println("### apply: KubernetesTarget vs `kubectl apply --server-side -f DIR` on one fake API server");
        out.println();
        out.printf("N = %,d objects (3 ConfigMaps to 1 Deployment, one file each), %d interleaved rounds after one"
                + " untimed round of each, every round into a namespace of its own; the fake API server (testkit"
                + " standalone main) in a JVM of its own counts the requests; %s; %d cores, load average %.1f when"
                + " printed.%n", n, rounds, System.getProperty("java.vm.name") + " " + System.getProperty(
                "java.version"), Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.println("**The target alone**: these rows read the files with the plain YAML renderer and call"
                + " `KubernetesTarget.applyAll` (a new target, cold discovery, per round); no planning, no inventory.");
        out.println();
        long bound = (long) Math.floor(1.1 * n) + cold.oursRequests().nonResource();
        MarkdownTable t = new MarkdownTable("P4 cold apply, N = " + String.format("%,d", n),
                "ours: files read + applyAll", kubectl + " apply --server-side -f DIR");
        t.row("time, median (min–max)", seconds(cold.ours()), seconds(cold.peer()));
        t.row(kubectl + " ÷ ours per pair, median (min–max)", String.format("%.2f× (%s)", cold.ratio().median(),
                cold.ratio().spread("%.2f")), "");
        t.row("CPU of the applying process, median (min–max)", millis(cold.oursCpu()), millis(cold.peerCpu()));
        t.row("CPU of the server meanwhile, median (min–max)", millis(cold.oursServerCpu()),
                millis(cold.peerServerCpu()));
        t.row("requests (last round)", cold.oursRequests().total(), cold.peerRequests().total());
        t.row("by verb", cold.oursRequests().describeVerbs(), cold.peerRequests().describeVerbs());
        t.row("of them discovery, OpenAPI, /version", cold.oursRequests().nonResource(),
                cold.peerRequests().nonResource());
        t.row("target: ≥ 3× faster, requests ≤ 1.1·N + discovery = " + bound,
                verdict(cold.ratio().median() >= 3 && cold.oursRequests().total() <= bound), "");
        t.print(out);
        out.println();
        out.println("Ours runs in this warm JVM (the library's setting: embedded in a host) and writes "
                + WRITERS + " objects at a time; kubectl's time includes its process start, as a pipeline step pays"
                + " it, and it writes one object at a time. CPU as the operating system counts it: our whole JVM"
                + " process (garbage collection and JIT included), the kubectl process, the server's JVM.");
        out.println();

        MarkdownTable c = new MarkdownTable("case", "measured", "target", "met");
        RequestCounts reads = steady.reads();
        double perTenThousand = steady.readCpuMillis() * 10_000 / n;
        c.row("P3 no-op, the target's part: all N objects read through the watch cache (second pass)",
                String.format("%d requests (%d writes); CPU %.1f ms for N = %,d, %.1f ms per 10,000", reads.total(),
                        reads.writes(), steady.readCpuMillis(), n, perTenThousand),
                "0 writes, 0 dry-runs, requests independent of N; CPU ≤ 50 ms per 10,000",
                verdict(reads.total() == 0 && perTenThousand <= 50));
        c.row(String.format("watch cache start (once per target, not per pass; it lists the %,d labelled objects of"
                + " every round, in pages)", steady.labelled()), steady.sync().total() + " requests: "
                + steady.sync().describeVerbs(), "—", "");
        RequestCounts tenth = steady.tenth();
        c.row("P6 10 % changed (" + steady.changed() + " objects) applied by the target",
                tenth.total() + " requests: " + tenth.describeVerbs(), "≤ 1.05 × changed + a constant",
                verdict(tenth.total() <= 1.05 * steady.changed() + tenth.nonResource()));
        double unthrottled = cold.ours().median();
        long throttledAnswers = throttled.requests().status(429);
        double waits = throttledAnswers * 1.0 / WRITERS;
        double timeBound = 1.5 * unthrottled + waits;
        long requestBound = (long) Math.floor(1.3 * n);
        c.row("P12 cold apply, 20 % of requests answered 429 (Retry-After: 1), ours",
                String.format("%.2f s (unthrottled median %.2f s); %d requests, %d of them 429", throttled
                        .seconds(), unthrottled, throttled.requests().total(), throttledAnswers),
                String.format("≤ 1.5 × %.2f s + waits (%d × 1 s ÷ %d writers) = %.1f s; requests ≤ 1.3·N = %d",
                        unthrottled, throttledAnswers, WRITERS, timeBound, requestBound),
                verdict(throttled.seconds() <= timeBound && throttled.requests().total() <= requestBound));
        if (large != null) {
            double perObject = large.retainedBytes() / 1024.0 / large.objects();
            c.row(String.format("P5 cold apply, N = %,d, our side in a new JVM with -Xmx512m", large.objects()),
                    String.format("%.1f s (CPU: %.1f s in that JVM, %.1f s in the server); peak heap ≤ %.0f MiB (sum of"
                            + " pool peaks); retained %.1f KiB per object", large.seconds(), large.cpuSeconds(),
                            large.serverCpuSeconds(), large.peakBytes() / 1048576.0, perObject),
                    "≤ 40 s on 2 cores; peak ≤ 512 MiB; retained ≤ 15 KiB per object",
                    verdict(large.seconds() <= 40 && large.peakBytes() <= 512L << 20 && perObject <= 15));
            c.row(String.format("%s, N = %,d, same server", kubectl, large.objects()),
                    String.format("%.1f s", large.peerSeconds()), "", "");
        } else {
            c.row("P5 cold apply, N = 10,000", "not run (--quick)", "≤ 40 s; peak ≤ 512 MiB; ≤ 15 KiB per object",
                    "");
        }
        c.print(out);
        out.println();
        out.println("CPU: this JVM's threads (ThreadMXBean) while reading, so the target's watch threads are"
                + " included. Retained heap: what the target holds (its watch cache of the managed objects) after a"
                + " full collection, against the heap before it was built.");
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
