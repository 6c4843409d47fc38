package com.example.console;

import static io.gitops4j.testkit.assertions.GitOpsAssertions.assertThat;
import static java.util.concurrent.TimeUnit.MINUTES;

import io.gitops4j.api.Application;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.PruneGuard;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.engine.ReconcilerBuilder;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.git.GitFixtures;
import io.gitops4j.testkit.git.TestRepo;
import io.gitops4j.testkit.junit.GitOpsTest;
import org.junit.jupiter.api.Test;

@GitOpsTest
class PruneTest {
    private static final ResourceKey A = ResourceKey.of("v1", "ConfigMap", "default", "a");
    private static final ResourceKey B = ResourceKey.of("v1", "ConfigMap", "default", "b");

    @Test
    void removedFileIsPruned(ReconcilerBuilder reconcilers, FakeKube kube, GitFixtures git) throws Exception {
        TestRepo repo = git.repo("deploy");
        repo.commit("v1").add("app/a.yaml", configMap("a")).add("app/b.yaml", configMap("b")).create();
        try (Reconciler reconciler = reconcilers.renderers(Renderers.plainYaml()).build()) {
            reconciler.register(Application.builder("app")
                    .source(SourceSpec.git(git.daemon().url("deploy"), "main", "app"))
                    .targetNamespace("default")
                    // pruning 1 of 2 objects is 50 %: over the default guard's 25 %, so it would be held
                    .syncPolicy(SyncPolicy.automated().withPruneGuard(PruneGuard.unlimited()))
                    .build());
            reconciler.reconcileNow("app").get(1, MINUTES);

            repo.commit("drop b").remove("app/b.yaml").create();
            ReconcileResult result = reconciler.reconcileNow("app").get(1, MINUTES);

            assertThat(result).hasOutcome(Outcome.SYNCED).pruned(B);
            assertThat(kube).doesNotContain(B).contains(A);
        }
    }

    private static String configMap(String name) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n";
    }
}
