package io.gitops4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.testkit.git.GitFixtures;
import io.gitops4j.testkit.git.HttpGitServer;
import io.gitops4j.testkit.git.TestRepo;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code ./gitops4j source} against smart HTTP with basic auth (lighttpd): credentials from the environment. */
class SourceCommandIT {
    static final String TOKEN = "CANARY-TOKEN-cli-4242";
    static GitFixtures git;
    static TestRepo repo;
    static HttpGitServer http;

    @BeforeAll
    static void setUp() {
        git = GitFixtures.create();
        repo = git.repo("cli");
        repo.commit("base").add("app/cm.yaml", "kind: ConfigMap\n").create();
        http = git.http("alice", "right-password");
    }

    @AfterAll
    static void tearDown() {
        git.close();
    }

    @Test
    @DisplayName("GS-07 a wrong GITOPS4J_GIT_TOKEN is UNAUTHORIZED, exit 1, and the token appears in no output")
    void wrongToken() {
        Map<String, String> env = Map.of("GITOPS4J_GIT_TOKEN", TOKEN, "GITOPS4J_GIT_USERNAME", "alice");
        for (String cmd : new String[] {"resolve", "ls", "cat"}) {
            CliRun r = "cat".equals(cmd)
                    ? CliRun.of(env, "source", cmd, "--repo", http.url("cli"), "--allow-insecure-http", "--path", "x")
                    : CliRun.of(env, "source", cmd, "--repo", http.url("cli"), "--allow-insecure-http");
            assertThat(r.exit()).as(r.all()).isEqualTo(1);
            assertThat(r.err()).startsWith("error: UNAUTHORIZED: ");
            assertThat(r.all()).doesNotContain(TOKEN).doesNotContain("c2VjcmV0");
        }
    }

    @Test
    @DisplayName("GS-07 without --allow-insecure-http the token is not sent over http: exit 1, POLICY, no token")
    void plainHttpRefused() {
        CliRun r = CliRun.of(Map.of("GITOPS4J_GIT_TOKEN", TOKEN), "source", "resolve", "--repo", http.url("cli"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: POLICY: ").contains("unencrypted http");
        assertThat(r.all()).doesNotContain(TOKEN);
    }

    @Test
    @DisplayName("the right credentials from the environment resolve and read the repository")
    void rightCredentials() {
        Map<String, String> env = Map.of("GITOPS4J_GIT_USERNAME", "alice", "GITOPS4J_GIT_PASSWORD", "right-password");
        CliRun r = CliRun.of(env, "source", "cat", "--repo", http.url("cli"), "--allow-insecure-http", "--path",
                "app/cm.yaml");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("kind: ConfigMap\n");
        assertThat(r.all()).doesNotContain("right-password");
    }
}
