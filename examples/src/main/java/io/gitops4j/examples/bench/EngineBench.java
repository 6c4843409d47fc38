package io.gitops4j.examples.bench;

import io.gitops4j.api.Application;
import io.gitops4j.api.PruneGuard;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.core.target.InMemoryTarget;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The engine's own cost on the in-memory target, with no network: cold reconcile of N objects, a no-op reconcile,
 * and a reconcile after 10 % of the files changed. There is no peer for an in-process target, so the table reports
 * writes (exact counts that must be N, 0 and N/10) and wall time per pass (median and spread of interleaved runs).
 */
final class EngineBench implements BenchSuite {
    @Override
    public String name() {
        return "engine";
    }

    @Override
    public String description() {
        return "reconcile cost on the in-memory target: cold, no-op, 10 % changed (writes and time; no peer)";
    }

    @Override
    public void run(boolean quick, PrintStream out, PrintStream err) throws Exception {
        int n = quick ? 200 : 1000;
        int rounds = quick ? 3 : 5;
        Samples cold = new Samples();
        Samples noop = new Samples();
        Samples changed = new Samples();
        long[] writes = new long[3];
        for (int round = 0; round < rounds; round++) {
            err.printf("engine: round %d of %d (N = %d)%n", round + 1, rounds, n);
            Path dir = Files.createTempDirectory("gitops4j-bench-engine-");
            try {
                for (int i = 0; i < n; i++) {
                    Files.writeString(dir.resolve("cm-" + i + ".yaml"), configMap(i, "v1"));
                }
                InMemoryTarget cluster = InMemoryTarget.create();
                try (Reconciler r = GitOps.reconciler().target(cluster).renderers(Renderers.plainYaml()).build()) {
                    r.register(Application.builder("bench").source(SourceSpec.local(dir)).targetNamespace("bench")
                            .syncPolicy(SyncPolicy.manual().withInterval(Duration.ofHours(1))
                                    .withPruneGuard(PruneGuard.unlimited())).build());
                    writes[0] = measure(r, cluster, cold, n);
                    writes[1] = measure(r, cluster, noop, 0);
                    for (int i = 0; i < n; i += 10) {
                        Files.writeString(dir.resolve("cm-" + i + ".yaml"), configMap(i, "v2"));
                    }
                    writes[2] = measure(r, cluster, changed, n / 10);
                }
            } finally {
                try (var s = Files.walk(dir)) {
                    s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        out.println("### engine: in-memory target, N = " + n + " ConfigMaps, " + rounds + " rounds");
        out.println();
        new MarkdownTable("pass", "objects written", "expected writes", "median ms", "spread ms")
                .row("cold (all created)", writes[0], n, fmt(cold.median()), cold.spread("%.0f"))
                .row("no-op (nothing changed)", writes[1], 0, fmt(noop.median()), noop.spread("%.0f"))
                .row("10 % of files changed", writes[2], n / 10, fmt(changed.median()), changed.spread("%.0f"))
                .print(out);
        out.println();
        out.println("Writes count objects created or updated (the inventory write is not counted). "
                + "Time is one full pass: resolve (hash of the directory), render, plan, apply, health.");
    }

    private static long measure(Reconciler r, InMemoryTarget cluster, Samples samples, int expected)
            throws Exception {
        long t0 = System.nanoTime();
        ReconcileResult result = r.reconcileNow("bench").get(5, TimeUnit.MINUTES);
        samples.add((System.nanoTime() - t0) / 1e6);
        if (!result.isSynced()) {
            throw new IllegalStateException("bench reconcile ended " + result.outcome() + ": " + result.error());
        }
        long written = result.changes().keys(Action.CREATE).size() + result.changes().keys(Action.UPDATE).size();
        if (written != expected) {
            throw new IllegalStateException("expected " + expected + " writes, saw " + written);
        }
        return written;
    }

    private static String fmt(double ms) {
        return String.format("%.0f", ms);
    }

    private static String configMap(int i, String value) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-" + i + "\n  labels:\n    app: bench\n"
                + "data:\n  value: \"" + value + "\"\n  index: \"" + i + "\"\n";
    }
}
