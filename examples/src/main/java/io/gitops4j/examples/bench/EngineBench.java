package io.gitops4j.examples.bench;

import io.gitops4j.api.Application;
import io.gitops4j.api.PruneGuard;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.Target;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.core.target.InMemoryTarget;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.fault.Faults;
import io.gitops4j.testkit.server.RequestLog;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The engine's own cost with no network: cold reconcile of N objects, a no-op reconcile, and a reconcile after 10 %
 * of the files changed, on the in-memory target and on the testkit's FakeKube (real server-side apply with
 * managedFields, the faithful fake). There is no peer for an in-process target, so the table reports writes (exact
 * counts that must be N, 0 and N/10), the target requests a pass makes on FakeKube (counted by the testkit's
 * recording target as the requests a Kubernetes target would send: object reads, inventory reads and writes,
 * object writes), and wall time per pass (median and spread of interleaved runs).
 */
final class EngineBench implements BenchSuite {
    private static final String[] PASSES = {"cold (all created)", "no-op (nothing changed)", "10 % of files changed"};

    @Override
    public String name() {
        return "engine";
    }

    @Override
    public String description() {
        return "reconcile cost on the in-memory target and on FakeKube: cold, no-op, 10 % changed (writes, "
                + "requests, time; no peer)";
    }

    /** One target kind's measurements, per pass. */
    private static final class Runs {
        final Samples[] times = {new Samples(), new Samples(), new Samples()};
        final long[] writes = new long[3];
        final long[] reads = new long[3];
        final long[] requestWrites = new long[3];
    }

    @Override
    public void run(boolean quick, PrintStream out, PrintStream err) throws Exception {
        int n = quick ? 200 : 1000;
        int rounds = quick ? 3 : 5;
        Runs memory = new Runs();
        Runs fake = new Runs();
        for (int round = 0; round < rounds; round++) {
            err.printf("engine: round %d of %d (N = %d)%n", round + 1, rounds, n);
            measureRound(n, memory, null);
            measureRound(n, fake, new RequestLog(1_000_000));
        }
        out.println("### engine: N = " + n + " ConfigMaps, " + rounds + " rounds");
        out.println();
        long[] expected = {n, 0, n / 10};
        MarkdownTable table = new MarkdownTable("pass", "target", "objects written", "expected writes",
                "object reads", "requests that write", "median ms", "spread ms");
        for (int p = 0; p < 3; p++) {
            table.row(PASSES[p], "in-memory", memory.writes[p], expected[p], "-", "-",
                    fmt(memory.times[p].median()), memory.times[p].spread("%.0f"));
            table.row(PASSES[p], "FakeKube", fake.writes[p], expected[p], fake.reads[p], fake.requestWrites[p],
                    fmt(fake.times[p].median()), fake.times[p].spread("%.0f"));
        }
        table.print(out);
        out.println();
        out.println("Objects written count objects created, configured or deleted (ReconcileResult.writes()). Object "
                + "reads count GET/LIST requests for objects (the inventory read is one more); requests that write "
                + "count PATCH/DELETE of objects and of the inventory. Time is one full pass: resolve (hash of the "
                + "directory), render, plan, apply, health.");
    }

    /** One round on a fresh target: cold, no-op, 10 % changed. {@code log} null: the in-memory target. */
    private static void measureRound(int n, Runs runs, RequestLog log) throws Exception {
        Path dir = Files.createTempDirectory("gitops4j-bench-engine-");
        FakeKube kube = log == null ? null : FakeKube.create();
        try (Target target = log == null ? InMemoryTarget.create() : Faults.of(kube).target(kube.asTarget(), log)) {
            for (int i = 0; i < n; i++) {
                Files.writeString(dir.resolve("cm-" + i + ".yaml"), configMap(i, "v1"));
            }
            if (kube != null) {
                kube.create(kube.type("", "v1", "namespaces"), "", java.util.Map.of("metadata",
                        java.util.Map.of("name", "bench")), io.gitops4j.testkit.kube.WriteOptions.defaults());
            }
            try (Reconciler r = GitOps.reconciler().target(target).renderers(Renderers.plainYaml())
                    .backgroundScheduling(false).build()) {
                r.register(Application.builder("bench").source(SourceSpec.local(dir)).targetNamespace("bench")
                        .syncPolicy(SyncPolicy.manual().withInterval(Duration.ofHours(1))
                                .withPruneGuard(PruneGuard.unlimited())).build());
                measure(r, runs, 0, n, log);
                measure(r, runs, 1, 0, log);
                for (int i = 0; i < n; i += 10) {
                    Files.writeString(dir.resolve("cm-" + i + ".yaml"), configMap(i, "v2"));
                }
                measure(r, runs, 2, n / 10, log);
            }
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void measure(Reconciler r, Runs runs, int pass, int expected, RequestLog log) throws Exception {
        if (log != null) {
            log.clear();
        }
        long t0 = System.nanoTime();
        ReconcileResult result = r.reconcileNow("bench").get(5, TimeUnit.MINUTES);
        runs.times[pass].add((System.nanoTime() - t0) / 1e6);
        if (!result.isSynced()) {
            throw new IllegalStateException("bench reconcile ended " + result.outcome() + ": " + result.failure());
        }
        if (result.writes() != expected) {
            throw new IllegalStateException("expected " + expected + " writes, saw " + result.writes());
        }
        runs.writes[pass] = result.writes();
        if (log != null) {
            runs.reads[pass] = log.records(q -> (q.verb().equals("get") || q.verb().equals("list"))
                    && !q.path().startsWith("inventory/")).size();
            runs.requestWrites[pass] = log.writes().size();
        }
    }

    private static String fmt(double ms) {
        return String.format("%.0f", ms);
    }

    private static String configMap(int i, String value) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-" + i + "\n  labels:\n    app: bench\n"
                + "data:\n  value: \"" + value + "\"\n  index: \"" + i + "\"\n";
    }
}
