package io.gitops4j.examples.bench;

import io.gitops4j.api.Application;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.PruneGuard;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.git.GitSource;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.k8s.KubernetesTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Many Applications of one {@link BenchRepo} reconciled by one {@code GitOps.reconciler()} through a new {@link
 * KubernetesTarget}: Application {@code NAME-I} reads {@code apps/NAME-I} over a {@code file:} URL through a {@link
 * GitSource} and goes to namespace {@code namespace(I)}; automated with prune, no background scheduling (a pass runs
 * when asked, as after a webhook or an API call). Not thread-safe. {@link #close()} closes the reconciler, the target
 * and the Git source; the objects stay in the cluster.
 */
final class EngineFleet implements AutoCloseable {
    private final KubernetesTarget target;
    private final GitSource git;
    private final Reconciler reconciler;
    private final List<String> names = new ArrayList<>();

    /**
     * @param namespaceOf the namespace of Application {@code i}
     */
    EngineFleet(Path kubeconfig, BenchRepo repo, Path gitCache, String prefix, int apps,
            java.util.function.IntFunction<String> namespaceOf) {
        this.target = TargetApply.target(kubeconfig);
        this.git = GitSource.builder().allowFileUrls(true).cacheDirectory(gitCache).build();
        this.reconciler = GitOps.reconciler().source(git).target(target).renderers(Renderers.plainYaml())
                .backgroundScheduling(false).build();
        for (int i = 0; i < apps; i++) {
            String name = prefix + "-" + i;
            names.add(name);
            reconciler.register(Application.builder(name).source(SourceSpec.git(repo.url(), "main",
                    BenchRepo.path(name))).renderer(RenderSpec.plainYaml()).targetNamespace(namespaceOf.apply(i))
                    .syncPolicy(SyncPolicy.automated().withPrune(true).withPruneGuard(PruneGuard.unlimited())
                            .withInterval(Duration.ofHours(1))).build());
        }
    }

    /** @return the Applications' names, in order */
    List<String> names() {
        return names;
    }

    /** @return the Git source's ref checks (ls-remote round trips) and fetches so far */
    GitSource.Stats gitStats() {
        return git.stats();
    }

    /** Runs a pass of one Application now and waits for it (an API trigger). */
    ReconcileResult pass(String app) throws Exception {
        return reconciler.reconcileNow(app).get(30, TimeUnit.MINUTES);
    }

    /**
     * Triggers a pass of every Application at once (a full resync) and waits for all of them, at most {@code
     * deadline}.
     *
     * @return the results, in the Applications' order
     * @throws java.util.concurrent.TimeoutException when they did not all end within the deadline
     */
    List<ReconcileResult> resync(Duration deadline) throws Exception {
        List<CompletableFuture<ReconcileResult>> passes = new ArrayList<>();
        for (String name : names) {
            passes.add(reconciler.reconcileNow(name));
        }
        CompletableFuture.allOf(passes.toArray(CompletableFuture[]::new)).get(deadline.toMillis(),
                TimeUnit.MILLISECONDS);
        return passes.stream().map(CompletableFuture::join).toList();
    }

    /** @throws IllegalStateException unless every result is SYNCED with {@code writes} writes in all */
    static void require(List<ReconcileResult> results, long writes) {
        long total = 0;
        for (ReconcileResult r : results) {
            if (r.outcome() != Outcome.SYNCED) {
                throw new IllegalStateException(r.application() + ": " + r.outcome() + r.error().map(e -> ": " + e)
                        .orElse(""));
            }
            total += r.writes();
        }
        if (total != writes) {
            throw new IllegalStateException("expected " + writes + " writes, saw " + total);
        }
    }

    @Override
    public void close() {
        reconciler.close();
        target.close();
        git.close();
    }
}
