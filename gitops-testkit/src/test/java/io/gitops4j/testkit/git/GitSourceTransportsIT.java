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
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Clone, fetch and change detection over every transport, with real servers on 127.0.0.1. */
class GitSourceTransportsIT extends GitFixturesPerClass {
    static final String TOKEN = "CANARY-TOKEN-7f3a9c1d";
    static TestRepo repo;

    @BeforeAll
    static void setUp() {
        repo = git.repo("deploy");
        repo.commit("first").add("app/cm.yaml", "kind: ConfigMap\n").create();
    }

    private static void cloneFetchDetect(GitSource source, java.util.function.Function<String, String> urls) {
        TestRepo repo = newRepo(); // a fresh repository per scenario, since the scenario commits to it
        String url = urls.apply(repo.name());
        SourceSpec spec = SourceSpec.git(url, "main", "app");
        Revision r1 = source.resolve(spec);
        assertThat(r1.id()).isEqualTo(repo.head("main").orElseThrow());
        try (Snapshot s = source.open(spec, r1)) {
            assertThat(new String(s.read("app/cm.yaml"), StandardCharsets.UTF_8)).isEqualTo("kind: ConfigMap\n");
        }
        GitSource.Stats before = source.stats();
        assertThat(source.resolve(spec)).isEqualTo(r1);
        assertThat(source.stats().fetches()).as("nothing moved: no fetch").isEqualTo(before.fetches());
        assertThat(source.stats().lsRemotes()).as("one ls-remote").isEqualTo(before.lsRemotes() + 1);
        String c2 = repo.commit("second").add("app/cm.yaml", "kind: ConfigMap\ndata: {}\n").create();
        Revision r2 = source.resolve(spec);
        assertThat(r2.id()).isEqualTo(c2);
        assertThat(source.stats().fetches()).as("one incremental fetch").isEqualTo(before.fetches() + 1);
        try (Snapshot s = source.open(spec, r2)) {
            assertThat(s.read("app/cm.yaml")).asString().contains("data");
        }
        try (Snapshot s = source.open(spec, r1)) {
            assertThat(s.read("app/cm.yaml")).asString().doesNotContain("data");
        }
    }

    @Test
    @DisplayName("file:// clone, fetch and change detection (file URLs allowed explicitly)")
    void file() {
        try (GitSource source = GitSource.builder().cacheDirectory(git.newDirectory("cache")).allowFileUrls(true)
                .build()) {
            cloneFetchDetect(source, name -> git.repo(name).fileUrl());
        }
    }

    @Test
    @DisplayName("file:// refused unless allowed (GS-07)")
    void fileRefusedByDefault() {
        try (GitSource source = GitSource.builder().cacheDirectory(git.newDirectory("cache")).build()) {
            assertThatThrownBy(() -> source.resolve(SourceSpec.git(repo.fileUrl(), "main", "")))
                    .isInstanceOf(SourceException.class)
                    .extracting(e -> ((SourceException) e).reason()).isEqualTo(Reason.POLICY);
        }
    }

    @Test
    @DisplayName("git:// clone, fetch and change detection")
    void gitProtocol() {
        try (GitSource source = GitSource.builder().cacheDirectory(git.newDirectory("cache")).build()) {
            cloneFetchDetect(source, git.daemon()::url);
        }
    }

    @Test
    @DisplayName("smart HTTP with basic auth: clone, fetch, change detection")
    void http() {
        HttpGitServer http = git.http("alice", TOKEN);
        try (GitSource source = GitSource.builder().cacheDirectory(git.newDirectory("cache"))
                .allowCredentialsOverPlainHttp(true)
                .credentials(GitCredentials.forHost("127.0.0.1",
                        () -> new GitCredential.UsernamePassword("alice", TOKEN)))
                .build()) {
            cloneFetchDetect(source, http::url);
        }
    }

    @Test
    @DisplayName("smart HTTP: no credentials and wrong credentials are UNAUTHORIZED, token in no message")
    void httpUnauthorized() {
        HttpGitServer http = git.http("alice", "s3cret-right");
        SourceSpec spec = SourceSpec.git(http.url("deploy"), "main", "");
        try (GitSource anonymous = GitSource.builder().cacheDirectory(git.newDirectory("cache")).build()) {
            assertUnauthorized(() -> anonymous.resolve(spec));
        }
        try (GitSource wrong = GitSource.builder().cacheDirectory(git.newDirectory("cache"))
                .allowCredentialsOverPlainHttp(true)
                .credentials(GitCredentials.always(() -> new GitCredential.UsernamePassword("alice", TOKEN)))
                .build()) {
            assertUnauthorized(() -> wrong.resolve(spec));
        }
        try (GitSource bearer = GitSource.builder().cacheDirectory(git.newDirectory("cache"))
                .allowCredentialsOverPlainHttp(true)
                .credentials(GitCredentials.always(() -> new GitCredential.BearerToken(TOKEN)))
                .build()) {
            assertUnauthorized(() -> bearer.resolve(spec));
        }
    }

    @Test
    @DisplayName("credentials are not sent over plain http unless allowed")
    void noCredentialsOverPlainHttp() {
        HttpGitServer http = git.http("alice", TOKEN);
        try (GitSource source = GitSource.builder().cacheDirectory(git.newDirectory("cache"))
                .credentials(GitCredentials.always(() -> new GitCredential.UsernamePassword("alice", TOKEN)))
                .build()) {
            SourceException e = resolveFails(source, SourceSpec.git(http.url("deploy"), "main", ""));
            assertThat(e.reason()).isEqualTo(Reason.POLICY);
            assertThat(e.getMessage()).doesNotContain(TOKEN);
        }
    }

    private static void assertUnauthorized(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(SourceException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
            assertThat(Canary.everything(e)).doesNotContain(TOKEN).doesNotContain("s3cret");
        });
    }

    static SourceException resolveFails(GitSource source, SourceSpec spec) {
        try {
            source.resolve(spec);
        } catch (SourceException e) {
            return e;
        }
        throw new AssertionError("resolve succeeded");
    }

    @Test
    @DisplayName("SSH with an ed25519 key: clone, fetch, change detection; known host checked strictly")
    void ssh() {
        SshGitServer ssh = git.ssh();
        SshTestKey key = ssh.clientKey();
        try (GitSource source = GitSource.builder().cacheDirectory(git.newDirectory("cache"))
                .credentials(url -> Optional.of(new GitCredential.SshKey(key.privateKey(), null, ssh.knownHosts())))
                .build()) {
            cloneFetchDetect(source, ssh::url);
        }
    }

    @Test
    @DisplayName("SSH: an unknown or changed host key is refused")
    void sshUnknownHost() {
        SshGitServer ssh = git.ssh();
        SshTestKey key = ssh.clientKey();
        SourceSpec spec = SourceSpec.git(ssh.url("deploy"), "main", "");
        for (String knownHosts : new String[] {"", ssh.wrongKnownHosts()}) {
            try (GitSource source = GitSource.builder().cacheDirectory(git.newDirectory("cache"))
                    .credentials(url -> Optional.of(new GitCredential.SshKey(key.privateKey(), null, knownHosts)))
                    .build()) {
                SourceException e = resolveFails(source, spec);
                assertThat(e.reason()).isIn(Reason.POLICY);
                assertThat(e.getMessage()).contains("host key");
            }
        }
    }

    @Test
    @DisplayName("SSH: a key the server does not know is UNAUTHORIZED")
    void sshWrongKey() {
        SshGitServer ssh = git.ssh();
        SshTestKey other = SshTestKey.generate(git.newDirectory("k"), "ed25519");
        try (GitSource source = GitSource.builder().cacheDirectory(git.newDirectory("cache"))
                .credentials(url -> Optional.of(new GitCredential.SshKey(other.privateKey(), null, ssh.knownHosts())))
                .build()) {
            SourceException e = resolveFails(source, SourceSpec.git(ssh.url("deploy"), "main", ""));
            assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
        }
    }
}
