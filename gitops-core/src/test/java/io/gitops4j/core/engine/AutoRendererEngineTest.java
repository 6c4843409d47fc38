package io.gitops4j.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Application;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.render.Substitution;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.core.target.InMemoryTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine resolves {@code auto} on every pass from the snapshot, and substitutes before it plans. */
class AutoRendererEngineTest {
    @TempDir
    Path repo;

    @Test
    void autoIsResolvedPerPassFromTheFilesAndSubstitutionFeedsThePlan() throws Exception {
        Files.writeString(repo.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n"
                + "  namespace: ${NS}\ndata:\n  from: plain\n");
        InMemoryTarget cluster = InMemoryTarget.create();
        try (Reconciler reconciler = GitOps.reconciler().target(cluster)
                .renderers(Renderers.plainYaml(), Renderers.helm()).build()) {
            reconciler.register(Application.builder("shop").source(SourceSpec.local(repo))
                    .renderer(RenderSpec.auto().withSubstitution(Substitution.of(Map.of("NS", "shop"))))
                    .syncPolicy(SyncPolicy.manual().withInterval(Duration.ofHours(1))).build());
            ReconcileResult first = reconciler.reconcileNow("shop").get(60, TimeUnit.SECONDS);
            assertThat(first.outcome()).as(first.toString()).isEqualTo(Outcome.SYNCED);
            assertThat(data(cluster)).isEqualTo("plain");

            Files.delete(repo.resolve("cm.yaml"));
            Files.createDirectories(repo.resolve("templates"));
            Files.writeString(repo.resolve("Chart.yaml"), "apiVersion: v2\nname: shop\nversion: 0.1.0\n");
            Files.writeString(repo.resolve("templates/cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
                    + "  name: settings\n  namespace: ${NS}\ndata:\n  from: {{ .Release.Name }}-chart\n");
            ReconcileResult second = reconciler.reconcileNow("shop").get(60, TimeUnit.SECONDS);
            assertThat(second.outcome()).as(second.toString()).isEqualTo(Outcome.SYNCED);
            assertThat(data(cluster)).as("now a chart: Helm, released under the Application's name")
                    .isEqualTo("shop-chart");
        }
    }

    private static Object data(InMemoryTarget cluster) {
        return cluster.all().stream().map(o -> o.manifest())
                .filter(m -> m.kind().equals("ConfigMap") && m.namespace().equals("shop"))
                .findFirst().orElseThrow().get("data", "from").orElseThrow();
    }
}
