package io.gitops4j.core.source;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.gitops4j.api.source.FileEntry;
import io.gitops4j.api.source.SourceException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The content hashes of local directories, kept between resolves so an unchanged file is stat-ed, not read. Per
 * directory it keeps each entry's {@link FileStat} and content digest (never file bytes) and the tree's hash. A
 * resolve walks the directory and stats every entry; a file or link is read again unless a kept entry of the same
 * path has an equal stat (type, size, mtime, ctime, device and inode) and is <em>settled</em>. When nothing was read
 * and the same paths are there, the kept hash is the answer.
 *
 * <p>Settled ("racy" timestamps): a file changed again within its file system's timestamp granularity keeps its
 * mtime and ctime, so an equal stat proves nothing for an entry whose last change was near the moment it was read.
 * An entry counts as settled only when its last change (the later of mtime and ctime) lies more than {@link
 * #SETTLE} before the walk that read it began (the wall clock read before the first stat); any later change then
 * leaves a later timestamp. Other entries are read on every resolve until one reads them settled. This assumes the
 * file system's clock is not more than {@code SETTLE} behind this JVM's (a network file system with a lagging server
 * clock defeats it, as it does Git's index).
 *
 * <p>Memory: at most {@code maxEntries} kept entries over all directories (a few hundred bytes each), directories
 * unused for an hour dropped. Thread-safe: concurrent resolves walk on their own and the last to finish keeps its
 * entries; any kept entry is only a hint that a stat must confirm.
 */
final class DigestCache {
    /**
     * How long before a walk an entry's last change must lie for its stat to vouch for its content: more than the
     * coarsest timestamp granularity of common file systems (2 s, FAT) plus the lag of the coarse kernel clock they
     * take their timestamps from.
     */
    static final Duration SETTLE = Duration.ofSeconds(3);

    private final Clock clock;
    private final TreeWalk.StatReader stats;
    private final Cache<Path, Kept> kept;
    private final AtomicLong contentReads = new AtomicLong();

    /** What a resolve of one directory found: entries by path and the tree's hash. */
    private record Kept(Map<String, Entry> entries, String hash) {}

    /** One entry as last read: its stat, what the hash takes of it, whether its stat vouches for its content. */
    private record Entry(FileStat stat, String hashed, boolean settled) implements TreeHash.Line {
        @Override
        public FileEntry.Type type() {
            return stat.type();
        }
    }

    /**
     * @param clock the wall clock file times are compared with
     * @param stats reads an entry's stat ({@link FileStat#read}; tests model other file systems)
     * @param maxEntries the most entries kept over all directories
     */
    DigestCache(Clock clock, TreeWalk.StatReader stats, long maxEntries) {
        this.clock = clock;
        this.stats = stats;
        this.kept = Caffeine.newBuilder().maximumWeight(maxEntries)
                .weigher((Path dir, Kept k) -> k.entries().size() + 1)
                .expireAfterAccess(Duration.ofHours(1)).executor(Runnable::run).build();
    }

    /**
     * Walks a directory (see {@link TreeWalk}) and returns its content hash, reading only the files and links whose
     * kept digest the stat does not vouch for. Blocks on the file system.
     *
     * @param root the directory's real path (the cache's key)
     * @throws SourceException as {@link TreeWalk#walk} does
     */
    String hash(Path root, long maxBytes, int maxFiles) {
        long walkStarted = nanos(clock.instant());
        Kept before = kept.getIfPresent(root);
        Map<String, Entry> known = before == null ? Map.of() : before.entries();
        Map<String, Entry> found = new HashMap<>(Math.max(16, known.size() * 4 / 3 + 1));
        boolean[] reread = {before == null};
        TreeWalk.walk(root, maxBytes, maxFiles, stats, new TreeWalk.Visitor() {
            @Override
            public boolean wantsContent(String path, FileStat stat) {
                Entry k = known.get(path);
                if (k != null && k.settled() && k.stat().equals(stat)) {
                    found.put(path, k);
                    return false;
                }
                return true;
            }

            @Override
            public void entry(String path, FileStat stat, byte[] content, String linkTarget) {
                boolean settled = stat.lastChange() < walkStarted - SETTLE.toNanos();
                switch (stat.type()) {
                    case DIRECTORY -> {
                        Entry k = known.get(path);
                        reread[0] |= k == null || k.type() != FileEntry.Type.DIRECTORY;
                        found.put(path, new Entry(stat, "", settled));
                    }
                    case FILE -> fresh(path, stat, content == null ? null : TreeHash.digest(content), settled);
                    case SYMLINK -> fresh(path, stat, linkTarget, settled);
                    default -> throw new IllegalStateException("a walk yields no " + stat.type());
                }
            }

            private void fresh(String path, FileStat stat, String hashed, boolean settled) {
                if (hashed != null) {   // null: wantsContent kept the known entry
                    contentReads.incrementAndGet();
                    reread[0] = true;
                    found.put(path, new Entry(stat, hashed, settled));
                }
            }
        });
        if (!reread[0] && found.size() == known.size()) {
            return before.hash();
        }
        String hash = TreeHash.of(new TreeMap<>(found), "");
        kept.put(root, new Kept(Collections.unmodifiableMap(found), hash));
        return hash;
    }

    /** @return how many files and links were read since this cache was made (for tests) */
    long contentReads() {
        return contentReads.get();
    }

    /** Forgets every directory. */
    void clear() {
        kept.invalidateAll();
    }

    private static long nanos(Instant t) {
        return TimeUnit.SECONDS.toNanos(t.getEpochSecond()) + t.getNano();
    }
}
