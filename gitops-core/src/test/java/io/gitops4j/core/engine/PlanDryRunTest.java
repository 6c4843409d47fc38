package io.gitops4j.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Application;
import io.gitops4j.api.DryRun;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.ApplyRequest;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.WriteContext;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.core.target.InMemoryTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's dry run (DA-06) when the cluster cannot answer it. */
class PlanDryRunTest {
    @TempDir
    Path repo;

    @Test
    @DisplayName("DA-06 a dry run the cluster keeps failing as a whole is retried within the pass's budget, then fails "
            + "the pass in DRY_RUN with the call's reason; nothing is written, not even the inventory")
    void da06ADryRunThatCannotBeSentWritesNothing() throws Exception {
        for (String name : List.of("a", "b")) {
            Files.writeString(repo.resolve(name + ".yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "
                    + name + "}\ndata: {k: v}\n");
        }
        InMemoryTarget memory = InMemoryTarget.create();
        AtomicInteger dryRuns = new AtomicInteger();
        AtomicInteger writes = new AtomicInteger();
        DelegatingTarget unreachable = new DelegatingTarget(memory) {
            @Override
            public List<ObjectResult> applyAll(List<ApplyRequest> requests, ApplyOptions options,
                    WriteContext context) {
                if (!options.dryRun()) {
                    writes.incrementAndGet();
                    return super.applyAll(requests, options, context);
                }
                dryRuns.incrementAndGet();
                throw new TargetException(null, TargetException.Reason.UNAVAILABLE, "applying " + requests.size()
                        + " objects: connection refused");
            }
        };
        try (GitOpsReconciler reconciler = GitOps.reconciler().target(unreachable).renderers(Renderers.plainYaml())
                .backgroundScheduling(false).build()) {
            reconciler.register(Application.builder("shop").source(SourceSpec.local(repo)).targetNamespace("shop")
                    .syncPolicy(SyncPolicy.manual().withInterval(Duration.ofHours(1)).withDryRunFirst(true)).build());

            ReconcileResult result = reconciler.reconcileNow("shop").get(30, TimeUnit.SECONDS);

            assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(result.failure()).hasValueSatisfying(f -> {
                assertThat(f.phase()).isEqualTo(ReconcileFailure.Phase.DRY_RUN);
                assertThat(f.reason()).isEqualTo(TargetException.Reason.UNAVAILABLE);
                assertThat(f.message()).contains("nothing was written").contains("connection refused");
            });
            assertThat(dryRuns.get()).as("the first call and at most three retries").isBetween(2, 4);
            assertThat(writes.get()).isZero();
            assertThat(result.dryRun()).isEqualTo(new DryRun(2, 0, 2));
            assertThat(result.objects()).extracting(o -> o.outcome()).containsOnly(ObjectOutcome.FAILED);
            assertThat(memory.inventories().read("shop")).as("no write-ahead intent either").isEmpty();
        }
    }
}
