package io.gitops4j.testkit.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.git.GitSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** GS-20 on the Git source: a small repository cannot make a snapshot write much to disk. */
@Timeout(120)
class GitSnapshotMaterializeIT extends GitFixturesPerClass {
    private static Snapshot open(GitSource source, TestRepo repo) {
        SourceSpec spec = SourceSpec.git(repo.fileUrl(), "main", "");
        return source.open(spec, source.resolve(spec));
    }

    private static GitSource source() {
        return GitSource.builder().cacheDirectory(git.newDirectory("cache")).allowFileUrls(true).build();
    }

    @Test
    @DisplayName("GS-20 40 paths sharing one 8 MiB blob: the whole tree is refused before writing, one path writes "
            + "8 MiB")
    void sharedBlob() throws Exception {
        TestRepo repo = git.repo("shared-blob");
        byte[] blob = new byte[8 << 20];
        Arrays.fill(blob, (byte) 'x');
        CommitSpec commit = repo.commit("one blob, 40 paths");
        for (int i = 0; i < 40; i++) {
            commit.add("data/copy-" + i + ".txt", blob);
        }
        String kustomization = "resources: [../data/copy-7.txt]\n";
        commit.add("app/kustomization.yaml", kustomization).create();
        try (GitSource source = source(); Snapshot s = open(source, repo)) {
            long before = wchar();
            SourceException e = catchThrowableOfType(s::materialize, SourceException.class);
            assertThat(wchar() - before).as("bytes the JVM wrote").isLessThan(64 * 1024);
            assertThat(e.reason()).isEqualTo(Reason.LIMIT);
            assertThat(e.getMessage()).contains("needs " + (40L * (8 << 20) + kustomization.length()) + " bytes, over the limit of "
                    + (256L << 20));
            before = wchar();
            Path dir = s.materialize(List.of("app/kustomization.yaml", "data/copy-7.txt"), 16 << 20);
            assertThat(wchar() - before).isBetween(8L << 20, (8L << 20) + 64 * 1024);
            assertThat(Files.size(dir.resolve("data/copy-7.txt"))).isEqualTo(8 << 20);
            assertThat(dir.resolve("data/copy-8.txt")).doesNotExist();
        }
    }

    @Test
    @DisplayName("GS-20 links to directories that multiply nothing but directories are bounded too")
    void multiplyingLinksAreBounded() {
        TestRepo repo = git.repo("linked-dirs");
        CommitSpec commit = repo.commit("fan-out of links").symlink("l0/broken", "nowhere");   // a tree, no file
        for (int level = 1; level <= 9; level++) {
            for (int i = 0; i < 4; i++) {
                commit.symlink("l" + level + "/x" + i, "../l" + (level - 1));
            }
        }
        commit.create();
        try (GitSource source = source(); Snapshot s = open(source, repo)) {
            SourceException e = catchThrowableOfType(() -> s.walk(""), SourceException.class);
            assertThat(e.reason()).isEqualTo(Reason.LIMIT);
            assertThat(e.getMessage()).contains("reaches more than 100000 directories through links");
            assertThat(catchThrowableOfType(s::materialize, SourceException.class).reason()).isEqualTo(Reason.LIMIT);
        }
    }

    private static long wchar() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
            if (line.startsWith("wchar:")) {
                return Long.parseLong(line.substring(6).strip());
            }
        }
        throw new IllegalStateException("no wchar in /proc/self/io");
    }
}
