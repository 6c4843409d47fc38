package io.gitops4j.core.render;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Chart archives already fetched, by their SHA-256 digest (the digest a repository index or an OCI manifest gives
 * for them, verified when they were fetched), so a chart or dependency another render already pulled is not
 * downloaded again. Only looked up after the index or manifest naming the digest was fetched with the render's own
 * credentials, so a render that could not fetch a chart cannot get it from the cache either. Bounded by total size
 * (64 MiB by default, least recently used out first). Thread-safe.
 */
final class ChartArchiveCache {
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    private final Cache<String, byte[]> archives;

    ChartArchiveCache(long maxBytes) {
        this.archives = Caffeine.newBuilder().maximumWeight(maxBytes)
                .weigher((String digest, byte[] bytes) -> bytes.length).build();
    }

    /**
     * Writes the archive with this digest to {@code target} when it is cached.
     *
     * @return true when it was
     */
    boolean copyTo(String digest, Path target) throws IOException {
        byte[] bytes = DIGEST.matcher(digest).matches() ? archives.getIfPresent(digest) : null;
        if (bytes == null) {
            return false;
        }
        Files.write(target, bytes);
        return true;
    }

    /** Keeps an archive whose content was checked against {@code digest}. */
    void put(String digest, Path archive) throws IOException {
        if (DIGEST.matcher(digest).matches()) {
            archives.put(digest, Files.readAllBytes(archive));
        }
    }
}
