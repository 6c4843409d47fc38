package com.example.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Application;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.Trigger;
import io.gitops4j.api.deploy.Deployment;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.Target;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.git.GitFixtures;
import io.gitops4j.testkit.git.TestRepo;
import io.gitops4j.testkit.junit.GitOpsTest;
import io.gitops4j.testkit.kube.WriteOptions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** docs/embedding.md's release desk, run against the testkit's cluster and a Git server on 127.0.0.1. */
@GitOpsTest
class ReleaseDeskTest {
    @Test
    void reviewsAppliesTracksAndRollsBack(Target target, FakeKube kube, GitFixtures git) throws Exception {
        kube.create(kube.type("", "v1", "namespaces"), "", Map.of("metadata", Map.of("name", "shop")),
                WriteOptions.defaults());
        TestRepo repo = git.repo("desk");
        String v1 = repo.commit("v1").add("prod/settings.yaml", configMap("1")).create();
        try (Reconciler reconciler = GitOps.reconciler().target(target).renderers(Renderers.plainYaml())
                .backgroundScheduling(false).build()) {
            reconciler.register(Application.builder("shop").source(SourceSpec.git(git.daemon().url("desk"), "main",
                    "prod")).targetNamespace("shop").syncPolicy(SyncPolicy.automated()).build());
            ReleaseDesk desk = new ReleaseDesk(reconciler, "shop");

            Plan plan = desk.review("refs/heads/main");
            assertThat(desk.approve(plan).outcome()).isEqualTo(Outcome.SYNCED);
            Deployment first = desk.awaitDeployed(v1);
            assertThat(first.revision().id()).isEqualTo(v1);

            String v2 = repo.commit("v2").add("prod/settings.yaml", configMap("2")).create();
            assertThat(reconciler.reconcileNow("shop").get(1, TimeUnit.MINUTES).outcome()).isEqualTo(Outcome.SYNCED);
            assertThat(desk.awaitDeployed(v2).revision().id()).isEqualTo(v2);

            ReconcileResult rolledBack = desk.rollBack("v2 breaks checkout");
            assertThat(rolledBack.trigger()).isEqualTo(Trigger.PIN);
            assertThat(rolledBack.revision().orElseThrow().id()).isEqualTo(v1);
            assertThat(value(kube)).isEqualTo("1");
            desk.release();
            assertThat(reconciler.status("shop").pin()).isEmpty();
        }
    }

    private static Object value(FakeKube kube) {
        return ((Map<?, ?>) kube.get(kube.type("", "v1", "configmaps"), "shop", "settings").get("data")).get("value");
    }

    private static String configMap(String value) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  value: \"" + value + "\"\n";
    }
}
