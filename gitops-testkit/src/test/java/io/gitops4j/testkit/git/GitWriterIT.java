package io.gitops4j.testkit.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.git.GitCredential;
import io.gitops4j.core.git.GitCredentials;
import io.gitops4j.core.git.GitSource;
import io.gitops4j.core.git.GitWriter;
import io.gitops4j.core.git.GitWriter.Change;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Write-back: commits with adds, changes and deletes, tags, reverts, and concurrent writers (CAS + retry). */
class GitWriterIT extends GitFixturesPerClass {
    static final PersonIdent BOT = new PersonIdent("gitops4j", "bot@example.com");

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("commit adds, changes and deletes files atomically on a branch (git://)")
    void commitOverGitProtocol() {
        TestRepo repo = git.repo("w1");
        repo.commit("base").add("a.yaml", "a: 1\n").add("gone.yaml", "x\n").create();
        String url = git.daemon().url("w1");
        try (GitSource source = GitSource.builder().cacheDirectory(git.newDirectory("cache")).build()) {
            GitWriter writer = source.writer();
            Revision r = writer.commit(url, "main", List.of(Change.put("a.yaml", utf8("a: 2\n")),
                    Change.put("new/b.yaml", utf8("b: 1\n")), Change.delete("gone.yaml")), "update", BOT);
            assertThat(repo.head("main")).contains(r.id());
            SourceSpec spec = SourceSpec.git(url, "main", "");
            try (Snapshot s = source.open(spec, source.resolve(spec))) {
                assertThat(s.read("a.yaml")).asString().isEqualTo("a: 2\n");
                assertThat(s.read("new/b.yaml")).asString().isEqualTo("b: 1\n");
                assertThat(s.exists("gone.yaml")).isFalse();
            }
            Revision same = writer.commit(url, "main", List.of(Change.put("a.yaml", utf8("a: 2\n"))), "noop", BOT);
            assertThat(same.id()).as("no change, no commit").isEqualTo(r.id());
            assertThatThrownBy(() -> Change.put(".git/config", utf8("x"))).isInstanceOf(SourceException.class);
        }
    }

    @Test
    @DisplayName("concurrent writers: compare-and-swap on the branch head, retried, no update lost (file://)")
    void concurrentWriters() throws Exception {
        TestRepo repo = git.repo("w2");
        String base = repo.commit("base").add("a.yaml", "a\n").create();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (GitSource source = GitSource.builder().cacheDirectory(git.newDirectory("cache")).allowFileUrls(true)
                .build()) {
            GitWriter writer = source.writer();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Revision>> done = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    start.await();
                    return writer.commit(repo.fileUrl(), "main", List.of(Change.put("f" + n + ".yaml",
                            utf8("n: " + n + "\n"))), "writer " + n, BOT);
                }));
            }
            start.countDown();
            for (Future<Revision> f : done) {
                f.get();
            }
            try (RevWalk walk = new RevWalk(repo.repository())) {
                walk.markStart(walk.parseCommit(repo.repository().resolve("refs/heads/main")));
                int commits = 0;
                for (RevCommit c : walk) {
                    commits++;
                    assertThat(c.getParentCount()).isLessThanOrEqualTo(1);
                }
                assertThat(commits).as("base + 4 linear commits").isEqualTo(5);
            }
            SourceSpec spec = SourceSpec.git(repo.fileUrl(), "main", "");
            try (Snapshot s = source.open(spec, source.resolve(spec))) {
                for (int i = 0; i < 4; i++) {
                    assertThat(s.read("f" + i + ".yaml")).asString().isEqualTo("n: " + i + "\n");
                }
            }
            assertThat(base).isNotBlank();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("a push racing with another pusher is rebuilt on the new head (CAS retry)")
    void casRetry() throws Exception {
        TestRepo repo = git.repo("w3");
        repo.commit("base").add("a.yaml", "a\n").create();
        try (GitSource source = GitSource.builder().cacheDirectory(git.newDirectory("cache")).allowFileUrls(true)
                .build()) {
            SourceSpec spec = SourceSpec.git(repo.fileUrl(), "main", "");
            source.resolve(spec);
            String theirs = repo.commit("someone else").add("theirs.yaml", "t\n").create();
            Revision ours = source.writer().commit(repo.fileUrl(), "main",
                    List.of(Change.put("ours.yaml", utf8("o\n"))), "ours", BOT);
            try (RevWalk walk = new RevWalk(repo.repository())) {
                assertThat(walk.parseCommit(org.eclipse.jgit.lib.ObjectId.fromString(ours.id())).getParent(0).name())
                        .isEqualTo(theirs);
            }
        }
    }

    @Test
    @DisplayName("tags are created once; a revert undoes a commit; a conflicting revert is CONFLICT (smart HTTP)")
    void tagsAndReverts() {
        TestRepo repo = git.repo("w4");
        repo.commit("base").add("a.yaml", "a: 1\n").create();
        String bad = repo.commit("bad").add("a.yaml", "a: 2\n").add("b.yaml", "b\n").create();
        HttpGitServer http = git.http("alice", "CANARY-TOKEN-writer");
        String url = http.url("w4");
        try (GitSource source = GitSource.builder().cacheDirectory(git.newDirectory("cache"))
                .allowCredentialsOverPlainHttp(true)
                .credentials(GitCredentials.always(() -> new GitCredential.UsernamePassword("alice",
                        "CANARY-TOKEN-writer"))).build()) {
            GitWriter writer = source.writer();
            Revision tag = writer.tag(url, "v1.0.0", bad, "release", BOT);
            assertThat(repo.id("refs/tags/v1.0.0")).isPresent();
            assertThat(tag.id()).isEqualTo(bad);
            assertThatThrownBy(() -> writer.tag(url, "v1.0.0", bad, "again", BOT))
                    .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONFLICT));
            Revision reverted = writer.revert(url, "main", bad, "Revert bad", BOT);
            SourceSpec spec = SourceSpec.git(url, "main", "");
            try (Snapshot s = source.open(spec, source.resolve(spec))) {
                assertThat(source.resolve(spec)).isEqualTo(reverted);
                assertThat(s.read("a.yaml")).asString().isEqualTo("a: 1\n");
                assertThat(s.exists("b.yaml")).isFalse();
            }
            String edit = repo.commit("edit").add("a.yaml", "a: 3\n").create();
            repo.commit("edit2").add("x.yaml", "x\n").create();
            String bad2 = repo.commit("bad2").add("a.yaml", "a: 4\n").create();
            repo.commit("later").add("a.yaml", "a: 5\n").create();
            assertThatThrownBy(() -> writer.revert(url, "main", bad2, "Revert bad2", BOT))
                    .isInstanceOfSatisfying(SourceException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.CONFLICT);
                        assertThat(e.getMessage()).doesNotContain("CANARY-TOKEN");
                    });
            assertThat(edit).isNotBlank();
        }
    }
}
