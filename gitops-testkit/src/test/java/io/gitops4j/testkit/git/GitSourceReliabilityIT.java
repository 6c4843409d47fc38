package io.gitops4j.testkit.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.InvalidSpecException;
import io.gitops4j.api.source.FileEntry;
import io.gitops4j.api.source.Ref;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.git.FetchBudget;
import io.gitops4j.core.git.GitCredential;
import io.gitops4j.core.git.GitCredentials;
import io.gitops4j.core.git.GitSource;
import io.gitops4j.core.git.GitSourceBuilder;
import io.gitops4j.core.git.HistoryRewrite;
import io.gitops4j.core.git.UrlPolicy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One test per Git-source case of RELIABILITY.md: typed error, nothing lost, no secret in any message. */
@Timeout(120)
class GitSourceReliabilityIT extends GitFixturesPerClass {
    static final String TOKEN = "CANARY-TOKEN-c0ffee42";

    static GitSourceBuilder builder() {
        return GitSource.builder().cacheDirectory(git.newDirectory("cache")).allowFileUrls(true);
    }

    /** {@link GitFixturesPerClass#fails}, and nothing the exception could show holds {@link #TOKEN}. */
    static SourceException fails(ThrowingCallable call) {
        SourceException e = GitFixturesPerClass.fails(call);
        assertThat(Canary.everything(e)).doesNotContain(TOKEN);
        return e;
    }

    static SourceSpec spec(TestRepo repo, String ref) {
        return SourceSpec.git(repo.fileUrl(), ref, "");
    }

    @Test
    @DisplayName("GS-01 symlink out of the tree is refused; the error omits the target and its content")
    void gs01() {
        TestRepo repo = newRepo();
        repo.commit("links").symlink("passwd", "/etc/passwd").symlink("up", "../../..")
                .symlink("app/values.yaml", "../../../../etc/passwd").symlink("inside", "app/cm.yaml").create();
        try (GitSource source = builder().build(); Snapshot s = source.open(spec(repo, "main"),
                source.resolve(spec(repo, "main")))) {
            for (String path : List.of("passwd", "up/etc/passwd", "app/values.yaml")) {
                SourceException e = fails(() -> s.read(path));
                assertThat(e.reason()).isEqualTo(Reason.PATH_ESCAPE);
                assertThat(e.getMessage()).doesNotContain("root:").doesNotContain("../..");
                if (!path.startsWith("up/")) {
                    assertThat(e.getMessage()).as("the link target is not named").doesNotContain("/etc");
                }
            }
            assertThat(s.read("inside")).asString().isEqualTo("kind: ConfigMap\n");
            assertThat(s.stat("passwd")).map(FileEntry::type).contains(FileEntry.Type.SYMLINK);
            assertThat(fails(() -> s.walk("app")).reason()).isEqualTo(Reason.PATH_ESCAPE);
            assertThat(fails(s::materialize).reason()).isEqualTo(Reason.PATH_ESCAPE);
        }
    }

    static TestRepo linkRepo() {
        TestRepo repo = newRepo();
        CommitSpec c = repo.commit("chains");
        for (int i = 0; i < 11; i++) {
            c.symlink("chain/l" + i, "l" + (i + 1));
        }
        c.add("chain/l11", "end\n");
        c.symlink("loop/a", "b").symlink("loop/b", "a").symlink("self", ".")
                .symlink("etcdir", "/etc").symlink("updir", "../..").symlink("appdir", "app");
        c.create();
        return repo;
    }

    @Test
    @DisplayName("GS-02 a symlinked directory mid-path that stays in the tree is read, as is a chain of 10 links")
    void gs02InTree() {
        TestRepo repo = linkRepo();
        try (GitSource source = builder().build(); Snapshot s = source.open(spec(repo, "main"),
                source.resolve(spec(repo, "main")))) {
            assertThat(s.read("appdir/cm.yaml")).asString().isEqualTo("kind: ConfigMap\n");
            assertThat(s.read("self/self/self/app/cm.yaml")).asString().isEqualTo("kind: ConfigMap\n");
            assertThat(s.read("chain/l1")).as("10 hops").asString().isEqualTo("end\n");
        }
    }

    @Test
    @DisplayName("GS-02 link chains over 10, loops and symlinked directories mid-path leaving the tree are refused "
            + "without hanging")
    void gs02Refused() {
        TestRepo repo = linkRepo();
        try (GitSource source = builder().build(); Snapshot s = source.open(spec(repo, "main"),
                source.resolve(spec(repo, "main")))) {
            assertThat(fails(() -> s.read("chain/l0")).reason()).as("11 hops").isEqualTo(Reason.PATH_ESCAPE);
            assertThat(fails(() -> s.read("loop/a")).reason()).isEqualTo(Reason.PATH_ESCAPE);
            SourceException etc = fails(() -> s.read("etcdir/passwd"));
            assertThat(etc.reason()).isEqualTo(Reason.PATH_ESCAPE);
            assertThat(etc.getMessage()).as("the link target is not named").doesNotContain("/etc");
            SourceException up = fails(() -> s.read("updir/etc/passwd"));
            assertThat(up.reason()).isEqualTo(Reason.PATH_ESCAPE);
            assertThat(up.getMessage()).as("the link target is not named").doesNotContain("../..");
            assertThat(fails(() -> s.walk("")).reason()).as("a walk meets the loop").isEqualTo(Reason.PATH_ESCAPE);
        }
    }

    @Test
    @DisplayName("GS-03 tree entries named .git, .., case and Unicode disguises are never written to disk")
    void gs03() throws Exception {
        for (String bad : List.of(".git/config", ".GIT/hooks/post-checkout", ".git\u200c/config", "../escape",
                "a/../../x", ".git./x")) {
            TestRepo repo = newRepo();
            repo.commit("hostile").add(bad, "[core]\n\tfsmonitor = touch /tmp/pwned\n").create();
            try (GitSource source = builder().build(); Snapshot s = source.open(spec(repo, "main"),
                    source.resolve(spec(repo, "main")))) {
                assertThat(fails(() -> s.walk("")).reason()).as(bad).isEqualTo(Reason.PATH_ESCAPE);
                assertThat(fails(s::materialize).reason()).as(bad).isEqualTo(Reason.PATH_ESCAPE);
                assertThat(s.read("app/cm.yaml")).asString().isEqualTo("kind: ConfigMap\n");
            }
        }
        TestRepo clean = newRepo();
        try (GitSource source = builder().build(); Snapshot s = source.open(spec(clean, "main"),
                source.resolve(spec(clean, "main")))) {
            Path dir = s.materialize();
            assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
            assertThat(Files.getPosixFilePermissions(dir.resolve("app/cm.yaml")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(s.materialize()).isEqualTo(dir);
            s.close();
            assertThat(dir).doesNotExist();
        }
    }

    /**
     * A git config that JGit reads as the user's own (what {@code ~/.gitconfig} is to it) while open: JGit's {@link
     * SystemReader} is replaced by one whose user config is this file, and restored on close. Every repository opened
     * meanwhile (the source's mirrors, a clone) has it as the base of its own config.
     */
    static AutoCloseable userGitConfig(Path file, String config) throws Exception {
        Files.writeString(file, config);
        SystemReader previous = SystemReader.getInstance();
        SystemReader.setInstance(new SystemReader.Delegate(previous) {
            @Override
            public FileBasedConfig openUserConfig(Config parent, FS fs) {
                return new FileBasedConfig(parent, file.toFile(), fs);
            }
        });
        return () -> SystemReader.setInstance(previous);
    }

    @Test
    @DisplayName("GS-04 a .gitattributes filter whose driver is in the client's git config never runs; blobs are "
            + "read raw")
    void gs04Filter() throws Exception {
        TestRepo repo = newRepo();
        repo.commit("attrs").add(".gitattributes", "*.yaml filter=evil\n").create();
        Path marker = git.newDirectory("marker").resolve("filter-ran");
        String driver = "[filter \"evil\"]\n"
                + "\tsmudge = \"touch " + marker + " && tr a-z A-Z\"\n"
                + "\tclean = \"touch " + marker + " && cat\"\n"
                + "\tprocess = \"touch " + marker + "\"\n"
                + "\trequired = true\n";
        byte[] raw = "kind: ConfigMap\n".getBytes(StandardCharsets.UTF_8);
        try (AutoCloseable config = userGitConfig(git.newDirectory("home").resolve(".gitconfig"), driver)) {
            Path checkout = git.newDirectory("checkout");
            Git.cloneRepository().setURI(repo.fileUrl()).setDirectory(checkout.toFile()).call().close();
            assertThat(marker).as("the oracle: with this config, a checkout in this JVM runs the driver").exists();
            assertThat(checkout.resolve("app/cm.yaml")).hasContent("KIND: CONFIGMAP");
            Files.delete(marker);

            try (GitSource source = builder().build()) {
                Revision r = source.resolve(spec(repo, "main"));
                try (Snapshot s = source.open(spec(repo, "main"), r)) {
                    assertThat(s.read("app/cm.yaml")).as("read raw from the object store").isEqualTo(raw);
                    assertThat(s.walk("")).extracting(FileEntry::path).contains("app/cm.yaml");
                    assertThat(s.materialize().resolve("app/cm.yaml")).hasBinaryContent(raw);
                }
            }
        }
        assertThat(marker).as("no filter command ran").doesNotExist();
    }

    @Test
    @DisplayName("GS-04 an LFS pointer is 'LFS not supported'; a .gitmodules pointing anywhere fetches nothing")
    void gs04LfsAndSubmodules() {
        TestRepo repo = newRepo();
        String lfs = "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1"
                + "258daaa5e2ca24d17e2393\nsize 12345\n";
        String sub = newRepo().head("main").orElseThrow();
        repo.commit("attrs").add("app/big.yaml", lfs)
                .add(".gitmodules", "[submodule \"x\"]\n\tpath = vendor/x\n\turl = ext::sh -c touch% /tmp/pwned\n")
                .submodule("vendor/x", sub).create();
        try (GitSource source = builder().build()) {
            Revision r = source.resolve(spec(repo, "main"));
            try (Snapshot s = source.open(spec(repo, "main"), r)) {
                assertThat(s.read("app/cm.yaml")).asString().isEqualTo("kind: ConfigMap\n");
                SourceException e = fails(() -> s.read("app/big.yaml"));
                assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED);
                assertThat(e.getMessage()).contains("LFS not supported");
                assertThat(s.stat("vendor/x")).map(FileEntry::type).contains(FileEntry.Type.SUBMODULE);
                assertThat(fails(() -> s.read("vendor/x")).reason()).isEqualTo(Reason.UNSUPPORTED);
                assertThat(s.walk("vendor")).extracting(FileEntry::type).containsExactly(FileEntry.Type.SUBMODULE);
            }
            assertThat(source.stats().fetches()).as("the submodule was not fetched").isEqualTo(1);
        }
    }

    @Test
    @DisplayName("GS-05 object, pack-size, file-size and time budgets stop a hostile fetch; previous snapshot kept")
    void gs05() throws Exception {
        TestRepo repo = newRepo();
        SourceSpec spec = SourceSpec.git(git.daemon().url(repo.name()), "main", "");
        Path cache = git.newDirectory("cache");
        Revision good;
        try (GitSource source = GitSource.builder().cacheDirectory(cache).build()) {
            good = source.resolve(spec);
        }
        CommitSpec many = repo.commit("many files");
        for (int i = 0; i < 300; i++) {
            many.add("many/f" + i + ".yaml", "i: " + i + "\n");
        }
        many.create();
        byte[] blob = new byte[3 << 20];
        new Random(1).nextBytes(blob);
        repo.commit("huge").add("huge.bin", blob).create();
        try (GitSource source = GitSource.builder().cacheDirectory(cache)
                .budget(FetchBudget.defaults().withMaxObjects(50)).build()) {
            assertThat(fails(() -> source.resolve(spec)).reason()).isEqualTo(Reason.LIMIT);
            assertPreviousOpenable(source, spec, good);
        }
        try (GitSource source = GitSource.builder().cacheDirectory(cache)
                .budget(FetchBudget.defaults().withMaxPackBytes(512 * 1024)).build()) {
            SourceException e = fails(() -> source.resolve(spec));
            assertThat(e.reason()).isEqualTo(Reason.LIMIT);
            assertPreviousOpenable(source, spec, good);
        }
        try (GitSource source = GitSource.builder().cacheDirectory(cache)
                .budget(FetchBudget.defaults().withMaxFileBytes(1 << 20)).build()) {
            Revision now = source.resolve(spec);
            try (Snapshot s = source.open(spec, now)) {
                assertThat(fails(() -> s.read("huge.bin")).reason()).isEqualTo(Reason.LIMIT);
            }
        }
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (Exception ignored) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            try (GitSource source = GitSource.builder().cacheDirectory(git.newDirectory("cache"))
                    .budget(FetchBudget.defaults().withTimeout(Duration.ofSeconds(1))).build()) {
                SourceException e = fails(() -> source.resolve(SourceSpec.git("http://127.0.0.1:"
                        + silent.getLocalPort() + "/drip.git", "main", "")));
                assertThat(e.reason()).isEqualTo(Reason.LIMIT);
                assertThat(e.getMessage()).as("stopped by the 1 s budget itself")
                        .contains("stopped: the server did not answer within 1 s");
            }
        }
    }

    static void assertPreviousOpenable(GitSource source, SourceSpec spec, Revision good) {
        try (Snapshot s = source.open(spec, good)) {
            assertThat(s.read("app/cm.yaml")).asString().isEqualTo("kind: ConfigMap\n");
        }
    }

    @Test
    @DisplayName("GS-06 a real server (lighttpd) redirecting to another host name is refused as POLICY "
            + "(that credentials never reach a target: GitSourceRedirectIT)")
    void gs06() {
        TestRepo repo = newRepo();
        HttpGitServer http = git.http("alice", TOKEN);
        try (GitSource source = builder().allowCredentialsOverPlainHttp(true)
                .credentials(GitCredentials.forHost("127.0.0.1",
                        () -> new GitCredential.UsernamePassword("alice", TOKEN))).build()) {
            assertThat(source.resolve(SourceSpec.git(http.url(repo.name()), "main", "")).isResolved()).isTrue();
            SourceException e = fails(() -> source.resolve(SourceSpec.git(http.redirectingUrl(repo.name()), "main",
                    "")));
            assertThat(e.reason()).isEqualTo(Reason.POLICY);
            assertThat(e.getMessage()).contains("redirect");
        }
    }

    @Test
    @DisplayName("GS-07 credentials in the URL, ext::, --upload-pack=, -oProxyCommand, newlines, file: are refused")
    void gs07() {
        List<String> refusedBySource = List.of("https://" + TOKEN + "@example.com/x.git", "ext::sh", "fd::17",
                "ssh://-oProxyCommand=touch%20pwned/x", "-oProxyCommand=touch:x", "git@-oProxyCommand=x:repo.git",
                "file:///etc", "https://example.com/x.git?--upload-pack=x",
                "ssh://git@github.com:22/x.git%0a-oProxyCommand=x");
        try (GitSource source = GitSource.builder().cacheDirectory(git.newDirectory("cache")).build()) {
            for (String url : refusedBySource) {
                SourceException e = fails(() -> source.resolve(SourceSpec.git(url, "main", "")));
                assertThat(e.reason()).as(url).isEqualTo(Reason.POLICY);
                assertThat(e.getMessage()).doesNotContain(TOKEN);
            }
            assertThat(source.stats().lsRemotes()).as("nothing contacted").isZero();
        }
        List<String> refusedBySpec = List.of("ext::sh -c touch% /tmp/pwned",
                "https://example.com/x.git --upload-pack=touch", "--upload-pack=touch /tmp/x",
                "https://x:" + TOKEN + "@example.com/r.git", "https://example.com/r.git\n-oProxyCommand=x");
        for (String url : refusedBySpec) {
            assertThatThrownBy(() -> SourceSpec.git(url, "main", "")).as(url)
                    .isInstanceOfSatisfying(InvalidSpecException.class, e -> {
                        assertThat(e.field()).isEqualTo("url");
                        assertThat(e.getMessage()).doesNotContain(TOKEN);
                    });
        }
    }

    @Test
    @DisplayName("GS-08 loopback/private addresses deniable by policy; remote error bodies not echoed")
    void gs08() {
        TestRepo repo = newRepo();
        try (GitSource source = builder().urlPolicy(UrlPolicy.denyPrivateAddresses()).build()) {
            SourceException e = fails(() -> source.resolve(SourceSpec.git(git.daemon().url(repo.name()), "main",
                    "")));
            assertThat(e.reason()).isEqualTo(Reason.POLICY);
            assertThat(source.stats().lsRemotes()).as("nothing contacted").isZero();
        }
        HttpGitServer http = git.http("alice", TOKEN);
        try (GitSource source = builder().allowCredentialsOverPlainHttp(true)
                .credentials(GitCredentials.always(() -> new GitCredential.UsernamePassword("alice", TOKEN)))
                .build()) {
            SourceException e = fails(() -> source.resolve(SourceSpec.git(http.url("no-such-repo"), "main", "")));
            assertThat(e.reason()).isIn(Reason.NOT_FOUND, Reason.UNAVAILABLE);
            assertThat(e.getMessage()).doesNotContain("<html").doesNotContain("<title");
        }
    }

    @Test
    @DisplayName("GS-09 deleted branch, revoked credentials, 404, DNS failure, server down: typed error, last good kept")
    void gs09() {
        TestRepo repo = newRepo();
        repo.commit("feature").on("feature").parent(repo.head("main").orElseThrow()).add("f.yaml", "f: 1\n").create();
        CliGitDaemonServer daemon = git.cliDaemon();
        SourceSpec feature = SourceSpec.git(daemon.url(repo.name()), "feature", "");
        try (GitSource source = builder().build()) {
            Revision good = source.resolve(feature);
            repo.deleteBranch("feature");
            assertThat(fails(() -> source.resolve(feature)).reason()).isEqualTo(Reason.NOT_FOUND);
            try (Snapshot s = source.open(feature, good)) {
                assertThat(s.read("f.yaml")).isNotEmpty();
            }
            assertThat(fails(() -> source.resolve(SourceSpec.git("git://no-such-host.invalid/x.git", "main", "")))
                    .reason()).isEqualTo(Reason.UNAVAILABLE);
            assertThat(fails(() -> source.resolve(SourceSpec.git(daemon.url("missing"), "main", ""))).reason())
                    .isIn(Reason.NOT_FOUND, Reason.UNAVAILABLE);
            SourceSpec main = SourceSpec.git(daemon.url(repo.name()), "main", "");
            Revision mainGood = source.resolve(main);
            daemon.close();
            assertThat(fails(() -> source.resolve(main)).reason()).isEqualTo(Reason.UNAVAILABLE);
            assertPreviousOpenable(source, main, mainGood);
        }
        HttpGitServer http = git.http("alice", TOKEN);
        AtomicReference<String> vault = new AtomicReference<>(TOKEN);
        try (GitSource source = builder().allowCredentialsOverPlainHttp(true)
                .credentials(GitCredentials.always(() -> new GitCredential.UsernamePassword("alice", vault.get())))
                .build()) {
            SourceSpec spec = SourceSpec.git(http.url(repo.name()), "main", "");
            Revision good = source.resolve(spec);
            vault.set("CANARY-TOKEN-revoked");
            repo.commit("more").add("x.yaml", "x: 1\n").create();
            SourceException e = fails(() -> source.resolve(spec));
            assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
            assertThat(e.getMessage()).doesNotContain("CANARY-TOKEN-revoked");
            assertPreviousOpenable(source, spec, good);
        }
    }

    @Test
    @DisplayName("GS-10 force push and going back are detected, reported, and refused under the REFUSE policy")
    void gs10() {
        TestRepo repo = newRepo();
        String c1 = repo.head("main").orElseThrow();
        String c2 = repo.commit("c2").add("b.yaml", "b: 1\n").create();
        List<HistoryRewrite> seen = new CopyOnWriteArrayList<>();
        Path cache = git.newDirectory("cache");
        SourceSpec spec = spec(repo, "main");
        try (GitSource source = GitSource.builder().cacheDirectory(cache).allowFileUrls(true)
                .onHistoryRewrite(seen::add).build()) {
            assertThat(source.resolve(spec).id()).isEqualTo(c2);
            repo.reset("main", c1);
            assertThat(source.resolve(spec).id()).isEqualTo(c1);
            assertThat(seen).singleElement().extracting(HistoryRewrite::kind).isEqualTo(HistoryRewrite.Kind.WENT_BACK);
            String other = repo.commit("unrelated").orphan().add("z.yaml", "z: 1\n").create();
            assertThat(source.resolve(spec).id()).isEqualTo(other);
            assertThat(seen).hasSize(2);
            assertThat(seen.get(1).kind()).isEqualTo(HistoryRewrite.Kind.FORCE_PUSH);
            assertThat(source.lastRewrite(spec)).contains(seen.get(1));
        }
        repo.reset("main", c2);
        try (GitSource source = GitSource.builder().cacheDirectory(cache).allowFileUrls(true)
                .historyPolicy(HistoryRewrite.Policy.REFUSE).build()) {
            SourceException e = fails(() -> source.resolve(spec));
            assertThat(e.reason()).as("detected across a restart").isEqualTo(Reason.POLICY);
            assertThat(e.getMessage()).contains("force-pushed");
            String fwd = repo.commit("fast-forward").parent(c2).add("c.yaml", "c: 1\n").create();
            assertThat(fails(() -> source.resolve(spec)).reason()).isEqualTo(Reason.POLICY);
            source.acceptHistory(spec);
            assertThat(source.resolve(spec).id()).as("accepted after review").isEqualTo(fwd);
        }
    }

    @Test
    @DisplayName("GS-11 ambiguous and invalid refs: deterministic resolution or a typed error; semver ranges")
    void gs11() {
        TestRepo repo = newRepo();
        String c1 = repo.head("main").orElseThrow();
        String c2 = repo.commit("c2").add("b.yaml", "b\n").create();
        repo.tag("main", c1).tag("v1.2.0", c1).tag("v1.3.0", c2).tag("1.4.0-rc.1", c2).tag("v2.0.0", c1)
                .tag("not-semver", c2).setRef("refs/pull/7/head", c1);
        repo.annotatedTag("v1.3.5", c2, "release", null);
        try (GitSource source = builder().build()) {
            SourceException e = fails(() -> source.resolve(spec(repo, "main")));
            assertThat(e.reason()).isEqualTo(Reason.INVALID_REF);
            assertThat(source.resolve(spec(repo, "branch:main")).id()).isEqualTo(c2);
            assertThat(source.resolve(spec(repo, "tag:main")).id()).isEqualTo(c1);
            assertThat(source.resolve(spec(repo, "refs/pull/7/head")).id()).isEqualTo(c1);
            assertThat(source.resolve(spec(repo, c1)).id()).isEqualTo(c1);
            SourceSpec range = spec(repo, "main").withRef(Ref.semver(">=1.2.0 <2.0.0"));
            Revision r = source.resolve(range);
            assertThat(r.ref()).isEqualTo("refs/tags/v1.3.5");
            assertThat(r.id()).isEqualTo(c2);
            assertThat(source.resolve(range)).isEqualTo(r);
            assertThat(source.resolve(range.withRef(Ref.semver("^2"))).ref()).isEqualTo("refs/tags/v2.0.0");
            assertThat(source.resolve(range.withRef(Ref.semver("~1.2"))).ref()).isEqualTo("refs/tags/v1.2.0");
            assertThat(source.resolve(range.withRef(Ref.semverWithPrereleases(">=1.4.0-rc.0 <2"))).ref())
                    .isEqualTo("refs/tags/1.4.0-rc.1");
            assertThat(fails(() -> source.resolve(range.withRef(Ref.semver(">=3")))).reason())
                    .isEqualTo(Reason.NOT_FOUND);
            assertThat(fails(() -> source.resolve(spec(repo, "feature.lock"))).reason())
                    .isEqualTo(Reason.INVALID_REF);
            assertThat(fails(() -> source.resolve(spec(repo, "nope"))).reason()).isEqualTo(Reason.NOT_FOUND);
        }
        assertThatThrownBy(() -> Ref.parse("../x")).isInstanceOf(InvalidSpecException.class);
    }

    @Test
    @DisplayName("GS-12 stale lock files and partial packs from a killed process are cleaned; aborted fetch is atomic")
    void gs12() throws Exception {
        TestRepo repo = newRepo();
        SourceSpec spec = SourceSpec.git(git.daemon().url(repo.name()), "main", "");
        Path cache = git.newDirectory("cache");
        Revision good;
        Path mirror;
        try (GitSource source = GitSource.builder().cacheDirectory(cache).build()) {
            good = source.resolve(spec);
            mirror = source.mirrorDirectory(spec);
        }
        Files.writeString(mirror.resolve("refs/heads/main.lock"), "stale");
        Files.writeString(mirror.resolve("packed-refs.lock"), "stale");
        Files.write(mirror.resolve("objects/pack/incoming_12345.pack"), new byte[1000]);
        String c2 = repo.commit("c2").add("new.yaml", "n: 1\n").create();
        CommitSpec big = repo.commit("big");
        for (int i = 0; i < 200; i++) {
            big.add("d/f" + i, "v" + i);
        }
        String c3 = big.create();
        try (GitSource source = GitSource.builder().cacheDirectory(cache)
                .budget(FetchBudget.defaults().withMaxObjects(20)).build()) {
            assertThat(fails(() -> source.resolve(spec)).reason()).as("aborted mid-fetch").isEqualTo(Reason.LIMIT);
            assertPreviousOpenable(source, spec, good);
        }
        try (Stream<Path> files = Files.walk(mirror)) {
            assertThat(files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".lock") && !n.equals("gitops4j.lock") || n.startsWith("incoming_")))
                    .isEmpty();
        }
        try (GitSource source = GitSource.builder().cacheDirectory(cache).build()) {
            assertThat(source.resolve(spec).id()).isEqualTo(c3);
            assertPreviousOpenable(source, spec, good);
        }
        assertThat(c2).isNotEqualTo(c3);
    }

    @Test
    @DisplayName("GS-12 two sources sharing one cache directory take turns on the mirror")
    void gs12SharedCache() throws Exception {
        TestRepo repo = newRepo();
        SourceSpec spec = SourceSpec.git(git.daemon().url(repo.name()), "main", "");
        Path cache = git.newDirectory("cache");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (GitSource a = GitSource.builder().cacheDirectory(cache).build();
                GitSource b = GitSource.builder().cacheDirectory(cache).build()) {
            for (int round = 0; round < 3; round++) {
                String head = repo.commit("round " + round).add("r.yaml", "r: " + round + "\n").create();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Revision>> results = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    GitSource s = i % 2 == 0 ? a : b;
                    results.add(pool.submit(() -> {
                        start.await();
                        return s.resolve(spec);
                    }));
                }
                start.countDown();
                for (Future<Revision> f : results) {
                    assertThat(f.get().id()).isEqualTo(head);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("GS-13 50 concurrent resolves of one repository share one fetch")
    void gs13() throws Exception {
        TestRepo repo = newRepo();
        SourceSpec spec = SourceSpec.git(git.daemon().url(repo.name()), "main", "");
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try (GitSource source = builder().build()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Revision>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return source.resolve(spec);
                }));
            }
            start.countDown();
            for (Future<Revision> f : results) {
                assertThat(f.get().id()).isEqualTo(repo.head("main").orElseThrow());
            }
            assertThat(source.stats().fetches()).isEqualTo(1);
            assertThat(source.stats().lsRemotes()).isBetween(1, 50);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("GS-15 Unicode names, CRLF, BOM and empty files are read byte-exact; errors name the path")
    void gs15() {
        TestRepo repo = newRepo();
        byte[] crlf = "a: 1\r\nb: 2\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a', ':', ' ', '1', '\n'};
        byte[] latin1 = "k: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        repo.commit("odd").add("d/crlf.yaml", crlf).add("d/bom.yaml", bom).add("d/empty.yaml", new byte[0])
                .add("d/caf\u00e9.yaml", latin1).add("d/cafe\u0301.yaml", "nfd\n").create();
        try (GitSource source = builder().build()) {
            Revision r = source.resolve(spec(repo, "main"));
            Consumer<Snapshot> check = s -> {
                assertThat(s.read("d/crlf.yaml")).isEqualTo(crlf);
                assertThat(s.read("d/bom.yaml")).isEqualTo(bom);
                assertThat(s.read("d/empty.yaml")).isEmpty();
                assertThat(s.read("d/caf\u00e9.yaml")).isEqualTo(latin1);
                assertThat(s.read("d/cafe\u0301.yaml")).asString().isEqualTo("nfd\n");
                assertThat(s.walk("d")).extracting(FileEntry::path).hasSize(5).isSorted();
            };
            try (Snapshot a = source.open(spec(repo, "main"), r); Snapshot b = source.open(spec(repo, "main"), r)) {
                check.accept(a);
                assertThat(a.walk("")).isEqualTo(b.walk(""));
                assertThat(a.treeId("d")).isEqualTo(b.treeId("d")).hasSize(40);
                SourceException e = fails(() -> a.read("d/missing.yaml"));
                assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
                assertThat(e.path()).contains("d/missing.yaml");
                assertThat(e.getMessage()).startsWith("path 'd/missing.yaml'").doesNotContain("/tmp");
            }
        }
    }
}
