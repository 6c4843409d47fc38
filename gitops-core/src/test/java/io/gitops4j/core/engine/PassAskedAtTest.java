package io.gitops4j.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Application;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.Source;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.core.source.LocalDirectorySource;
import io.gitops4j.core.target.InMemoryTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * GS-22, the engine's part: a pass resolves its ref "as asked at" the moment its trigger came ({@code
 * Source.resolve(spec, askedAt)}), and a follow-up pass as asked at its latest trigger, so a source may share one
 * ref check among passes asked for together but never answer a trigger with a check that began before it.
 */
@Timeout(60)
class PassAskedAtTest {
    @TempDir
    Path repo;

    private final List<Long> asked = new CopyOnWriteArrayList<>();
    private final CountDownLatch inFirstResolve = new CountDownLatch(1);
    private final CountDownLatch releaseFirst = new CountDownLatch(1);
    private Reconciler reconciler;

    /** A local-directory source that records when each resolve was asked, and holds the first one until released. */
    private final class Recording implements Source {
        private final LocalDirectorySource local = LocalDirectorySource.create();

        @Override
        public boolean supports(SourceSpec spec) {
            return local.supports(spec);
        }

        @Override
        public Revision resolve(SourceSpec spec) {
            throw new AssertionError("the engine resolves with the moment the pass was asked for");
        }

        @Override
        public Revision resolve(SourceSpec spec, long askedAt) {
            asked.add(askedAt);
            if (asked.size() == 1) {
                inFirstResolve.countDown();
                try {
                    releaseFirst.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return local.resolve(spec);
        }

        @Override
        public Snapshot open(SourceSpec spec, Revision revision) {
            return local.open(spec, revision);
        }
    }

    @AfterEach
    void stop() {
        releaseFirst.countDown();
        if (reconciler != null) {
            reconciler.close();
        }
    }

    @Test
    @DisplayName("GS-22 a pass resolves as asked at its trigger; a follow-up as asked at the latest trigger it joined")
    void gs22PassesResolveAsAskedAtTheirLatestTrigger() throws Exception {
        Files.writeString(repo.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
        reconciler = GitOps.reconciler().target(InMemoryTarget.create()).source(new Recording())
                .renderers(Renderers.plainYaml()).backgroundScheduling(false).build();
        reconciler.register(Application.builder("app").source(SourceSpec.local(repo)).targetNamespace("ns")
                .syncPolicy(SyncPolicy.manual().withInterval(Duration.ofHours(1))).build());

        long beforeFirst = System.nanoTime();
        CompletableFuture<ReconcileResult> first = reconciler.reconcileNow("app");
        long afterFirst = System.nanoTime();
        assertThat(inFirstResolve.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<ReconcileResult> second = reconciler.reconcileNow("app");
        long beforeLast = System.nanoTime();
        CompletableFuture<ReconcileResult> third = reconciler.reconcileNow("app");
        long afterLast = System.nanoTime();
        releaseFirst.countDown();
        first.get(30, TimeUnit.SECONDS);
        assertThat(second.get(30, TimeUnit.SECONDS)).as("joined one follow-up").isSameAs(third.get());

        assertThat(asked).hasSize(2);
        assertThat(asked.get(0)).as("the first pass: asked at its trigger").isBetween(beforeFirst, afterFirst);
        assertThat(asked.get(1)).as("the follow-up: asked at its latest trigger, not the first it joined")
                .isBetween(beforeLast, afterLast);
    }
}
