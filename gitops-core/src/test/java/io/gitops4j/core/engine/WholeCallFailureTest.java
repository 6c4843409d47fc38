package io.gitops4j.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Application;
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

/** A target call that fails as a whole: retried within the pass's budget, then a typed failure of each object. */
class WholeCallFailureTest {
    @TempDir
    Path repo;

    @Test
    @DisplayName("DA-04 an apply call that keeps failing transiently is retried within the pass's budget (at most "
            + "three times), then fails each object it carried with the call's reason; nothing is lost")
    void aFailingCallIsRetriedBoundedThenFailsItsObjects() throws Exception {
        for (String name : List.of("a", "b")) {
            Files.writeString(repo.resolve(name + ".yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "
                    + name + "}\n");
        }
        InMemoryTarget memory = InMemoryTarget.create();
        AtomicInteger calls = new AtomicInteger();
        DelegatingTarget unreachable = new DelegatingTarget(memory) {
            @Override
            public List<ObjectResult> applyAll(List<ApplyRequest> requests, ApplyOptions options,
                    WriteContext context) {
                calls.incrementAndGet();
                throw new TargetException(null, TargetException.Reason.UNAVAILABLE, "applying " + requests.size()
                        + " objects: connection refused");
            }
        };
        try (GitOpsReconciler reconciler = GitOps.reconciler().target(unreachable).renderers(Renderers.plainYaml())
                .backgroundScheduling(false).build()) {
            reconciler.register(Application.builder("shop").source(SourceSpec.local(repo)).targetNamespace("shop")
                    .syncPolicy(SyncPolicy.manual().withInterval(Duration.ofHours(1))).build());

            ReconcileResult result = reconciler.reconcileNow("shop").get(30, TimeUnit.SECONDS);

            assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(calls.get()).as("the first call and at most three retries").isBetween(2, 4);
            assertThat(result.objects()).hasSize(2).allSatisfy(o -> {
                assertThat(o.outcome()).isEqualTo(ObjectOutcome.FAILED);
                assertThat(o.failure().orElseThrow().reason()).isEqualTo(TargetException.Reason.UNAVAILABLE);
            });
            assertThat(result.failure()).hasValueSatisfying(f -> {
                assertThat(f.phase()).isEqualTo(ReconcileFailure.Phase.APPLY);
                assertThat(f.reason()).isEqualTo(TargetException.Reason.UNAVAILABLE);
                assertThat(f.message()).isEqualTo("2 object(s) failed: ConfigMap shop/a: applying 2 objects: "
                        + "connection refused");
            });
            assertThat(memory.inventories().read("shop").orElseThrow().inventory().entries())
                    .as("the write-ahead intent stays for the next pass").hasSize(2);
        }
    }
}
