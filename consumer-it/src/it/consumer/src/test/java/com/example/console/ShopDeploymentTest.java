package com.example.console;

import static io.gitops4j.testkit.assertions.GitOpsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.Target;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.git.GitFixtures;
import io.gitops4j.testkit.git.TestRepo;
import io.gitops4j.testkit.junit.GitOpsTest;
import io.gitops4j.testkit.kube.WriteOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The README's embedding example, run against the testkit's cluster and a Git server on 127.0.0.1. */
@GitOpsTest
class ShopDeploymentTest {
    private static final ResourceKey SETTINGS = ResourceKey.of("v1", "ConfigMap", "shop", "settings");
    private static final ResourceKey FLAGS = ResourceKey.of("v1", "ConfigMap", "shop", "flags");

    @Test
    void deploysWhatTheRepositorySaysThroughTheBuiltInGitSource(Target target, FakeKube kube, GitFixtures git)
            throws Exception {
        kube.create(kube.type("", "v1", "namespaces"), "", Map.of("metadata", Map.of("name", "shop")),
                WriteOptions.defaults());
        TestRepo repo = git.repo("shop-deploy");
        String v1 = repo.commit("shop v1").add("overlays/prod/settings.yaml", configMap("settings")).create();
        repo.commit("flags").on("feature-x").parent(v1).add("overlays/prod/flags.yaml", configMap("flags")).create();
        List<ReconcileResult> reported = new CopyOnWriteArrayList<>();

        try (ShopDeployment shop = new ShopDeployment(target, git.daemon().url("shop-deploy"), reported::add)) {
            ReconcileResult result = shop.deployNow();
            Plan feature = shop.preview("feature-x");

            assertThat(result).hasOutcome(Outcome.SYNCED).created(SETTINGS);
            assertThat(kube).contains(SETTINGS).doesNotContain(FLAGS);
            assertThat(feature.changes().keys(Action.CREATE)).containsExactly(FLAGS);
            assertThat(reported).contains(result);
        }
    }

    private static String configMap(String name) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\ndata:\n  greeting: hello\n";
    }
}
