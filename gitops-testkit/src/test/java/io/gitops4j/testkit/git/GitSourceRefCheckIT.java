package io.gitops4j.testkit.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.git.GitCredential;
import io.gitops4j.core.git.GitCredentials;
import io.gitops4j.core.git.GitSource;
import io.gitops4j.core.git.HistoryRewrite;
import io.gitops4j.core.git.SignaturePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * GS-22: resolves share a ref check only when it began at or after they asked, and reuse what followed an earlier
 * check only while nothing it depends on changed: never across a moved or rewritten ref, another signature policy,
 * revoked credentials or a mirror deleted on disk.
 */
@Timeout(120)
class GitSourceRefCheckIT extends GitFixturesPerClass {
    static final String TOKEN = "CANARY-TOKEN-5ea1ed";

    @Test
    @DisplayName("GS-22 resolves asked before a ref check began share it; one asked later gets a check of its own")
    void gs22ResolvesAskedBeforeACheckBeganShareIt() throws Exception {
        TestRepo repo = newRepo();
        SourceSpec spec = SourceSpec.git(git.daemon().url(repo.name()), "main", "");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try (GitSource source = GitSource.builder().cacheDirectory(git.newDirectory("cache")).build()) {
            long asked = System.nanoTime();
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Revision>> passes = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                passes.add(pool.submit(() -> {
                    go.await();
                    return source.resolve(spec, asked);
                }));
            }
            go.countDown();
            for (Future<Revision> p : passes) {
                assertThat(p.get().id()).isEqualTo(repo.head("main").orElseThrow());
            }
            assertThat(source.stats().lsRemotes()).as("20 resolves asked at one moment").isEqualTo(1);
            source.resolve(spec, asked);
            assertThat(source.stats().lsRemotes()).as("asked before that check began").isEqualTo(1);
            source.resolve(spec);
            assertThat(source.stats().lsRemotes()).as("a plain resolve checks anew").isEqualTo(2);
            source.resolve(spec, System.nanoTime());
            assertThat(source.stats().lsRemotes()).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("GS-22 a resolve asked after a commit sees it, though an earlier check of the same ref was shared")
    void gs22AResolveAskedAfterACommitSeesIt() {
        TestRepo repo = newRepo();
        SourceSpec spec = SourceSpec.git(repo.fileUrl(), "main", "app");
        try (GitSource source = GitSource.builder().cacheDirectory(git.newDirectory("cache")).allowFileUrls(true)
                .build()) {
            long before = System.nanoTime();
            String first = source.resolve(spec, before).id();
            assertThat(source.resolve(spec, before).id()).isEqualTo(first);
            String second = repo.commit("next").add("app/cm.yaml", "kind: ConfigMap\ndata: {}\n").create();
            assertThat(source.resolve(spec, System.nanoTime()).id()).isEqualTo(second);
            assertThat(source.resolve(spec, before).id()).as("the newest check answers older askers").isEqualTo(second);
        }
    }

    @Test
    @DisplayName("GS-22 revoked credentials fail the next resolve asked after them, though the ref did not move")
    void gs22RevokedCredentialsFailTheNextResolve() {
        TestRepo repo = newRepo();
        HttpGitServer http = git.http("alice", TOKEN);
        AtomicReference<String> vault = new AtomicReference<>(TOKEN);
        try (GitSource source = GitSource.builder().cacheDirectory(git.newDirectory("cache"))
                .allowCredentialsOverPlainHttp(true)
                .credentials(GitCredentials.always(() -> new GitCredential.UsernamePassword("alice", vault.get())))
                .build()) {
            SourceSpec spec = SourceSpec.git(http.url(repo.name()), "main", "");
            Revision good = source.resolve(spec, System.nanoTime());
            assertThat(source.resolve(spec, System.nanoTime())).isEqualTo(good);
            vault.set("CANARY-TOKEN-revoked");
            SourceException e = fails(() -> source.resolve(spec, System.nanoTime()));
            assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
            assertThat(e.getMessage()).doesNotContain("CANARY-TOKEN-revoked").doesNotContain(TOKEN);
        }
    }

    @Test
    @DisplayName("GS-22 a ref that went back is detected although the commit it went back to was resolved before")
    void gs22AMoveBackIsDetectedAfterAReusedResolve() {
        TestRepo repo = newRepo();
        String c1 = repo.head("main").orElseThrow();
        SourceSpec spec = SourceSpec.git(repo.fileUrl(), "main", "");
        Path cache = git.newDirectory("cache");
        List<HistoryRewrite> seenByA = new ArrayList<>();
        try (GitSource a = GitSource.builder().cacheDirectory(cache).allowFileUrls(true).onHistoryRewrite(seenByA::add)
                .historyPolicy(HistoryRewrite.Policy.REFUSE).build();
                GitSource b = GitSource.builder().cacheDirectory(cache).allowFileUrls(true).build()) {
            assertThat(a.resolve(spec).id()).isEqualTo(c1);
            assertThat(a.resolve(spec).id()).as("reused").isEqualTo(c1);
            String c2 = repo.commit("c2").add("b.yaml", "b: 1\n").create();
            assertThat(b.resolve(spec).id()).as("another source on the same cache moves on").isEqualTo(c2);
            repo.reset("main", c1);
            SourceException e = fails(() -> a.resolve(spec));
            assertThat(e.reason()).as("c1 resolved before, but the ref went back from c2").isEqualTo(Reason.POLICY);
            assertThat(seenByA).singleElement().extracting(HistoryRewrite::kind)
                    .isEqualTo(HistoryRewrite.Kind.WENT_BACK);
            String forced = repo.commit("rewritten").orphan().add("z.yaml", "z: 1\n").create();
            assertThat(fails(() -> a.resolve(spec)).getMessage()).contains("force-pushed");
            assertThat(forced).isNotEqualTo(c1);
        }
    }

    @Test
    @DisplayName("GS-22 another signature policy verifies the same commit again: a key no longer trusted fails")
    void gs22AnotherSignaturePolicyVerifiesAgain() {
        PgpTestKey trusted = PgpTestKey.generate("Deployer <deploy@example.com>");
        PgpTestKey other = PgpTestKey.generate("Other <other@example.com>");
        TestRepo repo = git.repo("refcheck-signed");
        repo.commit("signed").add("a.yaml", "a: 1\n").signedBy(trusted).create();
        SourceSpec spec = SourceSpec.git(repo.fileUrl(), "main", "");
        AtomicReference<SignaturePolicy> policy = new AtomicReference<>(
                SignaturePolicy.headCommitOpenPgp(trusted.armoredPublicKey()));
        try (GitSource source = GitSource.builder().cacheDirectory(git.newDirectory("cache")).allowFileUrls(true)
                .signatures(s -> policy.get()).build()) {
            Revision good = source.resolve(spec);
            assertThat(source.resolve(spec)).as("reused under the same policy").isEqualTo(good);
            policy.set(SignaturePolicy.headCommitOpenPgp(other.armoredPublicKey()));
            SourceException e = fails(() -> source.resolve(spec));
            assertThat(e.reason()).isEqualTo(Reason.SIGNATURE);
            assertThat(e.getMessage()).contains("not trusted");
            policy.set(SignaturePolicy.headCommitOpenPgp(trusted.armoredPublicKey()));
            assertThat(source.resolve(spec)).isEqualTo(good);
        }
    }

    @Test
    @DisplayName("GS-22 a mirror deleted on disk is fetched again, never answered from memory")
    void gs22ADeletedMirrorIsFetchedAgain() throws IOException {
        TestRepo repo = newRepo();
        SourceSpec spec = SourceSpec.git(git.daemon().url(repo.name()), "main", "");
        try (GitSource source = GitSource.builder().cacheDirectory(git.newDirectory("cache")).build()) {
            Revision first = source.resolve(spec);
            source.resolve(spec);
            assertThat(source.stats().fetches()).isEqualTo(1);
            deleteTree(source.mirrorDirectory(spec));
            Revision again = source.resolve(spec);
            assertThat(again).isEqualTo(first);
            assertThat(source.stats().fetches()).as("fetched into a new mirror").isEqualTo(2);
            assertThat(source.mirrorDirectory(spec).resolve("objects")).isDirectory();
            try (Snapshot s = source.open(spec, again)) {
                assertThat(s.read("app/cm.yaml")).isNotEmpty();
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
