package io.gitops4j.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import io.gitops4j.api.source.SourceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing a snapshot to disk: only what is asked for, within budgets (GS-20), on the local directory source. */
class SnapshotMaterializeTest {
    @TempDir
    Path dir;

    private Snapshot open() {
        LocalDirectorySource source = LocalDirectorySource.create();
        SourceSpec spec = SourceSpec.local(dir);
        return source.open(spec, source.resolve(spec));
    }

    /** One 1 MiB file, reachable under 16 × 16 = 256 paths through two levels of links to directories. */
    private void linkedDirectories() throws IOException {
        Files.createDirectories(dir.resolve("l0"));
        Files.write(dir.resolve("l0/blob.bin"), new byte[1 << 20]);
        for (int level = 1; level <= 2; level++) {
            Files.createDirectories(dir.resolve("l" + level));
            for (int i = 0; i < 16; i++) {
                Files.createSymbolicLink(dir.resolve("l" + level + "/link-" + i), Path.of("../l" + (level - 1)));
            }
        }
        Files.createDirectories(dir.resolve("app"));
        Files.writeString(dir.resolve("app/kustomization.yaml"), "resources: [cm.yaml]\n");
        Files.writeString(dir.resolve("app/cm.yaml"), "kind: ConfigMap\n");
    }

    @Test
    @DisplayName("GS-20 a 1 MiB tree that links multiply past 256 MiB is refused before anything is written")
    void wholeTreeOverBudgetIsRefusedBeforeWriting() throws Exception {
        linkedDirectories();
        try (Snapshot s = open()) {
            long before = wchar();
            SourceException e = catchThrowableOfType(s::materialize, SourceException.class);
            long written = wchar() - before;
            assertThat(e.reason()).isEqualTo(Reason.LIMIT);
            long needed = 273L * (1 << 20) + "resources: [cm.yaml]\n".length() + "kind: ConfigMap\n".length();
            assertThat(e.getMessage()).endsWith("to disk needs " + needed + " bytes, over the limit of 268435456; "
                    + "nothing was kept");
            assertThat(written).as("bytes the JVM wrote").isLessThan(64 * 1024);
        }
    }

    @Test
    @DisplayName("GS-20 materializing the paths a render needs writes just those, each call in a new directory")
    void onlyTheNamedPathsAreWritten() throws Exception {
        linkedDirectories();
        try (Snapshot s = open()) {
            Path one = s.materialize(List.of("app/kustomization.yaml", "app/cm.yaml"), 1024);
            assertThat(files(one)).containsExactlyInAnyOrder("app/kustomization.yaml", "app/cm.yaml");
            assertThat(Files.readString(one.resolve("app/cm.yaml"))).isEqualTo("kind: ConfigMap\n");
            Path two = s.materialize(List.of("l1/link-3"), 2 << 20);
            assertThat(two).isNotEqualTo(one);
            assertThat(files(two)).containsExactly("l1/link-3/blob.bin");
            assertThat(Files.isSymbolicLink(two.resolve("l1/link-3"))).isFalse();
            SnapshotWriter.deleteTree(one);
            s.close();
            assertThat(two).doesNotExist();
        }
    }

    @Test
    @DisplayName("GS-20 the per-call budget counts a file at every path it is written under")
    void perCallBudget() throws Exception {
        linkedDirectories();
        try (Snapshot s = open()) {
            SourceException e = catchThrowableOfType(() -> s.materialize(List.of("l1/link-0", "l1/link-1"),
                    (1 << 20) + 10), SourceException.class);
            assertThat(e.reason()).isEqualTo(Reason.LIMIT);
            assertThat(e.getMessage()).contains("needs 2097152 bytes, over the limit of 1048586");
            SourceException missing = catchThrowableOfType(() -> s.materialize(List.of("app/nothere.yaml"), 10),
                    SourceException.class);
            assertThat(missing.reason()).isEqualTo(Reason.NOT_FOUND);
        }
    }

    @Test
    @DisplayName("GS-20 links to directories cannot make a walk visit more than 100,000 entries")
    void walkOfMultiplyingEmptyDirectoriesIsBounded() throws Exception {
        Files.createDirectories(dir.resolve("l0"));
        for (int level = 1; level <= 9; level++) {
            Files.createDirectories(dir.resolve("l" + level));
            for (int i = 0; i < 4; i++) {
                Files.createSymbolicLink(dir.resolve("l" + level + "/x" + i), Path.of("../l" + (level - 1)));
            }
        }
        try (Snapshot s = open()) {
            SourceException e = catchThrowableOfType(() -> s.walk(""), SourceException.class);
            assertThat(e.reason()).isEqualTo(Reason.LIMIT);
            assertThat(e.getMessage()).contains("reaches more than 100000 directories through links");
        }
    }

    private static Set<String> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).collect(Collectors.toSet());
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
