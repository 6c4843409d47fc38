package io.gitops4j.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.source.FileEntry;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDirectorySourceTest {
    @TempDir
    Path dir;
    @TempDir
    Path outside;

    private final LocalDirectorySource source = LocalDirectorySource.create();

    private Snapshot open() {
        SourceSpec spec = SourceSpec.local(dir);
        return source.open(spec, source.resolve(spec));
    }

    @Test
    void revisionIsAContentHashThatChangesWithContent() throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "a: 1\n");
        SourceSpec spec = SourceSpec.local(dir);
        Revision first = source.resolve(spec);
        assertThat(source.resolve(spec)).isEqualTo(first);
        assertThat(first.algorithm()).isEqualTo("sha256");

        Files.writeString(dir.resolve("a.yaml"), "a: 2\n");
        assertThat(source.resolve(spec)).isNotEqualTo(first);
        assertThatThrownBy(() -> source.open(spec, first)).isInstanceOf(SourceException.class)
                .hasMessageContaining("changed since");
    }

    @Test
    void listsWalksReadsAndFollowsLinksInsideTheTree() throws Exception {
        Files.createDirectories(dir.resolve("base/deep"));
        Files.writeString(dir.resolve("base/deep/cm.yaml"), "x");
        Files.createSymbolicLink(dir.resolve("alias.yaml"), Path.of("base/deep/cm.yaml"));
        Files.createSymbolicLink(dir.resolve("linked"), Path.of("base"));
        try (Snapshot s = open()) {
            assertThat(s.list("").stream().map(FileEntry::path)).containsExactly("alias.yaml", "base", "linked");
            assertThat(s.walk("").stream().map(FileEntry::path))
                    .containsExactly("alias.yaml", "base/deep/cm.yaml", "linked/deep/cm.yaml");
            assertThat(new String(s.read("alias.yaml"), StandardCharsets.UTF_8)).isEqualTo("x");
            assertThat(new String(s.read("linked/deep/cm.yaml"), StandardCharsets.UTF_8)).isEqualTo("x");
            assertThat(s.stat("alias.yaml").orElseThrow().type()).isEqualTo(FileEntry.Type.SYMLINK);
            assertThat(s.treeId("base")).isEqualTo(s.treeId("linked"));
        }
    }

    @Test
    @DisplayName("GS-01 a link out of the tree is refused without naming its target")
    void linkOutOfTheTreeIsRefused() throws Exception {
        Files.writeString(outside.resolve("secret.txt"), "CANARY-SECRET-1");
        Files.createSymbolicLink(dir.resolve("abs.yaml"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(dir.resolve("rel.yaml"), Path.of("../../../../../../etc/passwd"));
        try (Snapshot s = open()) {
            for (String link : new String[] {"abs.yaml", "rel.yaml"}) {
                assertThatThrownBy(() -> s.read(link)).isInstanceOf(SourceException.class)
                        .satisfies(e -> {
                            assertThat(((SourceException) e).reason()).isEqualTo(SourceException.Reason.PATH_ESCAPE);
                            assertThat(e.getMessage()).doesNotContain("passwd").doesNotContain(outside.toString())
                                    .doesNotContain("CANARY");
                        });
            }
            assertThatThrownBy(s::materialize).isInstanceOf(SourceException.class);
        }
    }

    @Test
    @DisplayName("GS-02 link loops and long chains are refused, no hang")
    void loopsAndChainsAreRefused() throws Exception {
        Files.createSymbolicLink(dir.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(dir.resolve("b"), Path.of("a"));
        Files.writeString(dir.resolve("l0"), "end");
        for (int i = 1; i <= 12; i++) {
            Files.createSymbolicLink(dir.resolve("l" + i), Path.of("l" + (i - 1)));
        }
        try (Snapshot s = open()) {
            assertThatThrownBy(() -> s.read("a")).isInstanceOf(SourceException.class)
                    .hasMessageContaining("more than 10");
            assertThat(new String(s.read("l10"), StandardCharsets.UTF_8)).isEqualTo("end");
            assertThatThrownBy(() -> s.read("l12")).isInstanceOf(SourceException.class);
            assertThatThrownBy(() -> s.read("../x")).isInstanceOf(SourceException.class);
        }
    }

    @Test
    void materializeWritesAPrivateCopyAndCloseDeletesIt() throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/f.yaml"), "y");
        Path copy;
        try (Snapshot s = open()) {
            copy = s.materialize();
            assertThat(s.materialize()).isEqualTo(copy);
            assertThat(Files.readString(copy.resolve("sub/f.yaml"))).isEqualTo("y");
            assertThat(Files.getPosixFilePermissions(copy)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
        }
        assertThat(copy).doesNotExist();
    }

    @Test
    void gitRepositoriesAreLeftToTheGitSource() throws Exception {
        assertThat(source.supports(SourceSpec.local(dir))).isTrue();
        Files.createDirectories(dir.resolve(".git"));
        assertThat(source.supports(SourceSpec.local(dir))).isFalse();
        assertThat(source.supports(SourceSpec.git("https://example.com/r.git", "main", ""))).isFalse();
    }
}
