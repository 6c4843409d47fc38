package io.gitops4j.examples.bench;

import io.gitops4j.api.Application;
import io.gitops4j.api.PruneGuard;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.k8s.KubernetesTarget;
import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.kube.WriteOptions;
import io.gitops4j.testkit.server.RequestRecord;
import io.kubernetes.client.util.Config;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What {@code SyncPolicy.withDryRunFirst(true)} (DA-06) costs: the same three passes — cold (N ConfigMaps created),
 * no-op, 10 % of the files changed — through {@code KubernetesTarget} over HTTP into the testkit's fake API server in
 * this JVM, with the option off (the peer) and on, interleaved round by round on fresh servers. Requests are counted
 * exactly from the server's request log (watches left out); the {@code dryRun=All} ones separately. Wall time is one
 * pass, median and spread over the rounds.
 */
final class DryRunBench implements BenchSuite {
    private static final String[] PASSES = {"cold (all created)", "no-op (nothing changed)", "10 % of files changed"};

    @Override
    public String name() {
        return "dry-run";
    }

    @Override
    public String description() {
        return "what dryRunFirst (DA-06) costs a pass through KubernetesTarget and the fake API server: requests "
                + "and time of cold, no-op and 10 %-changed passes, with the option off (peer) and on";
    }

    /** The measurements of one setting of the option, per pass. */
    private static final class Runs {
        final Samples[] times = {new Samples(), new Samples(), new Samples()};
        final long[] requests = new long[3];
        final long[] dryRuns = new long[3];
        final long[] writes = new long[3];
    }

    @Override
    public void run(boolean quick, PrintStream out, PrintStream err) throws Exception {
        int n = quick ? 200 : 1000;
        int rounds = quick ? 3 : 5;
        Runs off = new Runs();
        Runs on = new Runs();
        for (int round = 0; round < rounds; round++) {
            err.printf("dry-run: round %d of %d (N = %d)%n", round + 1, rounds, n);
            measureRound(n, false, off);
            measureRound(n, true, on);
        }
        out.println("### dry-run: N = " + n + " ConfigMaps through KubernetesTarget over HTTP, " + rounds + " rounds");
        out.println();
        MarkdownTable table = new MarkdownTable("pass", "dryRunFirst", "requests", "of which dryRun=All",
                "writes stored", "median ms", "spread ms");
        for (int p = 0; p < 3; p++) {
            table.row(PASSES[p], "off", off.requests[p], off.dryRuns[p], off.writes[p],
                    String.format("%.0f", off.times[p].median()), off.times[p].spread("%.0f"));
            table.row(PASSES[p], "on", on.requests[p], on.dryRuns[p], on.writes[p],
                    String.format("%.0f", on.times[p].median()), on.times[p].spread("%.0f"));
        }
        table.print(out);
        out.println();
        out.println("Requests are those of the last round (they are the same in every round), watches left out; "
                + "writes stored are the patch, create and delete requests without dryRun=All (objects and the "
                + "inventory). Time is one reconcileNow: resolve, render, plan, dry run, apply, inventory, health.");
    }

    /** One round on a fresh server: cold, no-op, 10 % changed. */
    private static void measureRound(int n, boolean dryRunFirst, Runs runs) throws Exception {
        Path dir = Files.createTempDirectory("gitops4j-bench-dry-run-");
        try (FakeApiServer server = FakeApiServer.start();
             KubernetesTarget target = KubernetesTarget.builder().apiClient(Config.fromUrl(server.url(), false))
                     .build()) {
            for (int i = 0; i < n; i++) {
                Files.writeString(dir.resolve("cm-" + i + ".yaml"), configMap(i, "v1"));
            }
            var kube = server.kube();
            kube.create(kube.type("", "v1", "namespaces"), "", Map.of("metadata", Map.of("name", "bench")),
                    WriteOptions.defaults());
            try (Reconciler r = GitOps.reconciler().target(target).renderers(Renderers.plainYaml())
                    .backgroundScheduling(false).build()) {
                r.register(Application.builder("bench").source(SourceSpec.local(dir)).targetNamespace("bench")
                        .syncPolicy(SyncPolicy.manual().withInterval(Duration.ofHours(1))
                                .withPruneGuard(PruneGuard.unlimited()).withDryRunFirst(dryRunFirst)).build());
                measure(r, server, runs, 0, n);
                measure(r, server, runs, 1, 0);
                for (int i = 0; i < n; i += 10) {
                    Files.writeString(dir.resolve("cm-" + i + ".yaml"), configMap(i, "v2"));
                }
                measure(r, server, runs, 2, n / 10);
            }
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void measure(Reconciler r, FakeApiServer server, Runs runs, int pass, int expected)
            throws Exception {
        server.requests().clear();
        long t0 = System.nanoTime();
        ReconcileResult result = r.reconcileNow("bench").get(5, TimeUnit.MINUTES);
        runs.times[pass].add((System.nanoTime() - t0) / 1e6);
        if (!result.isSynced() || result.writes() != expected) {
            throw new IllegalStateException("bench reconcile ended " + result.outcome() + " with " + result.writes()
                    + " writes, expected SYNCED with " + expected + ": " + result.failure());
        }
        List<RequestRecord> sent = server.requests().records(q -> !q.verb().equals("watch"));
        runs.requests[pass] = sent.size();
        runs.dryRuns[pass] = sent.stream().filter(q -> q.query().contains("dryRun=All")).count();
        runs.writes[pass] = server.requests().writes().stream().filter(q -> !q.query().contains("dryRun=All"))
                .count();
    }

    private static String configMap(int i, String value) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-" + i + "\ndata:\n  value: \"" + value
                + "\"\n  index: \"" + i + "\"\n";
    }
}
