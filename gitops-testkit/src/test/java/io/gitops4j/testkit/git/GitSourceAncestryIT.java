package io.gitops4j.testkit.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.git.GitSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code GitSource.isAncestor}, which {@code awaitDeployed} asks whether a pass at one commit deployed another
 * (EN-15): answered from the mirror, without the network; a commit the mirror lacks is not known to be an ancestor.
 */
@Timeout(60)
class GitSourceAncestryIT {
    @Test
    @DisplayName("EN-15 ancestry from the mirror: a parent is an ancestor, a child or a sibling branch's commit is not, an unknown commit is not")
    void ancestryFromTheMirror() {
        try (GitFixtures git = GitFixtures.create()) {
            TestRepo repo = git.repo("history");
            String first = repo.commit("first").add("app/a.yaml", "a: 1\n").create();
            String second = repo.commit("second").add("app/a.yaml", "a: 2\n").create();
            String sibling = repo.commit("sibling").on("feature").parent(first).add("app/b.yaml", "b: 1\n").create();
            String url = git.daemon().url(repo.name());
            SourceSpec main = SourceSpec.git(url, "main", "");
            try (GitSource source = GitSource.builder().cacheDirectory(git.newDirectory("cache")).build()) {
                source.resolve(main);
                source.resolve(SourceSpec.git(url, "feature", ""));
                int fetches = source.stats().fetches();

                assertThat(source.isAncestor(main, first, second)).isTrue();
                assertThat(source.isAncestor(main, second, second)).isTrue();
                assertThat(source.isAncestor(main, second, first)).isFalse();
                assertThat(source.isAncestor(main, sibling, second)).isFalse();
                assertThat(source.isAncestor(main, first, sibling)).isTrue();
                assertThat(source.isAncestor(main, "f".repeat(40), second)).isFalse();
                assertThat(source.stats().fetches()).as("no network").isEqualTo(fetches);
            }
        }
    }
}
