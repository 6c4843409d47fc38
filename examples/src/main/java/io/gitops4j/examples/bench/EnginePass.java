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
import io.gitops4j.core.git.GitSource;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.k8s.KubernetesTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Our side of the apply benchmark through the engine: one Application of plain YAML, reconciled by {@code
 * GitOps.reconciler()} with a new {@link KubernetesTarget} (cold discovery, a watch cache that starts with the first
 * pass), automated with prune, no background scheduling: a pass runs only when asked. Its source is a local directory
 * ({@link #EnginePass(Path, String, Path)}) or a directory of a {@link BenchRepo} read through a {@link GitSource} over
 * its {@code file:} URL ({@link #git}), the product's path.
 *
 * <p>Not thread-safe. {@link #close()} closes the reconciler, the target and the Git source if any; the objects stay in
 * the cluster unless {@link #pruneAll(int)} removed them.
 */
final class EnginePass implements AutoCloseable {
    private final KubernetesTarget target;
    private final GitSource git;
    private final BenchRepo repo;
    private final Reconciler reconciler;
    private final Application application;

    /**
     * @param application the Application's name (its inventory is {@code gitops4j-inventory-NAME})
     * @param dir the directory of its files, its source
     */
    EnginePass(Path kubeconfig, String application, Path dir) {
        this(kubeconfig, application, SourceSpec.local(dir), null, null);
    }

    private EnginePass(Path kubeconfig, String application, SourceSpec source, GitSource git, BenchRepo repo) {
        this.target = TargetApply.target(kubeconfig);
        this.git = git;
        this.repo = repo;
        var builder = GitOps.reconciler().target(target).renderers(Renderers.plainYaml()).backgroundScheduling(false);
        this.reconciler = (git == null ? builder : builder.source(git)).build();
        this.application = Application.builder(application).source(source)
                .renderer(RenderSpec.plainYaml()).syncPolicy(SyncPolicy.automated().withPrune(true)).build();
        reconciler.register(this.application);
    }

    /**
     * An Application reading {@code apps/APPLICATION} of {@code repo} at branch {@code main} through a new Git source
     * that allows {@code file:} URLs and keeps its mirror in {@code gitCache}.
     */
    static EnginePass git(Path kubeconfig, String application, BenchRepo repo, Path gitCache) {
        GitSource git = GitSource.builder().allowFileUrls(true).cacheDirectory(gitCache).build();
        return new EnginePass(kubeconfig, application, SourceSpec.git(repo.url(), "main", BenchRepo.path(application)),
                git, repo);
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

    /** @throws IllegalStateException unless the pass was a no-op: SYNCED, all {@code n} UNCHANGED, no write */
    void noop(int n) throws Exception {
        ReconcileResult result = pass(ObjectOutcome.UNCHANGED, n);
        if (result.writes() != 0) {
            throw new IllegalStateException(application.name() + ": a no-op pass wrote " + result.writes());
        }
    }

    /** Runs a pass now and waits for it, whatever its outcome. */
    ReconcileResult pass() throws Exception {
        return reconciler.reconcileNow(application.name()).get(30, TimeUnit.MINUTES);
    }

    /**
     * Prunes every object the Application owns, empty renders allowed: a directory Application's source becomes an
     * empty directory; a Git Application's directory loses its files in a new commit (a {@code .keep} file, which the
     * renderer does not read, keeps the directory in the tree).
     */
    void pruneAll(int owned) throws Exception {
        SyncPolicy emptyAllowed = SyncPolicy.automated().withPrune(true).withAllowEmpty(true)
                .withPruneGuard(PruneGuard.unlimited());
        if (repo != null) {
            Path dir = repo.files(application.name());
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.writeString(dir.resolve(".keep"), "");
            repo.commit("every object removed");
            reconciler.register(application.withSyncPolicy(emptyAllowed));
            pass(ObjectOutcome.DELETED, owned);
            return;
        }
        Path empty = Files.createTempDirectory("gitops4j-bench-empty-");
        try {
            reconciler.register(application.withSource(SourceSpec.local(empty)).withSyncPolicy(emptyAllowed));
            pass(ObjectOutcome.DELETED, owned);
        } finally {
            Files.deleteIfExists(empty);
        }
    }

    @Override
    public void close() {
        reconciler.close();
        target.close();
        if (git != null) {
            git.close();
        }
    }
}
