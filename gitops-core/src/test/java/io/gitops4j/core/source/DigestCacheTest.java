package io.gitops4j.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GS-23: resolving a local directory again stats its entries and reads only what changed, and never misses a
 * change. Each "seen" test compares the revision with one from a full read of the tree. "Settled" clocks run an
 * hour ahead, so every file counts as changed long before it was read; a "frozen" file system keeps every file's
 * mtime and ctime at one value, as a file system with coarse timestamps does for changes within its granularity.
 */
class DigestCacheTest {
    private static final Clock SETTLED = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));
    private static final long LIMIT = 1L << 20;

    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private SourceSpec spec() {
        return SourceSpec.local(dir);
    }

    private static LocalDirectorySource source(Clock clock, TreeWalk.StatReader stats) {
        return new LocalDirectorySource(LIMIT, 1000, clock, stats);
    }

    /** Real stats with mtime and ctime replaced by {@code nanos}: only type, size and inode still move. */
    private static TreeWalk.StatReader frozenAt(long nanos) {
        return (path, unix) -> {
            FileStat s = FileStat.read(path, unix);
            return s == null ? null : new FileStat(s.type(), s.size(), nanos, nanos, s.key());
        };
    }

    /** @return the revision of a full read of the directory, as {@code open} computes it */
    private Revision fullRead() throws Exception {
        return new Revision("local", LocalTree.read(dir.toRealPath(), LIMIT, 1000).hash(""));
    }

    private void write(String path, String text) throws Exception {
        Files.createDirectories(dir.resolve(path).getParent());
        Files.writeString(dir.resolve(path), text);
    }

    private void tree() throws Exception {
        for (int i = 0; i < 20; i++) {
            write("apps/cm-" + i + ".yaml", "kind: ConfigMap\nmetadata: {name: cm-" + i + "}\n");
        }
        write("base/kustomization.yaml", "resources: []\n");
        Files.createSymbolicLink(dir.resolve("alias.yaml"), Path.of("apps/cm-1.yaml"));
    }

    @Test
    @DisplayName("GS-23 an unchanged directory is resolved again from stats alone: nothing read, the same revision")
    void gs23UnchangedDirectoryIsNotRead() throws Exception {
        tree();
        LocalDirectorySource source = source(SETTLED, FileStat::read);
        Revision first = source.resolve(spec());
        long reads = source.contentReads();
        assertThat(reads).isEqualTo(22);   // 21 files and a link

        assertThat(source.resolve(spec())).isEqualTo(first).isEqualTo(fullRead());
        assertThat(source.contentReads()).isEqualTo(reads);
        try (Snapshot s = source.open(spec(), first)) {
            assertThat(new String(s.read("alias.yaml"), StandardCharsets.UTF_8)).contains("cm-1");
        }
    }

    @Test
    @DisplayName("GS-23 the revision is the documented hash of the tree (unchanged by the cache)")
    void gs23RevisionFormatIsUnchanged() throws Exception {
        write("a.yaml", "a: 1\n");
        Files.createDirectories(dir.resolve("d"));
        Files.createSymbolicLink(dir.resolve("l"), Path.of("a.yaml"));
        String lines = "FILE a.yaml " + Manifest.sha256Hex(Base64.getEncoder().encodeToString(
                "a: 1\n".getBytes(StandardCharsets.UTF_8))) + "\nDIRECTORY d \nSYMLINK l a.yaml\n";
        LocalDirectorySource source = source(SETTLED, FileStat::read);
        assertThat(source.resolve(spec()).id()).isEqualTo(Manifest.sha256Hex(lines));
        assertThat(source.resolve(spec()).id()).isEqualTo(Manifest.sha256Hex(lines));
    }

    @Test
    @DisplayName("GS-23 a rewrite of equal size whose mtime is set back is seen (its ctime moved)")
    void gs23RewriteWithMtimeSetBackIsSeen() throws Exception {
        tree();
        LocalDirectorySource source = source(SETTLED, FileStat::read);
        Revision before = source.resolve(spec());
        Path file = dir.resolve("apps/cm-3.yaml");
        FileTime mtime = Files.getLastModifiedTime(file);
        Files.writeString(file, Files.readString(file).replace("cm-3", "cm-X"));
        Files.setLastModifiedTime(file, mtime);

        Revision after = source.resolve(spec());
        assertThat(after).isNotEqualTo(before).isEqualTo(fullRead());
    }

    @Test
    @DisplayName("GS-23 a change within the settle window is seen where the file system kept every timestamp")
    void gs23RacyChangeIsSeen() throws Exception {
        tree();
        long now = FileStat.read(dir.resolve("apps/cm-3.yaml"), true).lastChange();
        LocalDirectorySource source = source(Clock.systemUTC(), frozenAt(now));
        Revision before = source.resolve(spec());
        write("apps/cm-3.yaml", "kind: ConfigMap\nmetadata: {name: cm-Y}\n");   // same size, same stat

        Revision after = source.resolve(spec());
        assertThat(after).isNotEqualTo(before).isEqualTo(fullRead());
        // once the entry was read long enough after its last change, its stat vouches for it
        LocalDirectorySource later = source(SETTLED, frozenAt(now));
        later.resolve(spec());
        long reads = later.contentReads();
        assertThat(later.resolve(spec())).isEqualTo(after);
        assertThat(later.contentReads()).isEqualTo(reads);
    }

    @Test
    @DisplayName("GS-23 a file replaced by a rename over it, with equal size and timestamps, is seen (new inode)")
    void gs23ReplacedFileIsSeen() throws Exception {
        tree();
        LocalDirectorySource source = source(SETTLED, frozenAt(1_000_000_000L));
        Revision before = source.resolve(spec());
        Path replacement = dir.resolve("apps/cm-4.yaml.new");
        Files.writeString(replacement, "kind: ConfigMap\nmetadata: {name: cm-Z}\n");
        Files.move(replacement, dir.resolve("apps/cm-4.yaml"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);

        assertThat(source.resolve(spec())).isNotEqualTo(before).isEqualTo(fullRead());
    }

    @Test
    @DisplayName("GS-23 deleted, added and retargeted entries, a new or renamed empty directory are seen")
    void gs23StructuralChangesAreSeen() throws Exception {
        tree();
        LocalDirectorySource source = source(SETTLED, FileStat::read);
        List<Revision> seen = new ArrayList<>();
        seen.add(source.resolve(spec()));

        Files.delete(dir.resolve("apps/cm-5.yaml"));
        seen.add(source.resolve(spec()));
        write("apps/cm-5.yaml", "kind: ConfigMap\nmetadata: {name: cm-5}\n");   // back as it was
        assertThat(source.resolve(spec())).isEqualTo(seen.get(0));
        write("apps/new.yaml", "kind: ConfigMap\n");
        seen.add(source.resolve(spec()));
        Files.createDirectories(dir.resolve("empty"));
        seen.add(source.resolve(spec()));
        Files.move(dir.resolve("empty"), dir.resolve("vacant"));   // as many entries as before
        seen.add(source.resolve(spec()));
        Files.move(dir.resolve("vacant"), dir.resolve("empty"));
        assertThat(source.resolve(spec())).isEqualTo(seen.get(seen.size() - 2));
        Files.delete(dir.resolve("alias.yaml"));
        Files.createSymbolicLink(dir.resolve("alias.yaml"), Path.of("apps/cm-2.yaml"));   // same length
        seen.add(source.resolve(spec()));
        assertThat(seen.get(seen.size() - 1)).isEqualTo(fullRead());
        Files.delete(dir.resolve("empty"));
        Files.writeString(dir.resolve("empty"), "");   // a directory became an empty file
        seen.add(source.resolve(spec()));

        assertThat(seen.get(seen.size() - 1)).isEqualTo(fullRead());
        assertThat(seen).doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("GS-23 the limits hold on a resolve that reads nothing, naming the entry, never the host path")
    void gs23LimitsStillHold() throws Exception {
        write("a.yaml", "x".repeat(40));
        write("b.yaml", "y".repeat(40));
        LocalDirectorySource source = new LocalDirectorySource(100, 4, SETTLED, FileStat::read);
        source.resolve(spec());
        source.resolve(spec());
        write("c.yaml", "z".repeat(40));
        assertThatThrownBy(() -> source.resolve(spec())).isInstanceOfSatisfying(SourceException.class, e -> {
            assertThat(e.reason()).isEqualTo(SourceException.Reason.LIMIT);
            assertThat(e.getMessage()).contains("more than 100 bytes").doesNotContain(dir.toString());
        });
        Files.delete(dir.resolve("c.yaml"));
        source.resolve(spec());
        Files.createDirectories(dir.resolve("d/e/f"));
        assertThatThrownBy(() -> source.resolve(spec())).isInstanceOfSatisfying(SourceException.class, e -> {
            assertThat(e.reason()).isEqualTo(SourceException.Reason.LIMIT);
            assertThat(e.getMessage()).contains("more than 4 entries").doesNotContain(dir.toString());
        });
    }

    @Test
    @DisplayName("GS-23 a name no snapshot path may hold is refused on every resolve")
    void gs23BadNamesAreRefused() throws Exception {
        write("ok.yaml", "a: 1\n");
        LocalDirectorySource source = source(SETTLED, FileStat::read);
        source.resolve(spec());
        write("sub/a\\b.yaml", "a: 1\n");
        assertThatThrownBy(() -> source.resolve(spec())).isInstanceOfSatisfying(SourceException.class,
                e -> assertThat(e.reason()).isEqualTo(SourceException.Reason.PATH_ESCAPE));
    }

    @Test
    @DisplayName("GS-23 concurrent resolves of changing directories each see a whole tree")
    void gs23ConcurrentResolves() throws Exception {
        tree();
        LocalDirectorySource source = source(SETTLED, FileStat::read);
        for (int round = 0; round < 5; round++) {
            write("apps/cm-7.yaml", "kind: ConfigMap\nmetadata: {name: round-" + round + "}\n");
            Revision expected = fullRead();
            List<Future<Revision>> resolves = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                resolves.add(pool.submit(() -> source.resolve(spec())));
            }
            for (Future<Revision> f : resolves) {
                assertThat(f.get()).isEqualTo(expected);
            }
        }
    }

    @Test
    @DisplayName("GS-23 a directory named through a link resolves as the directory")
    void gs23LinkedRootResolvesTheDirectory() throws Exception {
        tree();
        Path link = Files.createTempDirectory("gitops4j-linked-").resolve("link");
        try {
            Files.createSymbolicLink(link, dir);
            LocalDirectorySource source = source(SETTLED, FileStat::read);
            assertThat(source.resolve(SourceSpec.local(link))).isEqualTo(source.resolve(spec()));
        } finally {
            Files.deleteIfExists(link);
            Files.deleteIfExists(link.getParent());
        }
    }
}
