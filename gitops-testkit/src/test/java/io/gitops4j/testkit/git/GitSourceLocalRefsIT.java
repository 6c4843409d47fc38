package io.gitops4j.testkit.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.git.GitSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.StoredConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * GS-24: the ref check of a {@code file:} repository reads its refs in place, with the repository kept open between
 * checks; every check still answers the refs as they are on disk at that moment, whoever wrote them and however soon
 * after the previous check.
 */
@Timeout(120)
class GitSourceLocalRefsIT extends GitFixturesPerClass {
    static GitSource source() {
        return GitSource.builder().cacheDirectory(git.newDirectory("cache")).allowFileUrls(true).build();
    }

    static void runGit(Path dir, String... args) throws IOException, InterruptedException {
        Path gitTool = ToolCheck.require("git", "git");
        String[] command = Stream.concat(Stream.of(gitTool.toString(), "-C", dir.toString()), Stream.of(args))
                .toArray(String[]::new);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", args) + ": " + out).isZero();
    }

    @Test
    @DisplayName("GS-24 a commit made right after a check is seen by the next check, every time")
    void gs24ACommitRightAfterACheckIsSeen() {
        TestRepo repo = newRepo();
        SourceSpec spec = SourceSpec.git(repo.fileUrl(), "main", "app");
        try (GitSource source = source()) {
            for (int i = 0; i < 40; i++) {
                assertThat(source.resolve(spec, System.nanoTime()).id()).isEqualTo(repo.head("main").orElseThrow());
                String next = repo.commit("c" + i).add("app/cm.yaml", "kind: ConfigMap\ndata: {i: \"" + i + "\"}\n")
                        .create();
                assertThat(source.resolve(spec, System.nanoTime()).id()).as("check %d", i).isEqualTo(next);
            }
            assertThat(source.stats().lsRemotes()).as("each resolve checked anew").isEqualTo(80);
        }
    }

    @Test
    @DisplayName("GS-24 refs packed, moved over a packed ref and deleted by git are seen as they are now")
    void gs24PackedMovedAndDeletedRefsAreSeen() throws Exception {
        TestRepo repo = newRepo();
        String c1 = repo.head("main").orElseThrow();
        SourceSpec main = SourceSpec.git(repo.fileUrl(), "main", "");
        SourceSpec side = SourceSpec.git(repo.fileUrl(), "side", "");
        try (GitSource source = source()) {
            assertThat(source.resolve(main).id()).isEqualTo(c1);
            repo.branch("side", c1);
            assertThat(source.resolve(side).id()).as("a new branch").isEqualTo(c1);
            runGit(repo.directory(), "pack-refs", "--all");
            assertThat(repo.directory().resolve("refs/heads/main")).doesNotExist();
            assertThat(source.resolve(main).id()).as("packed").isEqualTo(c1);
            String c2 = repo.commit("c2").add("b.yaml", "b: 1\n").create();
            assertThat(source.resolve(main).id()).as("a loose ref over the packed one").isEqualTo(c2);
            runGit(repo.directory(), "update-ref", "refs/heads/side", c2);
            assertThat(source.resolve(side).id()).as("moved by git").isEqualTo(c2);
            runGit(repo.directory(), "pack-refs", "--all");
            runGit(repo.directory(), "update-ref", "-d", "refs/heads/side");
            SourceException gone = fails(() -> source.resolve(side));
            assertThat(gone.reason()).as("a packed branch deleted").isEqualTo(Reason.NOT_FOUND);
            assertThat(source.resolve(main).id()).isEqualTo(c2);
        }
    }

    @Test
    @DisplayName("GS-24 hidden refs stay hidden as the repository's upload-pack hides them, from the next check on")
    void gs24HiddenRefsStayHidden() throws Exception {
        TestRepo repo = newRepo();
        String c1 = repo.head("main").orElseThrow();
        repo.branch("secret", c1);
        SourceSpec secret = SourceSpec.git(repo.fileUrl(), "secret", "");
        try (GitSource source = source()) {
            assertThat(source.resolve(secret).id()).isEqualTo(c1);
            StoredConfig config = repo.repository().getConfig();
            config.setStringList("uploadpack", null, "hideRefs", java.util.List.of("refs/heads/secret"));
            config.save();
            assertThat(fails(() -> source.resolve(secret)).reason()).isEqualTo(Reason.NOT_FOUND);
            assertThat(source.resolve(SourceSpec.git(repo.fileUrl(), "main", "")).id()).isEqualTo(c1);
        }
    }

    @Test
    @DisplayName("GS-24 an annotated tag is peeled to its commit, and a tag moved to another commit is followed")
    void gs24AnnotatedTagIsPeeled() {
        TestRepo repo = newRepo();
        String c1 = repo.head("main").orElseThrow();
        repo.annotatedTag("v1", c1, "release 1", null);
        SourceSpec v1 = SourceSpec.git(repo.fileUrl(), "v1", "");
        try (GitSource source = source()) {
            assertThat(source.resolve(v1).id()).isEqualTo(c1);
            String c2 = repo.commit("c2").add("b.yaml", "b: 1\n").create();
            repo.annotatedTag("v1", c2, "release 1 again", null);
            assertThat(source.resolve(v1).id()).isEqualTo(c2);
        }
    }

    @Test
    @DisplayName("GS-24 a repository gone answers as the transport does; one put back at its path is read afresh")
    void gs24ARepositoryGoneOrReplaced() throws IOException {
        TestRepo repo = newRepo();
        SourceSpec spec = SourceSpec.git(repo.fileUrl(), "main", "");
        Path moved = repo.directory().resolveSibling(repo.directory().getFileName() + ".moved");
        try (GitSource source = source()) {
            String c1 = source.resolve(spec).id();
            Files.move(repo.directory(), moved);
            SourceException gone = fails(() -> source.resolve(spec));
            SourceException fresh;
            try (GitSource other = source()) {
                fresh = fails(() -> other.resolve(spec));
            }
            assertThat(gone.reason()).isEqualTo(fresh.reason()).isNotEqualTo(Reason.INVALID_REF);
            assertThat(gone.getMessage()).isEqualTo(fresh.getMessage());
            TestRepo other = git.repo("localrefs-other");
            String elsewhere = other.commit("elsewhere").add("x.yaml", "x: 1\n").create();
            Files.move(other.directory(), repo.directory());
            assertThat(source.resolve(spec).id()).as("another repository at the same path").isEqualTo(elsewhere)
                    .isNotEqualTo(c1);
        } finally {
            deleteTree(moved);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
