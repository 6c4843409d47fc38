package io.gitops4j.testkit.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.source.FileEntry;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.git.GitSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** GS-15 tree entry names that are not UTF-8. */
class GitSourceRawNamesIT extends GitFixturesPerClass {
    static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    @DisplayName("GS-15 non-UTF-8 names are listed and read deterministically, never confused with UTF-8 ones")
    void rawNames() {
        TestRepo repo = git.repo("raw");
        repo.commit("names").add("d/caf\u00e9.yaml", "utf8: true\n")
                .addRaw(bytes("d/caf\u00e9.yaml"), "latin1: true\n".getBytes(StandardCharsets.UTF_8))
                .addRaw(bytes("raw\u00ff/x.yaml"), "x: 1\n".getBytes(StandardCharsets.UTF_8))
                .addRaw(new byte[] {'d', '/', 'h', (byte) 0xC3, 'a', '.', 'y'}, "split: true\n"
                        .getBytes(StandardCharsets.UTF_8)).create();
        SourceSpec spec = SourceSpec.git(repo.fileUrl(), "main", "");
        try (GitSource source = GitSource.builder().cacheDirectory(git.newDirectory("cache")).allowFileUrls(true)
                .build()) {
            Revision r = source.resolve(spec);
            try (Snapshot a = source.open(spec, r); Snapshot b = source.open(spec, r)) {
                List<FileEntry> walked = a.walk("");
                assertThat(walked).isEqualTo(b.walk("")).extracting(FileEntry::path).doesNotHaveDuplicates()
                        .containsExactlyInAnyOrder("d/caf\u00e9.yaml", "d/caf\udce9.yaml", "raw\udcff/x.yaml",
                                "d/h\udcc3a.y");
                assertThat(a.read("d/caf\u00e9.yaml")).asString().isEqualTo("utf8: true\n");
                assertThat(a.read("d/caf\udce9.yaml")).asString().isEqualTo("latin1: true\n");
                assertThat(a.read("d/h\udcc3a.y")).asString().isEqualTo("split: true\n");
                for (FileEntry e : walked) {
                    assertThat(a.read(e.path())).as(e.path()).isEqualTo(b.read(e.path()));
                }
                assertThat(a.list("")).extracting(FileEntry::path).containsExactly("d", "raw\udcff");
                SourceException missing = fails(() -> a.read("raw\udcff/missing.yaml"));
                assertThat(missing.reason()).isEqualTo(Reason.NOT_FOUND);
                assertThat(missing.getMessage()).startsWith("path 'raw\\xFF/missing.yaml'");
                SourceException disk = fails(a::materialize);
                assertThat(disk.reason()).isEqualTo(Reason.UNSUPPORTED);
                assertThat(disk.getMessage()).contains("\\x").contains("not valid UTF-8");
                assertThat(a.treeId("d")).isEqualTo(b.treeId("d")).hasSize(40);
            }
        }
    }
}
