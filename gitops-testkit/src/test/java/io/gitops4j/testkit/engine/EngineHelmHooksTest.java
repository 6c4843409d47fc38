package io.gitops4j.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Application;
import io.gitops4j.api.ObjectReport;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.plan.Change;
import io.gitops4j.api.plan.HookPhase;
import io.gitops4j.api.render.HelmOptions;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.render.Renderer;
import io.gitops4j.api.resource.ManifestSet;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.render.Renderers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Helm's hook annotations on objects a renderer named {@code helm} produced: pre-install/pre-upgrade run as PreSync
 * hooks ordered by their weights, post-install as PostSync once the release's objects are healthy, hook-succeeded
 * deletes, a test hook is left out (EN-19). The objects are what {@code helm template} prints for a small chart of
 * ours (release {@code shop}, hooks included), served by a stand-in renderer under the name {@code helm}: the Helm
 * renderer of gitops4j runs helm-java, whose template leaves hook templates out (docs/rendering.md).
 */
class EngineHelmHooksTest {
    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: shop-web
            spec:
              replicas: 1
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: web, image: "nginx:TAG"}]}
            """;
    private static final String MIGRATE = """
            apiVersion: batch/v1
            kind: Job
            metadata:
              generateName: shop-migrate-
              annotations:
                helm.sh/hook: pre-install,pre-upgrade
                helm.sh/hook-weight: "5"
                helm.sh/hook-delete-policy: hook-succeeded
            spec:
              backoffLimit: 0
              template:
                spec:
                  restartPolicy: Never
                  containers: [{name: migrate, image: "shop/migrate:TAG"}]
            """;
    private static final String BACKUP = """
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: shop-backup
              annotations:
                helm.sh/hook: pre-upgrade,pre-install
                helm.sh/hook-weight: "-5"
            spec:
              backoffLimit: 0
              template:
                spec:
                  restartPolicy: Never
                  containers: [{name: backup, image: shop/backup}]
            """;
    private static final String NOTIFY = """
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: shop-notify
              annotations:
                helm.sh/hook: post-install
            spec:
              backoffLimit: 0
              template:
                spec:
                  restartPolicy: Never
                  containers: [{name: notify, image: shop/notify}]
            """;
    private static final String TEST = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: shop-test
              annotations:
                helm.sh/hook: test
            spec:
              restartPolicy: Never
              containers: [{name: test, image: busybox}]
            """;

    @TempDir
    Path repo;

    @RegisterExtension
    final SimulatedCluster cluster = new SimulatedCluster();
    private Reconciler reconciler;

    @BeforeEach
    void start() throws Exception {
        writeRelease("1.0");
        cluster.start(repo, Duration.ofMillis(200));
        reconciler = GitOps.reconciler().target(cluster.fixture().target()).renderers(new TemplateOutput())
                .backgroundScheduling(false).healthWait(Duration.ofSeconds(30)).hookTimeout(Duration.ofSeconds(30))
                .build();
        reconciler.register(Application.builder("app").source(SourceSpec.local(repo)).targetNamespace("shop")
                .renderer(RenderSpec.helm(HelmOptions.release("shop")))
                .syncPolicy(SyncPolicy.manual().withInterval(Duration.ofHours(1))).build());
    }

    @AfterEach
    void stop() {
        reconciler.close();
    }

    private ReconcileResult reconcile() throws Exception {
        return reconciler.reconcileNow("app").get(60, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("EN-19 Helm's pre-install hooks run as PreSync by weight before the release's objects, post-install "
            + "as PostSync once they are healthy; hook-succeeded deletes; a test hook is left out")
    void en19HelmHooksRunAsArgoCdMapsThem() throws Exception {
        ReconcileResult result = reconcile();

        assertThat(result.outcome()).as("%s", result.error()).isEqualTo(Outcome.SYNCED);
        List<ObjectReport> hooks = result.objects().stream().filter(o -> o.planned().isHook()).toList();
        assertThat(hooks).extracting(o -> o.planned().hook().orElseThrow(), o -> o.planned().wave())
                .containsExactly(Tuple.tuple(HookPhase.PRE_SYNC, -5),
                        Tuple.tuple(HookPhase.PRE_SYNC, 5),
                        Tuple.tuple(HookPhase.POST_SYNC, 0));
        String migrate = hooks.get(1).key().name();
        assertThat(migrate).startsWith("shop-migrate-");
        assertThat(hooks.get(1).note()).isEqualTo("succeeded; deleted (HookSucceeded)");
        assertThat(cluster.events().list()).containsSubsequence("added Job shop-backup", "Complete Job shop-backup",
                "added Job " + migrate, "Complete Job " + migrate, "deleted Job " + migrate,
                "added Deployment shop-web", "Available Deployment shop-web", "added Job shop-notify");
        assertThat(cluster.events().list()).noneMatch(e -> e.contains("shop-test"));
        assertThat(result.changes().changes()).extracting(Change::key).noneMatch(k -> k.name().equals("shop-test"));
    }

    @Test
    @DisplayName("EN-19 a pass with nothing to write runs no Helm hook; an upgrade (a new chart value) runs them "
            + "again, a named one replaced (before-hook-creation, Helm's default)")
    void en19AnUpgradeRunsThePreUpgradeHooks() throws Exception {
        assertThat(reconcile().outcome()).isEqualTo(Outcome.SYNCED);
        cluster.events().clear();

        ReconcileResult noOp = reconcile();
        assertThat(noOp.objects()).noneMatch(o -> o.planned().isHook());
        assertThat(cluster.events().list()).isEmpty();

        writeRelease("1.1");
        ReconcileResult upgrade = reconcile();

        assertThat(upgrade.outcome()).as("%s", upgrade.error()).isEqualTo(Outcome.SYNCED);
        assertThat(cluster.events().list()).containsSubsequence("deleted Job shop-backup", "added Job shop-backup",
                "Complete Job shop-backup");
        assertThat(cluster.events().list()).anyMatch(e -> e.startsWith("added Job shop-migrate-"));
    }

    /** Writes what {@code helm template} prints for the chart with value {@code tag}, one file per template. */
    private void writeRelease(String tag) throws Exception {
        Files.writeString(repo.resolve("deployment.yaml"), DEPLOYMENT.replace("TAG", tag));
        Files.writeString(repo.resolve("migrate.yaml"), MIGRATE.replace("TAG", tag));
        Files.writeString(repo.resolve("backup.yaml"), BACKUP);
        Files.writeString(repo.resolve("notify.yaml"), NOTIFY);
        Files.writeString(repo.resolve("test.yaml"), TEST);
    }

    /** Stands in for the Helm renderer: reads the printed release as plain YAML, under the name {@code helm}. */
    private static final class TemplateOutput implements Renderer {
        private final Renderer plain = Renderers.plainYaml();

        @Override
        public String name() {
            return RenderSpec.HELM;
        }

        @Override
        public ManifestSet render(Snapshot snapshot, RenderSpec spec) {
            return plain.render(snapshot, RenderSpec.plainYaml().withPath(spec.path()));
        }
    }
}
