package io.gitops4j.testkit.junit;

import static io.gitops4j.testkit.assertions.GitOpsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.gitops4j.api.Application;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.engine.ReconcilerBuilder;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.git.GitFixtures;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * An injected {@link ReconcilerBuilder} is aimed at the test's cluster and, unless the annotation says otherwise,
 * schedules nothing in the background: only the test's own calls reconcile. The reconcilers run on executors the
 * samples hold, so their timer queues show what was scheduled.
 */
class ReconcilerInjectionTest {
    private static final ResourceKey SETTINGS = ResourceKey.of("v1", "ConfigMap", "default", "settings");
    static final List<Object> SEEN = new CopyOnWriteArrayList<>();

    /** Registers an automated Application with the injected builder; records the timer queue size after it. */
    private static void registerAutomated(ReconcilerBuilder builder, GitFixtures git) throws Exception {
        git.repo("deploy").commit("v1").add("app/settings.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  greeting: hello\n").create();
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
        ExecutorService workers = Executors.newSingleThreadExecutor();
        try (Reconciler reconciler = builder.renderers(Renderers.plainYaml()).executors(workers, timers).build()) {
            reconciler.register(Application.builder("app")
                    .source(SourceSpec.git(git.daemon().url("deploy"), "main", "app"))
                    .targetNamespace("default").syncPolicy(SyncPolicy.automated()).build());
            SEEN.add(timers.getQueue().size());
            SEEN.add(reconciler.reconcileNow("app").get(1, TimeUnit.MINUTES).outcome());
        } finally {
            timers.shutdownNow();
            workers.shutdownNow();
        }
    }

    @EnabledIfSystemProperty(named = LifecycleAndLeaksTest.SAMPLES, matches = "run")
    @GitOpsTest
    static class DefaultSample {
        @Test
        void one(ReconcilerBuilder builder, GitFixtures git, FakeKube kube) throws Exception {
            registerAutomated(builder, git);
            assertThat(kube).contains(SETTINGS);
        }
    }

    @EnabledIfSystemProperty(named = LifecycleAndLeaksTest.SAMPLES, matches = "run")
    @GitOpsTest(backgroundScheduling = true)
    static class BackgroundSample {
        @Test
        void one(ReconcilerBuilder builder, GitFixtures git) throws Exception {
            registerAutomated(builder, git);
        }
    }

    private static void run(Class<?> sample) {
        SEEN.clear();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        System.setProperty(LifecycleAndLeaksTest.SAMPLES, "run");
        try {
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(sample))
                    .build(), listener);
        } finally {
            System.clearProperty(LifecycleAndLeaksTest.SAMPLES);
        }
        assertThat(listener.getSummary().getFailures()).isEmpty();
        assertThat(listener.getSummary().getTestsSucceededCount()).isEqualTo(1);
    }

    @Test
    void byDefaultTheInjectedBuilderSchedulesNothingAndReconcilesIntoTheTestsCluster() {
        run(DefaultSample.class);

        assertThat(SEEN).containsExactly(0, Outcome.SYNCED);
    }

    @Test
    void backgroundSchedulingTrueQueuesTheFirstPassAtRegister() {
        run(BackgroundSample.class);

        assertThat(SEEN).containsExactly(1, Outcome.SYNCED);
    }
}
