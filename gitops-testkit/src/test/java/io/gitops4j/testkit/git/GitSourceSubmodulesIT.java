package io.gitops4j.testkit.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.source.FileEntry;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.git.GitSource;
import io.gitops4j.core.git.UrlPolicy;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** GS-04 submodules: fetched into their own mirror only when their URL is allowed; otherwise listed, not read. */
@Timeout(120)
class GitSourceSubmodulesIT extends GitFixturesPerClass {
    static int repos;

    static TestRepo lib() {
        TestRepo lib = git.repo("lib" + (++repos));
        lib.commit("lib").add("base/cm.yaml", "kind: ConfigMap\nmetadata: {name: lib}\n").create();
        return lib;
    }

    static String gitmodules(String... pathAndUrl) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pathAndUrl.length; i += 2) {
            sb.append("[submodule \"m").append(i).append("\"]\n\tpath = ").append(pathAndUrl[i])
                    .append("\n\turl = ").append(pathAndUrl[i + 1]).append('\n');
        }
        return sb.toString();
    }

    @Test
    @DisplayName("GS-04 an allowed submodule is fetched into its own mirror and read as a directory; others are not")
    void allowedAndNot() {
        TestRepo lib = lib();
        TestRepo other = lib();
        TestRepo app = git.repo("app" + (++repos));
        String libV1 = lib.head("main").orElseThrow();
        app.commit("app").add("app/cm.yaml", "kind: ConfigMap\n")
                .add(".gitmodules", gitmodules("vendor/lib", lib.fileUrl(), "vendor/other", other.fileUrl()))
                .submodule("vendor/lib", libV1).submodule("vendor/other", other.head("main").orElseThrow()).create();
        SourceSpec spec = SourceSpec.git(app.fileUrl(), "main", "");
        try (GitSource source = GitSource.builder().cacheDirectory(git.newDirectory("cache")).allowFileUrls(true)
                .allowSubmoduleUrls(List.of(lib.fileUrl())).build()) {
            Revision r = source.resolve(spec);
            assertThat(source.stats().fetches()).as("app and lib, not other").isEqualTo(2);
            try (Snapshot s = source.open(spec, r)) {
                assertThat(s.stat("vendor/lib")).map(FileEntry::type).contains(FileEntry.Type.DIRECTORY);
                assertThat(s.read("vendor/lib/base/cm.yaml")).asString().contains("name: lib");
                assertThat(s.list("vendor")).extracting(FileEntry::path, FileEntry::type).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("vendor/lib", FileEntry.Type.DIRECTORY),
                        org.assertj.core.groups.Tuple.tuple("vendor/other", FileEntry.Type.SUBMODULE));
                assertThat(s.walk("")).extracting(FileEntry::path).contains("vendor/lib/base/cm.yaml",
                        "vendor/other", "app/cm.yaml");
                SourceException e = fails(() -> s.read("vendor/other/base/cm.yaml"));
                assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED);
                assertThat(e.getMessage()).contains("submodule 'vendor/other'").contains("allowed submodule URLs");
                assertThat(fails(() -> s.read("vendor/other")).reason()).isEqualTo(Reason.UNSUPPORTED);
                Path dir = s.materialize();
                assertThat(dir.resolve("vendor/lib/base/cm.yaml")).exists();
                assertThat(s.treeId("")).as("content from a mount changes the id scheme").startsWith("root:");
                assertThat(s.treeId("vendor/lib/base")).hasSize(40);
            }
            lib.commit("lib v2").add("base/cm.yaml", "kind: ConfigMap\nmetadata: {name: lib-v2}\n").create();
            assertThat(source.resolve(spec)).isEqualTo(r);
            app.commit("bump").submodule("vendor/lib", lib.head("main").orElseThrow()).create();
            Revision r2 = source.resolve(spec);
            try (Snapshot s = source.open(spec, r2); Snapshot old = source.open(spec, r)) {
                assertThat(s.read("vendor/lib/base/cm.yaml")).asString().contains("name: lib-v2");
                assertThat(old.read("vendor/lib/base/cm.yaml")).asString().contains("name: lib}");
                assertThat(s.treeId("")).isNotEqualTo(old.treeId(""));
            }
        }
    }

    @Test
    @DisplayName("GS-04 relative submodule URLs resolve against the superproject URL (git://)")
    void relativeUrl() {
        TestRepo lib = lib();
        TestRepo app = git.repo("app" + (++repos));
        app.commit("app").add(".gitmodules", gitmodules("deps/lib", "../" + lib.name() + ".git"))
                .submodule("deps/lib", lib.head("main").orElseThrow()).create();
        String appUrl = git.daemon().url(app.name());
        try (GitSource source = GitSource.builder().cacheDirectory(git.newDirectory("cache"))
                .allowSubmoduleUrls(List.of(git.daemon().url(lib.name()))).build()) {
            SourceSpec spec = SourceSpec.git(appUrl, "main", "");
            try (Snapshot s = source.open(spec, source.resolve(spec))) {
                assertThat(s.read("deps/lib/base/cm.yaml")).asString().contains("name: lib");
            }
        }
    }

    @Test
    @DisplayName("GS-04 an allowed submodule still obeys the URL policy; hostile .gitmodules URLs are never used")
    void policyAndHostileUrls() {
        TestRepo lib = lib();
        TestRepo app = git.repo("app" + (++repos));
        Path marker = git.newDirectory("marker").resolve("pwned");
        app.commit("app").add("app/cm.yaml", "kind: ConfigMap\n")
                .add(".gitmodules", gitmodules("x", "ext::sh -c touch% " + marker, "y",
                        "-oProxyCommand=touch " + marker, "z", "ssh://-oProxyCommand=x/y", "lib", lib.fileUrl()))
                .submodule("x", lib.head("main").orElseThrow()).submodule("y", lib.head("main").orElseThrow())
                .submodule("z", lib.head("main").orElseThrow()).create();
        SourceSpec spec = SourceSpec.git(app.fileUrl(), "main", "");
        try (GitSource source = GitSource.builder().cacheDirectory(git.newDirectory("cache")).allowFileUrls(true)
                .allowSubmodules(url -> true).build(); Snapshot s = source.open(spec, source.resolve(spec))) {
            assertThat(s.list("")).extracting(FileEntry::path, FileEntry::type).contains(
                    org.assertj.core.groups.Tuple.tuple("x", FileEntry.Type.SUBMODULE),
                    org.assertj.core.groups.Tuple.tuple("y", FileEntry.Type.SUBMODULE),
                    org.assertj.core.groups.Tuple.tuple("z", FileEntry.Type.SUBMODULE));
            assertThat(source.stats().fetches()).isEqualTo(1);
        }
        assertThat(marker).doesNotExist();

        TestRepo app2 = git.repo("app" + (++repos));
        String libUrl = git.daemon().url(lib.name());
        app2.commit("app").add(".gitmodules", gitmodules("vendor/lib", libUrl))
                .submodule("vendor/lib", lib.head("main").orElseThrow()).create();
        SourceSpec spec2 = SourceSpec.git(app2.fileUrl(), "main", "");
        try (GitSource source = GitSource.builder().cacheDirectory(git.newDirectory("cache")).allowFileUrls(true)
                .allowSubmoduleUrls(List.of(libUrl)).urlPolicy(UrlPolicy.denyPrivateAddresses()).build()) {
            SourceException e = fails(() -> source.resolve(spec2));
            assertThat(e.reason()).isEqualTo(Reason.POLICY);
            assertThat(e.path()).contains("vendor/lib");
            assertThat(e.getMessage()).startsWith("submodule 'vendor/lib': ").contains("URL policy");
        }
    }
}
