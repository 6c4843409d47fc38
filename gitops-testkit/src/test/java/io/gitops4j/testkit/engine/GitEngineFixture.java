package io.gitops4j.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Application;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.Trigger;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.Target;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.git.GitSource;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.git.GitFixtures;
import io.gitops4j.testkit.git.TestRepo;
import io.gitops4j.testkit.kube.WriteOptions;
import io.gitops4j.testkit.simulate.SimulatorSettings;
import io.gitops4j.testkit.simulate.StatusSimulators;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Application, {@value #APP}, following branch {@code main} of a Git repository served by a git daemon on
 * 127.0.0.1 (directory {@code shop}), reconciled into a {@link FakeKube} whose Deployments a status simulator rolls
 * out (200 ms), through {@link EngineTargets#over} and the public API. Background scheduling is off: passes run
 * when a test asks ({@code reconcileNow}, {@code onPush}, {@code pin}). {@link #restart} replaces the reconciler
 * by a new one on the same target, as a host that restarts. Not thread-safe.
 */
final class GitEngineFixture implements AutoCloseable {
    static final String APP = "shop";

    final GitFixtures git = GitFixtures.create();
    final TestRepo repo = git.repo("deploy");
    final FakeKube kube = FakeKube.create();
    final StatusSimulators simulators;
    final GitSource source = GitSource.builder().build();
    final Target target;
    final String url;
    Reconciler reconciler;

    GitEngineFixture(SyncPolicy policy) {
        kube.create(kube.type("", "v1", "namespaces"), "", Map.of("apiVersion", "v1", "kind", "Namespace",
                "metadata", Map.of("name", "shop")), WriteOptions.defaults());
        simulators = StatusSimulators.start(kube, SimulatorSettings.defaults().withDelay(Duration.ofMillis(200)));
        target = EngineTargets.over(kube);
        url = git.daemon().url("deploy");
        reconciler = newReconciler();
        commit("v1", "1");
        reconciler.register(application(policy));
    }

    private Reconciler newReconciler() {
        return GitOps.reconciler().target(target).source(source).renderers(Renderers.plainYaml())
                .backgroundScheduling(false).build();
    }

    /**
     * The host restarts: the reconciler is closed and a new one, on the same target, registers the Application with
     * {@code policy}. Nothing the old one held in memory reaches the new one.
     */
    void restart(SyncPolicy policy) {
        reconciler.close();
        reconciler = newReconciler();
        reconciler.register(application(policy));
    }

    Application application(SyncPolicy policy) {
        return Application.builder(APP).source(SourceSpec.git(url, "main", "shop")).targetNamespace("shop")
                .syncPolicy(policy).build();
    }

    /** A push to main: @return the pass it starts, as the history shows it once it finished (within 30 s). */
    ReconcileResult push() throws InterruptedException {
        int before = reconciler.history(APP).size();
        assertThat(reconciler.onPush(url, "refs/heads/main")).containsExactly(APP);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (reconciler.history(APP).size() == before || reconciler.status(APP).reconciling()) {
            assertThat(System.nanoTime() - end).as("the pushed pass finished in time").isNegative();
            Thread.sleep(10);
        }
        return reconciler.history(APP).get(0);
    }

    /** @return the newest pass once it has {@code trigger} (waiting at most 30 s) */
    ReconcileResult awaitTrigger(Trigger trigger) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            List<ReconcileResult> history = reconciler.history(APP);
            if (!history.isEmpty() && history.get(0).trigger() == trigger) {
                return history.get(0);
            }
            assertThat(System.nanoTime() - end).as("a pass with trigger %s in time", trigger).isNegative();
            Thread.sleep(10);
        }
    }

    /** Commits a Deployment {@code web} and a ConfigMap {@code settings} with this version to main. */
    String commit(String message, String version) {
        return repo.commit(message).add("shop/web.yaml", deployment(version)).add("shop/settings.yaml",
                configMap(version)).create();
    }

    /** @return the {@code version} data of ConfigMap {@code settings} in the cluster */
    Object version() {
        Map<String, Object> cm = kube.get(kube.type("", "v1", "configmaps"), "shop", "settings");
        return ((Map<?, ?>) cm.get("data")).get("version");
    }

    static String configMap(String version) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  version: \"" + version
                + "\"\n";
    }

    static String deployment(String version) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  replicas: 1
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                      - name: web
                        image: example.com/web:%s
                """.formatted(version);
    }

    @Override
    public void close() {
        reconciler.close();
        simulators.close();
        target.close();
        source.close();
        git.close();
    }
}
