package io.gitops4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.testkit.git.GitFixtures;
import io.gitops4j.testkit.git.TestRepo;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code ./gitops4j source resolve|ls|cat} in process against a {@code file://} fixture repository. */
class SourceCommandTest {
    static GitFixtures git;
    static TestRepo repo;
    static String head;

    @BeforeAll
    static void setUp() {
        git = GitFixtures.create();
        repo = git.repo("cli");
        repo.commit("base").add("app/cm.yaml", "kind: ConfigMap\n").add("app/deploy.yaml", "kind: Deployment\n")
                .create();
        head = repo.commit("links").symlink("passwd", "/etc/passwd")
                .symlink("loop/a", "b").symlink("loop/b", "a").symlink("loop/self", ".")
                .symlink("loop/out", "../../etc").symlink("loop/cm.yaml", "../app/cm.yaml")
                .symlink("loop/appdir", "../app").symlink("loop/gone", "missing.yaml").create();
    }

    @AfterAll
    static void tearDown() {
        git.close();
    }

    @Test
    @DisplayName("source resolve prints the full ref and commit id, exit 0")
    void resolve() {
        CliRun r = CliRun.of("source", "resolve", "--repo", repo.fileUrl(), "--ref", "main");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().trim()).isEqualTo("refs/heads/main " + head);
        assertThat(r.err()).isEmpty();
    }

    @Test
    @DisplayName("source ls lists every entry with type and size; source cat prints one file")
    void lsAndCat() {
        CliRun ls = CliRun.of("source", "ls", "--repo", repo.fileUrl(), "--path", "app");
        assertThat(ls.exit()).as(ls.err()).isZero();
        assertThat(ls.out().lines().toList()).hasSize(2).anySatisfy(l -> assertThat(l)
                .matches("file\\s+16\\s+app/cm\\.yaml"));
        CliRun cat = CliRun.of("source", "cat", "--repo", repo.fileUrl(), "--path", "app/deploy.yaml");
        assertThat(cat.exit()).as(cat.err()).isZero();
        assertThat(cat.out()).isEqualTo("kind: Deployment\n");
    }

    @Test
    @DisplayName("GS-21 source ls of a directory with a link loop and an out-of-tree link lists every entry, exit 0")
    void lsMarksRefusedLinks() {
        CliRun ls = CliRun.of("source", "ls", "--repo", repo.fileUrl(), "--path", "loop");
        assertThat(ls.exit()).as(ls.all()).isZero();
        assertThat(ls.err()).isEmpty();
        assertThat(ls.out().lines().toList()).satisfiesExactly(
                l -> assertThat(l).matches("symlink\\s+-  loop/a  \\(refused: .*(loop|chain).*\\)"),
                l -> assertThat(l).matches("file\\s+16  loop/appdir/cm\\.yaml"),
                l -> assertThat(l).matches("file\\s+17  loop/appdir/deploy\\.yaml"),
                l -> assertThat(l).matches("symlink\\s+-  loop/b  \\(refused: .*(loop|chain).*\\)"),
                l -> assertThat(l).matches("file\\s+16  loop/cm\\.yaml"),
                l -> assertThat(l).matches("symlink\\s+-  loop/gone  \\(dangling: its target is not in the tree\\)"),
                l -> assertThat(l).matches("symlink\\s+-  loop/out  \\(refused: a symbolic link leaves the tree\\)"),
                l -> assertThat(l).matches("symlink\\s+-  loop/self  \\(refused: .*loop.*\\)"));
        assertThat(ls.out()).as("no link target is revealed").doesNotContain("etc").doesNotContain("../")
                .doesNotContain("missing.yaml");

        CliRun root = CliRun.of("source", "ls", "--repo", repo.fileUrl());
        assertThat(root.exit()).as(root.all()).isZero();
        assertThat(root.out()).contains("app/cm.yaml").containsPattern("symlink\\s+-  passwd  \\(refused: ")
                .doesNotContain("/etc");

        for (String path : List.of("loop/a", "loop/b", "loop/out/passwd")) {
            CliRun cat = CliRun.of("source", "cat", "--repo", repo.fileUrl(), "--path", path);
            assertThat(cat.exit()).as(path + ": reading a refused link stays an error").isEqualTo(1);
            assertThat(cat.err()).startsWith("error: PATH_ESCAPE: ");
        }
    }

    @Test
    @DisplayName("GS-01 cat through a symlink out of the tree: exit 1, error: PATH_ESCAPE, target not named")
    void pathEscape() {
        for (String path : List.of("passwd", "../../etc/passwd")) {
            CliRun r = CliRun.of("source", "cat", "--repo", repo.fileUrl(), "--path", path);
            assertThat(r.exit()).as(r.all()).isEqualTo(1);
            assertThat(r.err()).startsWith("error: PATH_ESCAPE: ").doesNotContain("root:");
            if (path.equals("passwd")) {
                assertThat(r.err()).as("the link target is not named").doesNotContain("/etc");
            }
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    @DisplayName("GS-07 ext::, -oProxyCommand, control characters and credentials in the URL: exit 1, error: POLICY")
    void policy() {
        for (String url : List.of("ext::sh -c touch% /tmp/pwned", "ssh://-oProxyCommand=touch%20x/r.git",
                "-oProxyCommand=touch:x", "https://example.com/r.git\n--upload-pack=x", "https://example.com/r\u0007",
                "https://alice:CANARY-TOKEN-url-1@example.com/r.git", "fd::3")) {
            CliRun r = CliRun.of("source", "resolve", "--repo=" + url);
            assertThat(r.exit()).as(url + " -> " + r.all()).isEqualTo(1);
            assertThat(r.err()).as(url).startsWith("error: POLICY: ").doesNotContain("CANARY-TOKEN");
            assertThat(r.err().lines().count()).isEqualTo(1);
        }
        CliRun ref = CliRun.of("source", "resolve", "--repo", repo.fileUrl(), "--ref", "refs/../x");
        assertThat(ref.exit()).isEqualTo(1);
        assertThat(ref.err()).startsWith("error: INVALID_REF: ");
    }

    @Test
    @DisplayName("bad usage (missing --repo, unknown subcommand or option) exits 2")
    void usage() {
        assertThat(CliRun.of("source", "resolve").exit()).isEqualTo(2);
        assertThat(CliRun.of("source", "fetch", "--repo", repo.fileUrl()).exit()).isEqualTo(2);
        assertThat(CliRun.of("source", "cat", "--repo", repo.fileUrl()).exit()).as("--path is required").isEqualTo(2);
        assertThat(CliRun.of("source", "ls", "--repo", repo.fileUrl(), "--nope").exit()).isEqualTo(2);
    }
}
