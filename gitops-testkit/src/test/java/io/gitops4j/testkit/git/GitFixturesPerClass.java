package io.gitops4j.testkit.git;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.gitops4j.api.source.SourceException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What the Git integration tests of this package share: one {@link GitFixtures} per test class in {@link #git},
 * created before the class's first test (and before its own {@code @BeforeAll} methods) and closed after its last;
 * {@link #newRepo()} and {@link #fails}. The field is static and shared by every subclass, so subclasses must not run
 * concurrently with each other (this build runs test classes one at a time). Not thread-safe.
 */
abstract class GitFixturesPerClass {
    static GitFixtures git;
    private static int repos;

    @BeforeAll
    static void createGitFixtures() {
        git = GitFixtures.create();
    }

    @AfterAll
    static void closeGitFixtures() {
        git.close();
    }

    /** @return a new repository ({@code repo-N}) whose one commit, "base", holds {@code app/cm.yaml}, a bare ConfigMap */
    static TestRepo newRepo() {
        TestRepo r = git.repo("repo-" + (++repos));
        r.commit("base").add("app/cm.yaml", "kind: ConfigMap\n").create();
        return r;
    }

    /**
     * @return the {@link SourceException} {@code call} throws
     * @throws AssertionError when it returns normally or throws anything else
     */
    static SourceException fails(ThrowingCallable call) {
        return assertThatExceptionOfType(SourceException.class).isThrownBy(call).actual();
    }
}
