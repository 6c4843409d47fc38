package io.gitops4j.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Application;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.git.GitSource;
import io.gitops4j.core.git.GitUrl;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.core.target.InMemoryTarget;
import io.gitops4j.testkit.git.GitFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Who closes what: {@code GitOps.reconciler()} comes with a Git source it owns and closes (its temporary mirror
 * directory goes with {@code close()}), while a {@link GitSource} the host passes replaces it and stays the host's.
 */
class ReconcilerOwnershipTest {
    private GitFixtures git;
    private String url;

    @BeforeEach
    void repository() {
        git = GitFixtures.create();
        git.repo("deploy").commit("v1").add("shop/settings.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  greeting: hello\n").create();
        url = git.daemon().url("deploy");
    }

    @AfterEach
    void close() {
        git.close();
    }

    private Application shop() {
        return Application.builder("shop").source(SourceSpec.git(url, "main", "shop")).targetNamespace("shop")
                .syncPolicy(SyncPolicy.automated()).build();
    }

    /** The temporary directories named gitops4j-git-* that hold the mirror of {@link #url}. */
    private List<Path> mirrorDirectoriesOfThisRepository() throws Exception {
        String mirror = GitUrl.parse(url, false).mirrorName();
        try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return tmp.filter(p -> p.getFileName().toString().startsWith("gitops4j-git-"))
                    .filter(p -> Files.isDirectory(p.resolve(mirror))).toList();
        }
    }

    @Test
    @DisplayName("EN-11 the built-in Git source reconciles a git:// URL and close() deletes its mirror directory")
    void builtInGitSourceIsOwnedAndClosedByTheReconciler() throws Exception {
        List<Path> mirrors;
        try (Reconciler reconciler = GitOps.reconciler().target(InMemoryTarget.create())
                .renderers(Renderers.plainYaml()).backgroundScheduling(false).build()) {
            reconciler.register(shop());
            ReconcileResult result = reconciler.reconcileNow("shop").get(1, TimeUnit.MINUTES);

            assertThat(result.outcome()).as("%s", result.error()).isEqualTo(Outcome.SYNCED);
            mirrors = mirrorDirectoriesOfThisRepository();
            assertThat(mirrors).hasSize(1);
        }
        assertThat(mirrors.get(0)).as("the built-in Git source's temporary directory after close()").doesNotExist();
    }

    @Test
    void aGitSourceTheHostPassesInReplacesTheBuiltInOneAndStaysOpen() throws Exception {
        Path cache = git.newDirectory("mirrors");
        try (GitSource hosts = GitSource.builder().cacheDirectory(cache).build()) {
            try (Reconciler reconciler = GitOps.reconciler().source(hosts).target(InMemoryTarget.create())
                    .renderers(Renderers.plainYaml()).backgroundScheduling(false).build()) {
                reconciler.register(shop());
                assertThat(reconciler.reconcileNow("shop").get(1, TimeUnit.MINUTES).outcome())
                        .isEqualTo(Outcome.SYNCED);
            }
            assertThat(hosts.mirrorDirectory(shop().source())).as("the host's cache holds the mirror").isDirectory();
            assertThat(mirrorDirectoriesOfThisRepository()).as("no built-in Git source was used").isEmpty();
            assertThat(hosts.resolve(shop().source()).id()).as("still open after the reconciler closed")
                    .isEqualTo(git.repo("deploy").head("main").orElseThrow());
        }
    }
}
