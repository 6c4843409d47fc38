package io.gitops4j.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Application;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.source.Ref;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.core.target.InMemoryTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PushTriggerTest {
    @TempDir
    Path repo;

    @Test
    void repositoriesMatchAcrossSchemesAndRefsByKind() {
        SourceSpec branch = SourceSpec.git("https://git.example.com/shop/deploy.git", "branch:main", "");
        assertThat(PushMatcher.matches(branch, "ssh://git@git.example.com:22/shop/deploy", "refs/heads/main")).isTrue();
        assertThat(PushMatcher.matches(branch, "https://GIT.example.com/shop/deploy/", "refs/heads/main")).isTrue();
        assertThat(PushMatcher.matches(branch, "https://git.example.com/shop/deploy.git", "refs/heads/dev")).isFalse();
        assertThat(PushMatcher.matches(branch, "https://git.example.com/shop/other.git", "refs/heads/main")).isFalse();
        assertThat(PushMatcher.matches(branch, "not a url", "refs/heads/main")).isFalse();

        SourceSpec semver = branch.withRef(Ref.semver("^1"));
        assertThat(PushMatcher.matches(semver, "https://git.example.com/shop/deploy.git", "refs/tags/v1.4.0")).isTrue();
        assertThat(PushMatcher.matches(semver, "https://git.example.com/shop/deploy.git", "refs/heads/main")).isFalse();
        SourceSpec commit = branch.withRef(Ref.commit("0123456789abcdef0123456789abcdef01234567"));
        assertThat(PushMatcher.matches(commit, "https://git.example.com/shop/deploy.git", "refs/heads/main")).isFalse();
        SourceSpec auto = SourceSpec.git("https://git.example.com/shop/deploy.git", "release", "");
        assertThat(PushMatcher.matches(auto, "https://git.example.com/shop/deploy.git", "refs/tags/release")).isTrue();
    }

    @Test
    @DisplayName("EN-07 a push triggers the matching Application at once, skipping its interval")
    void pushTriggersOnlyMatchingApplications() throws Exception {
        Files.writeString(repo.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
        LinkedBlockingQueue<ReconcileResult> results = new LinkedBlockingQueue<>();
        try (Reconciler r = GitOps.reconciler().target(InMemoryTarget.create()).renderers(Renderers.plainYaml())
                .build()) {
            r.addListener(results::add);
            SourceSpec local = SourceSpec.local(repo);
            r.register(Application.builder("shop").source(local).targetNamespace("shop")
                    .syncPolicy(SyncPolicy.manual().withInterval(Duration.ofHours(24))).build());
            r.register(Application.builder("other").source(SourceSpec.git("https://git.example.com/x.git", "main", ""))
                    .targetNamespace("shop").syncPolicy(SyncPolicy.manual().withInterval(Duration.ofHours(24))).build());

            assertThat(r.onPush(local.url(), "refs/heads/local")).containsExactly("shop");
            ReconcileResult result = results.poll(30, TimeUnit.SECONDS);

            assertThat(result).isNotNull();
            assertThat(result.application()).isEqualTo("shop");
            assertThat(r.onPush("https://git.example.com/x.git", "refs/heads/dev")).isEmpty();
        }
    }
}
