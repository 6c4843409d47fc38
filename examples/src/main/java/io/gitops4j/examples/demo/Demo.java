package io.gitops4j.examples.demo;

import io.gitops4j.api.Application;
import io.gitops4j.api.ObjectReport;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.core.target.InMemoryTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The demo: a bundled sample directory (a Namespace, ConfigMaps, a Deployment and a Service) is reconciled into an
 * in-process cluster three times — as first committed (everything created), after a second commit (a ConfigMap and
 * the Deployment updated, one ConfigMap removed and so pruned), and once more with nothing changed (zero writes).
 * Each step is printed and returned. Not thread-safe: run one demo at a time on one instance.
 */
public final class Demo {
    private static final List<String> V1 = List.of("namespace.yaml", "app.yaml", "flags.yaml");
    private static final List<String> V2 = List.of("namespace.yaml", "app.yaml");

    /**
     * One reconcile of the demo.
     *
     * @param title what the step reconciles
     * @param result the reconcile's result
     * @param writes how many writes the cluster took during the step (objects and inventory)
     * @param inCluster the objects in the cluster after the step, sorted
     */
    public record Step(String title, ReconcileResult result, long writes, List<ResourceKey> inCluster) {
        /** Copies the keys. */
        public Step {
            inCluster = List.copyOf(inCluster);
        }
    }

    private final PrintStream out;
    private final InMemoryTarget cluster;

    /** @param out where the report goes; the cluster is a fresh in-memory one */
    public Demo(PrintStream out) {
        this(out, InMemoryTarget.create());
    }

    /**
     * @param out where the report goes
     * @param cluster the cluster to reconcile into
     */
    public Demo(PrintStream out, InMemoryTarget cluster) {
        this.out = out;
        this.cluster = cluster;
    }

    /** @return true when every step synced and the last one, with nothing changed, wrote nothing */
    public static boolean succeeded(List<Step> steps) {
        return !steps.isEmpty() && steps.stream().allMatch(s -> s.result().isSynced())
                && steps.get(steps.size() - 1).writes() == 0;
    }

    /** Runs the three steps, printing each. @return the steps, in order */
    public List<Step> run() throws Exception {
        Path dir = Files.createTempDirectory("gitops4j-demo-");
        try (Reconciler reconciler = GitOps.reconciler().target(cluster).renderers(Renderers.plainYaml()).build()) {
            Application shop = Application.builder("shop")
                    .source(SourceSpec.local(dir))
                    .renderer(RenderSpec.plainYaml())
                    .targetNamespace("shop")
                    .syncPolicy(SyncPolicy.manual().withInterval(Duration.ofHours(1)))
                    .build();
            reconciler.register(shop);
            List<Step> steps = new ArrayList<>();

            copy("v1", V1, dir);
            steps.add(step("commit 1: " + V1.size() + " files in " + dir.getFileName(), reconciler));

            Files.delete(dir.resolve("flags.yaml"));
            copy("v2", V2, dir);
            steps.add(step("commit 2: settings and replicas changed, flags.yaml removed", reconciler));

            steps.add(step("no new commit: reconcile again", reconciler));
            out.println("writes to the cluster by the last reconcile: " + steps.get(2).writes());
            return steps;
        } finally {
            deleteTree(dir);
        }
    }

    private Step step(String title, Reconciler reconciler) throws Exception {
        out.println("== " + title);
        long before = cluster.writeCount();
        ReconcileResult result = reconciler.reconcileNow("shop").get(1, TimeUnit.MINUTES);
        Step step = new Step(title, result, cluster.writeCount() - before,
                cluster.all().stream().map(LiveObject::key).sorted().toList());
        report(result);
        return step;
    }

    private void report(ReconcileResult result) {
        out.println("revision " + result.revision().map(Object::toString).orElse("<none>") + " → "
                + result.outcome() + result.failure().map(f -> " (" + f + ")").orElse(""));
        for (ObjectReport o : result.objects()) {
            out.printf("  %-10s %s%s%s%n", o.outcome().name().toLowerCase(Locale.ROOT), o.key().displayName(),
                    o.diff().isEmpty() ? "" : "  " + o.diff(), o.failure().map(f -> "  " + f.message()).orElse(""));
        }
        out.println("  health: " + result.health().status() + (result.health().message().isEmpty() ? ""
                : " (" + result.health().message() + ")") + "; objects in cluster: " + cluster.all().size());
    }

    private static void copy(String version, List<String> files, Path dir) throws IOException {
        for (String f : files) {
            try (InputStream in = Demo.class.getResourceAsStream("/demo/" + version + "/" + f)) {
                if (in == null) {
                    throw new IOException("bundled sample file missing: " + version + "/" + f);
                }
                Files.write(dir.resolve(f), in.readAllBytes());
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
