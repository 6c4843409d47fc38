package io.gitops4j.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Application;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.health.Health;
import io.gitops4j.api.health.HealthCheck;
import io.gitops4j.api.health.HealthStatus;
import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.ChangeEvent;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.core.target.InMemoryTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health judged in the engine with the host's checks; each Application's change feed follows its kinds. */
class HealthAndFeedsTest {
    @TempDir
    Path repo;

    private final InMemoryTarget memory = InMemoryTarget.create();
    private final WatchCounting target = new WatchCounting(memory);

    private GitOpsReconciler start(HealthCheck... checks) throws Exception {
        Files.writeString(repo.resolve("app.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: web}}
                  template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: nginx}]}}
                """);
        GitOpsReconciler reconciler = GitOps.reconciler().target(target).renderers(Renderers.plainYaml())
                .backgroundScheduling(false).healthChecks(checks).build();
        reconciler.register(Application.builder("shop").source(SourceSpec.local(repo)).targetNamespace("shop")
                .syncPolicy(SyncPolicy.manual().withInterval(Duration.ofHours(1))).build());
        return reconciler;
    }

    private static HealthCheck check(String group, String kind, Health verdict) {
        return new HealthCheck() {
            @Override
            public GroupKind kind() {
                return new GroupKind(group, kind);
            }

            @Override
            public Health assess(LiveObject object) {
                return verdict;
            }
        };
    }

    @Test
    void healthIsJudgedInTheEngineAndTheHostsChecksWin() throws Exception {
        try (GitOpsReconciler builtIn = start()) {
            ReconcileResult result = builtIn.reconcileNow("shop").get(30, TimeUnit.SECONDS);
            assertThat(result.health().status()).as("no controller rolled the Deployment out")
                    .isEqualTo(HealthStatus.PROGRESSING);
        }
        try (GitOpsReconciler custom = start(check("apps", "Deployment", Health.healthy()),
                check("", "ConfigMap", Health.degraded("settings are stale")))) {
            ReconcileResult result = custom.reconcileNow("shop").get(30, TimeUnit.SECONDS);
            assertThat(result.health().verdict()).isEqualTo(Health.degraded("settings are stale"));
        }
    }

    @Test
    @DisplayName("EN-11 each Application's change feed follows the kinds it plans, and is closed on unregister and "
            + "on close")
    void eachApplicationFollowsItsKindsUntilUnregisteredOrClosed() throws Exception {
        GitOpsReconciler reconciler = start();
        assertThat(reconciler.watchedKinds("shop")).isEmpty();

        reconciler.reconcileNow("shop").get(30, TimeUnit.SECONDS);

        Set<GroupKind> kinds = Set.of(new GroupKind("", "ConfigMap"), new GroupKind("apps", "Deployment"));
        assertThat(reconciler.watchedKinds("shop")).isEqualTo(kinds);
        assertThat(target.open).containsExactly(kinds);
        reconciler.reconcileNow("shop").get(30, TimeUnit.SECONDS);
        assertThat(target.open).as("the same kinds: the same subscription").hasSize(1);

        reconciler.unregister("shop");
        assertThat(target.open).isEmpty();
        assertThat(reconciler.watchedKinds("shop")).isEmpty();

        reconciler.register(Application.builder("shop").source(SourceSpec.local(repo)).targetNamespace("shop")
                .syncPolicy(SyncPolicy.manual().withInterval(Duration.ofHours(1))).build());
        reconciler.reconcileNow("shop").get(30, TimeUnit.SECONDS);
        assertThat(target.open).hasSize(1);
        reconciler.close();
        assertThat(target.open).isEmpty();
    }

    /** The in-memory target, keeping the kinds of every open change-feed subscription. */
    private static final class WatchCounting extends DelegatingTarget {
        final List<Set<GroupKind>> open = new CopyOnWriteArrayList<>();

        WatchCounting(InMemoryTarget target) {
            super(target);
        }

        @Override
        public ClusterView view() {
            return new DelegatingView(super.view()) {
                @Override
                public AutoCloseable watch(Set<GroupKind> kinds, Consumer<ChangeEvent> listener) {
                    AutoCloseable handle = super.watch(kinds, listener);
                    open.add(kinds);
                    return () -> {
                        open.remove(kinds);
                        handle.close();
                    };
                }
            };
        }
    }
}
