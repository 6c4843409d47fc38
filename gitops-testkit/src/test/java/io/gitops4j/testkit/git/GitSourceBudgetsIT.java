package io.gitops4j.testkit.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.git.FetchBudget;
import io.gitops4j.core.git.GitSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** GS-05 over {@code git://}: deadlines that hold against a silent or dripping server, and a byte budget mid-object. */
@Timeout(120)
class GitSourceBudgetsIT extends GitFixturesPerClass {
    static Set<Thread> liveThreads() {
        // the fixtures' threads (proxy, in-process daemon, the JVM's common pool) and the source's one shared
        // deadline timer (idle-terminating) are not per-operation threads
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> !t.getName().startsWith("gitops4j-test-proxy"))
                .filter(t -> !t.getName().startsWith("ForkJoinPool.commonPool"))
                .filter(t -> !t.getName().equals("gitops4j-git-deadline"))
                .filter(t -> t.getThreadGroup() == null || !"Git-Daemon".equals(t.getThreadGroup().getName()))
                .collect(Collectors.toSet());
    }

    /**
     * The resolve ended because the budget's deadline passed, as the budget itself reports it ("did not answer
     * within", "took longer than"): a dripping server would otherwise take minutes, so this proves the bound without
     * timing the call (which a loaded machine makes unreliable).
     */
    static void assertDeadline(SourceException e, int seconds) {
        assertThat(e.reason()).isEqualTo(Reason.LIMIT);
        assertThat(e.getMessage()).containsAnyOf("stopped: the server did not answer within " + seconds + " s",
                "stopped: the fetch took longer than " + seconds + " s");
    }

    /** @return the threads started since {@code before} that are still alive after polling up to 10 s */
    static Set<Thread> leakedThreadsAfterPolling(Set<Thread> before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            Set<Thread> leaked = liveThreads();
            leaked.removeAll(before);
            if (leaked.isEmpty() || System.nanoTime() - deadline > 0) {
                return leaked;
            }
            Thread.sleep(20);
        }
    }

    static void assertOpenable(GitSource source, SourceSpec spec, Revision good) {
        try (Snapshot s = source.open(spec, good)) {
            assertThat(s.read("app/cm.yaml")).asString().isEqualTo("kind: ConfigMap\n");
        }
    }

    @Test
    @DisplayName("GS-05 a git:// server that accepts and never answers fails the resolve within the budget")
    void silentServer() throws Exception {
        TestRepo repo = newRepo();
        ProxyGitServer proxy = git.proxy();
        SourceSpec spec = SourceSpec.git(proxy.url(repo.name()), "main", "");
        Path cache = git.newDirectory("cache");
        Set<Thread> before = liveThreads();
        try (GitSource source = GitSource.builder().cacheDirectory(cache)
                .budget(FetchBudget.defaults().withTimeout(Duration.ofSeconds(1))).build()) {
            Revision good = source.resolve(spec);
            proxy.mode(ProxyGitServer.Mode.SILENT);
            SourceException e = fails(() -> source.resolve(spec));
            assertThat(e.reason()).isEqualTo(Reason.LIMIT);
            assertThat(e.getMessage()).as("stopped by the 1 s budget itself, not by a socket error")
                    .contains("stopped: the server did not answer within 1 s");
            assertThat(Thread.currentThread().isInterrupted()).as("no stray interrupt left behind").isFalse();
            assertOpenable(source, spec, good);
        }
        assertThat(leakedThreadsAfterPolling(before)).as("threads left running").isEmpty();
    }

    @Test
    @DisplayName("GS-05 a git:// server dripping one byte every 200 ms is cut off at the deadline")
    void drippingServer() {
        TestRepo repo = newRepo();
        ProxyGitServer proxy = git.proxy();
        SourceSpec spec = SourceSpec.git(proxy.url(repo.name()), "main", "");
        try (GitSource source = GitSource.builder().cacheDirectory(git.newDirectory("cache"))
                .budget(FetchBudget.defaults().withTimeout(Duration.ofSeconds(2))).build()) {
            Revision good = source.resolve(spec);
            CommitSpec c = repo.commit("more");
            for (int i = 0; i < 50; i++) {
                c.add("more/f" + i + ".yaml", "i: " + i + "\n");
            }
            c.create();
            proxy.mode(ProxyGitServer.Mode.DRIP);
            SourceException e = fails(() -> source.resolve(spec));
            assertDeadline(e, 2);
            assertOpenable(source, spec, good);
        }
    }

    @Test
    @DisplayName("GS-05 a smart HTTP server dripping one byte every 200 ms is cut off at the deadline")
    void drippingHttpServer() {
        TestRepo repo = newRepo();
        HttpGitServer http = git.http("alice", "pw");
        ProxyGitServer proxy = git.proxy(http.port());
        String url = http.url(repo.name()).replace(":" + http.port() + "/", ":" + proxy.port() + "/");
        SourceSpec spec = SourceSpec.git(url, "main", "");
        try (GitSource source = GitSource.builder().cacheDirectory(git.newDirectory("cache"))
                .allowCredentialsOverPlainHttp(true).credentials(io.gitops4j.core.git.GitCredentials.always(
                        () -> new io.gitops4j.core.git.GitCredential.UsernamePassword("alice", "pw")))
                .budget(FetchBudget.defaults().withTimeout(Duration.ofSeconds(2))).build()) {
            Revision good = source.resolve(spec);
            repo.commit("more").add("more.yaml", "more: true\n").create();
            proxy.mode(ProxyGitServer.Mode.DRIP);
            SourceException e = fails(() -> source.resolve(spec));
            assertDeadline(e, 2);
            assertOpenable(source, spec, good);
        }
    }

    @Test
    @DisplayName("GS-05 one blob larger than the byte budget is stopped while it is received, not after (git://)")
    void hugeBlobStoppedMidway() {
        TestRepo repo = newRepo();
        ProxyGitServer proxy = git.proxy();
        hugeBlob(repo, proxy, SourceSpec.git(proxy.url(repo.name()), "main", ""), GitSource.builder());
    }

    @Test
    @DisplayName("GS-05 one blob larger than the byte budget is stopped while it is received (smart HTTP)")
    void hugeBlobStoppedMidwayHttp() {
        TestRepo repo = newRepo();
        HttpGitServer http = git.http("alice", "pw");
        ProxyGitServer proxy = git.proxy(http.port());
        String url = http.url(repo.name()).replace(":" + http.port() + "/", ":" + proxy.port() + "/");
        hugeBlob(repo, proxy, SourceSpec.git(url, "main", ""), GitSource.builder()
                .allowCredentialsOverPlainHttp(true).credentials(io.gitops4j.core.git.GitCredentials.always(
                        () -> new io.gitops4j.core.git.GitCredential.UsernamePassword("alice", "pw"))));
    }

    @Test
    @DisplayName("GS-05 one blob larger than the byte budget is stopped while it is received (SSH)")
    void hugeBlobStoppedMidwaySsh() {
        TestRepo repo = newRepo();
        SshGitServer ssh = git.ssh();
        ProxyGitServer proxy = git.proxy(ssh.port());
        String url = ssh.url(repo.name()).replace(":" + ssh.port() + "/", ":" + proxy.port() + "/");
        String knownHosts = ssh.knownHosts().replace(":" + ssh.port() + " ", ":" + proxy.port() + " ");
        hugeBlob(repo, proxy, SourceSpec.git(url, "main", ""), GitSource.builder().credentials(
                io.gitops4j.core.git.GitCredentials.always(() -> new io.gitops4j.core.git.GitCredential.SshKey(
                        ssh.clientKey().privateKey(), null, knownHosts))));
    }

    private static void hugeBlob(TestRepo repo, ProxyGitServer proxy, SourceSpec spec,
            io.gitops4j.core.git.GitSourceBuilder builder) {
        Path cache = git.newDirectory("cache");
        Revision good;
        try (GitSource source = builder.cacheDirectory(cache).budget(FetchBudget.defaults()).build()) {
            good = source.resolve(spec);
        }
        byte[] blob = new byte[48 << 20];
        new Random(7).nextBytes(blob);
        repo.commit("huge").add("huge.bin", blob).create();
        long before = proxy.bytesToClients();
        try (GitSource source = builder.cacheDirectory(cache)
                .budget(FetchBudget.defaults().withMaxPackBytes(1 << 20)).build()) {
            SourceException e = fails(() -> source.resolve(spec));
            assertThat(e.reason()).isEqualTo(Reason.LIMIT);
            assertThat(e.getMessage()).contains("more than " + (1 << 20) + " bytes");
            assertOpenable(source, spec, good);
        }
        long sent = proxy.bytesToClients() - before;
        assertThat(sent).as("the transfer stopped well before the 48 MiB blob was through").isLessThan(24L << 20);
    }
}
