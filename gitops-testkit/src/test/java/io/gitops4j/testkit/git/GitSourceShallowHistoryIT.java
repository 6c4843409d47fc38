package io.gitops4j.testkit.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.git.GitSource;
import io.gitops4j.core.git.HistoryRewrite;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** GS-10 in shallow mode: a bounded window of history is fetched when a followed ref moves. */
@Timeout(120)
class GitSourceShallowHistoryIT extends GitFixturesPerClass {
    static String commits(TestRepo repo, String prefix, int n) {
        String last = null;
        for (int i = 0; i < n; i++) {
            last = repo.commit(prefix + i).add("app/" + prefix + ".yaml", "n: " + i + "\n").create();
        }
        return last;
    }

    @Test
    @DisplayName("GS-10 shallow: fast-forward passes, force push and going back are detected, a huge push is UNVERIFIED")
    void shallowRewrites() {
        TestRepo repo = git.repo("shallow");
        commits(repo, "base", 3);
        SourceSpec spec = SourceSpec.git(git.daemon().url(repo.name()), "main", "");
        List<HistoryRewrite> seen = new CopyOnWriteArrayList<>();
        try (GitSource source = GitSource.builder().cacheDirectory(git.newDirectory("cache")).shallow(true)
                .onHistoryRewrite(seen::add).build()) {
            source.resolve(spec);
            String ff = commits(repo, "ff", 5);
            assertThat(source.resolve(spec).id()).isEqualTo(ff);
            assertThat(seen).as("a fast-forward of 5 commits is no rewrite").isEmpty();

            repo.commit("orphan root").orphan().add("app/cm.yaml", "kind: ConfigMap\n").create();
            String orphanHead = repo.commit("orphan 2").add("app/x.yaml", "x: 1\n").create();
            assertThat(source.resolve(spec).id()).isEqualTo(orphanHead);
            assertThat(seen).singleElement().extracting(HistoryRewrite::kind).isEqualTo(HistoryRewrite.Kind.FORCE_PUSH);

            String back = parentOf(repo, orphanHead);
            repo.reset("main", back);
            assertThat(source.resolve(spec).id()).isEqualTo(back);
            assertThat(seen).hasSize(2).last().extracting(HistoryRewrite::kind)
                    .isEqualTo(HistoryRewrite.Kind.WENT_BACK);

            String far = commits(repo, "far", 150);
            assertThat(source.resolve(spec).id()).isEqualTo(far);
            assertThat(seen).hasSize(3).last().extracting(HistoryRewrite::kind)
                    .isEqualTo(HistoryRewrite.Kind.UNVERIFIED);
            String near = commits(repo, "near", 10);
            source.resolve(spec);
            assertThat(seen).as("back within the window: a plain fast-forward").hasSize(3);
            assertThat(near).isNotNull();
        }
    }

    @Test
    @DisplayName("GS-10 shallow with REFUSE: a force push fails the resolve with POLICY, the previous commit kept")
    void shallowRefuse() {
        TestRepo repo = git.repo("shallow-refuse");
        commits(repo, "base", 2);
        SourceSpec spec = SourceSpec.git(git.daemon().url(repo.name()), "main", "");
        try (GitSource source = GitSource.builder().cacheDirectory(git.newDirectory("cache")).shallow(true)
                .historyPolicy(HistoryRewrite.Policy.REFUSE).build()) {
            Revision good = source.resolve(spec);
            repo.commit("rewritten").orphan().add("app/cm.yaml", "kind: ConfigMap\n").create();
            try {
                source.resolve(spec);
                throw new AssertionError("expected POLICY");
            } catch (SourceException e) {
                assertThat(e.reason()).isEqualTo(Reason.POLICY);
                assertThat(e.getMessage()).contains("force-pushed");
            }
            assertThat(source.lastRewrite(spec)).map(HistoryRewrite::previous).contains(good.id());
        }
    }

    static String parentOf(TestRepo repo, String commit) {
        try (org.eclipse.jgit.revwalk.RevWalk w = new org.eclipse.jgit.revwalk.RevWalk(repo.repository())) {
            return w.parseCommit(org.eclipse.jgit.lib.ObjectId.fromString(commit)).getParent(0).name();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
