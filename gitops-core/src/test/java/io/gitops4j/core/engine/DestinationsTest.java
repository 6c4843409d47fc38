package io.gitops4j.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.Application;
import io.gitops4j.api.ApplicationStatus;
import io.gitops4j.api.InvalidSpecException;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileListener;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.deploy.Deployment;
import io.gitops4j.api.health.HealthStatus;
import io.gitops4j.api.progress.PassStarted;
import io.gitops4j.api.render.HelmOptions;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.api.target.ServerVersion;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.git.GitSource;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.core.target.InMemoryTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many clusters in one reconciler: targets registered by name, one default; an Application names its destination;
 * passes, inventories, results, status and history are that cluster's; each cluster's change feed serves only the
 * Applications bound to it; Helm renders for the destination's Kubernetes version.
 */
class DestinationsTest {
    private static final SyncPolicy HOURLY = SyncPolicy.automated().withInterval(Duration.ofHours(1));
    private static final ResourceKey SETTINGS = ResourceKey.of("v1", "ConfigMap", "shop", "settings");

    @TempDir
    Path dir;

    private final InMemoryTarget staging = InMemoryTarget.create();
    private final InMemoryTarget prod = InMemoryTarget.create();
    private Reconciler reconciler;

    @AfterEach
    void stop() {
        if (reconciler != null) {
            reconciler.close();
        }
    }

    private Path repo(String name, String greeting) throws IOException {
        Path repo = Files.createDirectories(dir.resolve(name));
        Files.writeString(repo.resolve("settings.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n"
                + "data: {greeting: " + greeting + "}\n");
        return repo;
    }

    private static Application app(String name, Path repo, String destination) {
        return Application.builder(name).source(SourceSpec.local(repo)).targetNamespace("shop").syncPolicy(HOURLY)
                .destination(destination).build();
    }

    private static String greeting(InMemoryTarget target) {
        return target.view().get(SETTINGS).map(o -> o.manifest().get("data", "greeting").orElseThrow().toString())
                .orElse("<absent>");
    }

    @Test
    @DisplayName("EN-05 an Application naming a destination no target is registered under is refused at register(), "
            + "naming it, the registered ones and the fix; one naming none is refused when there is no default")
    void unknownDestinationIsRefusedAtRegister() throws Exception {
        reconciler = GitOps.reconciler().target("staging", staging).target("prod", prod)
                .renderers(Renderers.plainYaml()).backgroundScheduling(false).build();
        Path repo = repo("shop", "hello");

        assertThatThrownBy(() -> reconciler.register(app("shop", repo, "qa")))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.field()).isEqualTo("destination"))
                .hasMessageContaining("no target named 'qa' is registered (registered: [prod, staging])")
                .hasMessageContaining("GitOps.reconciler().target(\"qa\", target)");
        assertThatThrownBy(() -> reconciler.register(app("shop", repo, "")))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("names no destination and the reconciler has no default target");
        assertThatThrownBy(() -> Application.builder("shop").source(SourceSpec.local(repo)).destination("Prod_1")
                .build()).isInstanceOf(InvalidSpecException.class).hasMessageStartingWith("destination:");
        assertThat(reconciler.applications()).isEmpty();

        reconciler.register(app("shop", repo, "prod"));
        assertThatThrownBy(() -> reconciler.register(app("shop", repo, "qa"))).isInstanceOf(InvalidSpecException.class);
        assertThat(reconciler.applications()).singleElement().extracting(Application::destination).isEqualTo("prod");
    }

    @Test
    @DisplayName("one Application per environment, each to its own cluster, in one reconciler: writes and inventories "
            + "go to the destination; results, status and history name it")
    void oneApplicationPerEnvironment() throws Exception {
        reconciler = GitOps.reconciler().target("staging", staging).target("prod", prod)
                .renderers(Renderers.plainYaml()).backgroundScheduling(false).build();
        reconciler.register(app("shop-staging", repo("staging", "hi-staging"), "staging"));
        reconciler.register(app("shop-prod", repo("prod", "hi-prod"), "prod"));
        List<String> started = new CopyOnWriteArrayList<>();
        reconciler.addListener(ReconcileListener.progress(e -> {
            if (e instanceof PassStarted p) {
                started.add(p.application() + " in " + p.cluster());
            }
        }));

        ReconcileResult toStaging = reconciler.reconcileNow("shop-staging").get(30, TimeUnit.SECONDS);
        ReconcileResult toProd = reconciler.reconcileNow("shop-prod").get(30, TimeUnit.SECONDS);

        assertThat(toStaging.destination()).isEqualTo("staging");
        assertThat(toProd.destination()).isEqualTo("prod");
        assertThat(greeting(staging)).isEqualTo("hi-staging");
        assertThat(greeting(prod)).isEqualTo("hi-prod");
        assertThat(staging.inventories().read("shop-staging")).isPresent();
        assertThat(staging.inventories().read("shop-prod")).isEmpty();
        assertThat(prod.inventories().read("shop-prod")).isPresent();
        ApplicationStatus status = reconciler.status("shop-prod");
        assertThat(status.destination()).isEqualTo("prod");
        assertThat(reconciler.history("shop-prod")).extracting(ReconcileResult::destination).containsExactly("prod");
        assertThat(started).as("progress events name the cluster").containsExactly("shop-staging in staging",
                "shop-prod in prod");
        assertThat(reconciler.plan("shop-prod", toProd.revision().orElseThrow()).live())
                .containsKey(SETTINGS.id()).extractingByKey(SETTINGS.id())
                .satisfies(o -> assertThat(o.manifest().get("data", "greeting")).contains("hi-prod"));
    }

    @Test
    @DisplayName("the default target serves Applications naming no destination; target(t) registers it as 'default'")
    void theDefaultTarget() throws Exception {
        reconciler = GitOps.reconciler().target(staging).target("prod", prod).renderers(Renderers.plainYaml())
                .backgroundScheduling(false).build();
        reconciler.register(app("shop", repo("shop", "hello"), ""));

        ReconcileResult result = reconciler.reconcileNow("shop").get(30, TimeUnit.SECONDS);

        assertThat(result.destination()).isEqualTo("default");
        assertThat(reconciler.status("shop").destination()).isEqualTo("default");
        assertThat(greeting(staging)).isEqualTo("hello");
        assertThat(greeting(prod)).isEqualTo("<absent>");

        try (Reconciler single = GitOps.reconciler().target("prod", prod).renderers(Renderers.plainYaml())
                .backgroundScheduling(false).build()) {
            single.register(app("shop", dir.resolve("shop"), ""));
            assertThat(single.reconcileNow("shop").get(30, TimeUnit.SECONDS).destination())
                    .as("the only target is the default").isEqualTo("prod");
        }
    }

    @Test
    @DisplayName("DA-12 each cluster's change feed serves only the Applications bound to it: an edit in prod starts "
            + "a pass of the prod Application only")
    void eachClustersFeedServesItsOwnApplications() throws Exception {
        reconciler = GitOps.reconciler().target("staging", staging).target("prod", prod)
                .renderers(Renderers.plainYaml()).backgroundScheduling(false)
                .drift(DriftOptions.defaults().withDebounce(Duration.ofMillis(100))).build();
        reconciler.register(app("shop-staging", repo("staging", "hi-staging"), "staging"));
        reconciler.register(app("shop-prod", repo("prod", "hi-prod"), "prod"));
        reconciler.reconcileNow("shop-staging").get(30, TimeUnit.SECONDS);
        reconciler.reconcileNow("shop-prod").get(30, TimeUnit.SECONDS);

        Manifest edited = prod.view().get(SETTINGS).orElseThrow().manifest();
        prod.put(Manifest.of(Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", edited.metadata(),
                "data", Map.of("greeting", "edited"))));

        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (reconciler.history("shop-prod").size() < 2 && System.nanoTime() - end < 0) {
            Thread.sleep(10);
        }
        ReconcileResult corrected = reconciler.history("shop-prod").get(0);
        assertThat(corrected.drift()).singleElement().satisfies(d -> assertThat(d.key()).isEqualTo(SETTINGS));
        assertThat(greeting(prod)).isEqualTo("hi-prod");
        assertThat(reconciler.history("shop-staging")).as("staging saw no change").hasSize(1);
    }

    @Test
    @DisplayName("Helm renders for the Kubernetes version of each Application's destination when its options set "
            + "none; a version set in the options wins")
    void helmRendersForTheDestinationsVersion() throws Exception {
        Path chart = Files.createDirectories(dir.resolve("chart/templates"));
        Files.writeString(chart.resolveSibling("Chart.yaml"), "apiVersion: v2\nname: caps\nversion: 0.1.0\n");
        Files.writeString(chart.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
                + "  name: caps-{{ .Release.Name }}\ndata:\n  kube: {{ .Capabilities.KubeVersion.Version | quote }}\n");
        reconciler = GitOps.reconciler().target("old", new Versioned(staging, "v1.29.4"))
                .target("new", new Versioned(prod, "v1.32.1")).renderers(Renderers.helm())
                .backgroundScheduling(false).build();
        for (String[] a : new String[][] {{"old", "a", ""}, {"new", "b", ""}, {"old", "c", "1.31"}}) {
            reconciler.register(Application.builder("caps-" + a[1]).source(SourceSpec.local(chart.getParent()))
                    .renderer(RenderSpec.helm(HelmOptions.release(a[1]).withKubeVersion(a[2])))
                    .targetNamespace("shop").syncPolicy(HOURLY).destination(a[0]).build());
            ReconcileResult r = reconciler.reconcileNow("caps-" + a[1]).get(2, TimeUnit.MINUTES);
            assertThat(r.outcome()).as("%s", r.error()).isEqualTo(Outcome.SYNCED);
        }

        assertThat(kube(staging, "caps-a")).isEqualTo("v1.29.4");
        assertThat(kube(prod, "caps-b")).isEqualTo("v1.32.1");
        assertThat(kube(staging, "caps-c")).isEqualTo("v1.31.0");
    }

    @Test
    @DisplayName("awaitDeployed of an Application in prod waits for health on prod's view, not on the default target")
    void awaitDeployedWatchesTheDestination() throws Exception {
        Path repo = repo("git", "hi-prod");
        String commit;
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            commit = git.commit().setMessage("v1").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com")
                    .setSign(false).call().getName();
        }
        try (GitSource source = GitSource.builder().allowFileUrls(true).cacheDirectory(dir.resolve("mirrors"))
                .build()) {
            reconciler = GitOps.reconciler().source(source).target(staging).target("prod", prod)
                    .renderers(Renderers.plainYaml()).backgroundScheduling(false).build();
            reconciler.register(Application.builder("shop").source(SourceSpec.git(repo.toUri().toString(), "main", ""))
                    .targetNamespace("shop").syncPolicy(HOURLY).destination("prod").build());

            ReconcileResult pass = reconciler.reconcileNow("shop").get(30, TimeUnit.SECONDS);
            Deployment deployed = reconciler.awaitDeployed("shop", commit, Duration.ofSeconds(30))
                    .get(30, TimeUnit.SECONDS);

            assertThat(pass.outcome()).as("%s", pass.error()).isEqualTo(Outcome.SYNCED);
            assertThat(deployed.result().destination()).isEqualTo("prod");
            assertThat(deployed.health().status()).as("the ConfigMap is read on prod, where it exists")
                    .isEqualTo(HealthStatus.HEALTHY);
            assertThat(greeting(staging)).isEqualTo("<absent>");
            reconciler.close();
        }
    }

    private static String kube(InMemoryTarget target, String name) {
        return target.view().get(ResourceKey.of("v1", "ConfigMap", "shop", name)).orElseThrow().manifest()
                .get("data", "kube").orElseThrow().toString();
    }

    /** An in-memory target whose view reports a Kubernetes version. */
    private static final class Versioned extends DelegatingTarget {
        private final String version;

        Versioned(InMemoryTarget target, String version) {
            super(target);
            this.version = version;
        }

        @Override
        public ClusterView view() {
            return new DelegatingView(super.view()) {
                @Override
                public Optional<ServerVersion> serverVersion() {
                    return Optional.of(ServerVersion.parse(version));
                }
            };
        }
    }
}
