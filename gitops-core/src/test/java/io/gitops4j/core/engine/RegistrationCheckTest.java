package io.gitops4j.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.Application;
import io.gitops4j.api.InvalidSpecException;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.render.HelmOptions;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.core.target.InMemoryTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EN-05: {@code register()} refuses an Application that no registered source or renderer serves, with the scheme or
 * name and the fix in the message, through the lookup every pass uses; the Git source comes built in.
 */
class RegistrationCheckTest {
    @TempDir
    Path dir;

    private Reconciler reconciler;

    @BeforeEach
    void start() {
        reconciler = GitOps.reconciler().target(InMemoryTarget.create()).renderers(Renderers.plainYaml())
                .backgroundScheduling(false).build();
    }

    @AfterEach
    void stop() {
        reconciler.close();
    }

    private static Application app(String name, SourceSpec source, RenderSpec render) {
        return Application.builder(name).source(source).renderer(render).targetNamespace("shop")
                .syncPolicy(SyncPolicy.automated().withInterval(Duration.ofHours(1))).build();
    }

    @Test
    @DisplayName("EN-05 an Application naming a renderer nobody registered is refused at register(), with the fix")
    void missingRendererIsRefusedAtRegister() {
        assertThatThrownBy(() -> reconciler.register(app("shop", SourceSpec.local(dir), RenderSpec.kustomize())))
                .isInstanceOfSatisfying(InvalidSpecException.class,
                        e -> assertThat(e.field()).isEqualTo("render.renderer"))
                .hasMessageContaining("no renderer named 'kustomize' is registered (registered: [plain])")
                .hasMessageContaining("GitOps.reconciler().renderers(Renderers.kustomize())");
        assertThat(reconciler.applications()).isEmpty();
    }

    @Test
    @DisplayName("EN-05 a URL scheme no registered source serves is refused at register(), naming the scheme")
    void unknownSchemeIsRefusedAtRegister() {
        assertThatThrownBy(() -> reconciler.register(app("shop",
                SourceSpec.git("s3://bucket/deploy", "main", "shop"), RenderSpec.plainYaml())))
                .isInstanceOfSatisfying(InvalidSpecException.class,
                        e -> assertThat(e.field()).isEqualTo("source.url"))
                .hasMessageContaining("no registered source serves URL scheme 's3'")
                .hasMessageContaining("GitOps.reconciler().source(..)");
        assertThat(reconciler.applications()).isEmpty();
    }

    @Test
    @DisplayName("EN-05 a local Git repository without a GitSource allowing file: URLs is refused with the fix, "
            + "without the host path")
    void localGitRepositoryIsRefusedWithTheFix() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("deploy"));
        Files.createDirectories(repo.resolve(".git"));

        assertThatThrownBy(() -> reconciler.register(app("shop", SourceSpec.git(repo.toUri().toString(), "main", ""),
                RenderSpec.plainYaml())))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("scheme 'file'")
                .hasMessageContaining("GitSource.builder().allowFileUrls(true)")
                .hasMessageNotContaining(dir.toString());
    }

    @Test
    @DisplayName("EN-05 a refused re-registration leaves the registered Application as it was; others continue")
    void refusedReplacementKeepsTheRegisteredApplication() throws Exception {
        Files.writeString(dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n");
        Application good = app("shop", SourceSpec.local(dir), RenderSpec.plainYaml());
        reconciler.register(good);

        assertThatThrownBy(() -> reconciler.register(app("shop", SourceSpec.local(dir), RenderSpec.helm(
                HelmOptions.release("shop")))))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("Renderers.helm()");

        assertThat(reconciler.applications()).containsExactly(good);
        assertThat(reconciler.reconcileNow("shop").get(30, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.SYNCED);
    }

    @Test
    void gitUrlsAreAcceptedWithoutRegisteringAGitSource() {
        reconciler.register(app("https", SourceSpec.git("https://git.example.com/deploy.git", "main", "shop"),
                RenderSpec.plainYaml()));
        reconciler.register(app("ssh", SourceSpec.git("git@git.example.com:team/deploy.git", "v1.2.0", ""),
                RenderSpec.plainYaml()));
        reconciler.register(app("git", SourceSpec.git("git://127.0.0.1:9/deploy", "main", ""),
                RenderSpec.plainYaml()));

        assertThat(reconciler.applications()).extracting(Application::name).containsExactly("git", "https", "ssh");
    }
}
