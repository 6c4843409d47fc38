package io.gitops4j.examples.bench;

import io.gitops4j.api.Application;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.PruneGuard;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.k8s.KubernetesTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Our side of the apply benchmark through the engine: one Application whose source is a local directory of plain
 * YAML, reconciled by {@code GitOps.reconciler()} with a new {@link KubernetesTarget} (cold discovery, a watch cache
 * that starts with the first pass), automated with prune, no background scheduling: a pass runs only when asked.
 *
 * <p>Not thread-safe. {@link #close()} closes the reconciler and the target; the objects stay in the cluster unless
 * {@link #pruneAll()} removed them.
 */
final class EnginePass implements AutoCloseable {
    private final KubernetesTarget target;
    private final Reconciler reconciler;
    private final Application application;

    /** @param application the Application's name (its inventory is {@code gitops4j-inventory-NAME}) */
    EnginePass(Path kubeconfig, String application, Path dir) {
        this.target = TargetApply.target(kubeconfig);
        this.reconciler = GitOps.reconciler().target(target).renderers(Renderers.plainYaml())
                .backgroundScheduling(false).build();
        this.application = Application.builder(application).source(SourceSpec.local(dir))
                .renderer(RenderSpec.plainYaml()).syncPolicy(SyncPolicy.automated().withPrune(true)).build();
        reconciler.register(this.application);
    }

    /**
     * Runs a pass now and waits for it.
     *
     * @throws IllegalStateException unless it ended SYNCED with {@code expected} objects of that outcome
     */
    ReconcileResult pass(ObjectOutcome expected, int count) throws Exception {
        ReconcileResult result = pass();
        int got = result.counts().get(expected);
        if (result.outcome() != Outcome.SYNCED || got != count) {
            throw new IllegalStateException(application.name() + ": " + result.outcome() + " with " + result.counts()
                    + result.error().map(e -> ": " + e).orElse("") + " (expected " + count + " " + expected + ")");
        }
        return result;
    }

    /** Runs a pass now and waits for it, whatever its outcome. */
    ReconcileResult pass() throws Exception {
        return reconciler.reconcileNow(application.name()).get(30, TimeUnit.MINUTES);
    }

    /** Prunes every object the Application owns: its source becomes an empty directory, empty renders allowed. */
    void pruneAll(int owned) throws Exception {
        Path empty = Files.createTempDirectory("gitops4j-bench-empty-");
        try {
            reconciler.register(application.withSource(SourceSpec.local(empty)).withSyncPolicy(SyncPolicy.automated()
                    .withPrune(true).withAllowEmpty(true).withPruneGuard(PruneGuard.unlimited())));
            pass(ObjectOutcome.DELETED, owned);
        } finally {
            Files.deleteIfExists(empty);
        }
    }

    @Override
    public void close() {
        reconciler.close();
        target.close();
    }
}
