package io.gitops4j.examples.demo;

import io.gitops4j.api.Application;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.Change;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.core.target.InMemoryTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The demo: a bundled sample directory (a Namespace, ConfigMaps, a Deployment and a Service) is reconciled into an
 * in-process cluster three times — as first committed (everything created), after a second commit (a ConfigMap and
 * the Deployment updated, one ConfigMap removed and so pruned), and once more with nothing changed (zero writes).
 */
public final class Demo {
    private static final List<String> V1 = List.of("namespace.yaml", "app.yaml", "flags.yaml");
    private static final List<String> V2 = List.of("namespace.yaml", "app.yaml");

    private final PrintStream out;

    /** @param out where the report goes */
    public Demo(PrintStream out) {
        this.out = out;
    }

    /** @return true when every step ended as expected */
    public boolean run() throws Exception {
        Path dir = Files.createTempDirectory("gitops4j-demo-");
        InMemoryTarget cluster = InMemoryTarget.create();
        try (Reconciler reconciler = GitOps.reconciler().target(cluster).renderers(Renderers.plainYaml()).build()) {
            Application shop = Application.builder("shop")
                    .source(SourceSpec.local(dir))
                    .renderer(RenderSpec.plainYaml())
                    .targetNamespace("shop")
                    .syncPolicy(SyncPolicy.manual().withInterval(Duration.ofHours(1)))
                    .build();
            reconciler.register(shop);

            copy("v1", V1, dir);
            out.println("== commit 1: " + V1.size() + " files in " + dir.getFileName());
            boolean ok = report(reconciler.reconcileNow("shop").get(1, TimeUnit.MINUTES), cluster);

            Files.delete(dir.resolve("flags.yaml"));
            copy("v2", V2, dir);
            out.println("== commit 2: settings and replicas changed, flags.yaml removed");
            ok &= report(reconciler.reconcileNow("shop").get(1, TimeUnit.MINUTES), cluster);

            out.println("== no new commit: reconcile again");
            long before = cluster.writeCount();
            ok &= report(reconciler.reconcileNow("shop").get(1, TimeUnit.MINUTES), cluster);
            out.println("writes to the cluster by the last reconcile: " + (cluster.writeCount() - before));
            return ok;
        } finally {
            deleteTree(dir);
        }
    }

    private boolean report(ReconcileResult result, InMemoryTarget cluster) {
        out.println("revision " + result.revision().map(Object::toString).orElse("<none>") + " → "
                + result.outcome() + result.error().map(e -> " (" + e + ")").orElse(""));
        for (Change c : result.changes().changes()) {
            String verb = c.action() == Action.CREATE ? "created" : c.action() == Action.UPDATE ? "updated"
                    : c.action() == Action.PRUNE ? "pruned" : c.action() == Action.UNCHANGED ? "unchanged"
                    : "skipped";
            out.printf("  %-9s %s%s%n", verb, c.key().displayName(),
                    c.diff().isEmpty() ? "" : "  " + c.diff());
        }
        out.println("  health: " + result.health().status() + (result.health().message().isEmpty() ? ""
                : " (" + result.health().message() + ")") + "; objects in cluster: " + cluster.all().size());
        return result.isSynced();
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
