package io.gitops4j.core.source;

import io.gitops4j.api.source.FileEntry;
import io.gitops4j.api.source.SnapshotPaths;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;

/**
 * The content hash of a local directory tree, which is its revision id: a SHA-256 over one line per entry, sorted by
 * path, of its type, its path and what it holds (a file's content digest, a link's target, nothing for a directory).
 * Whoever builds the lines (a tree read into memory, the digests a resolve kept) gets the same hash for the same tree.
 * Stateless and thread-safe.
 */
final class TreeHash {
    private static final HexFormat HEX = HexFormat.of();

    private TreeHash() {}

    /** One entry of a tree as the hash sees it. */
    interface Line {
        FileEntry.Type type();

        /** @return a file's {@linkplain #digest content digest}, a link's target, {@code ""} for a directory */
        String hashed();
    }

    /** @return the digest of a file's content: the SHA-256 (lower-case hex) of its Base64 form */
    static String digest(byte[] content) {
        return HEX.formatHex(sha256().digest(Base64.getEncoder().encode(content)));
    }

    /**
     * @param entries repo-relative path → entry, sorted by path
     * @param directory the hash covers the entries below it ({@code ""}: all); paths stay repo-relative
     * @return the tree's hash, lower-case hex
     */
    static String of(SortedMap<String, ? extends Line> entries, String directory) {
        MessageDigest sha = sha256();
        StringBuilder line = new StringBuilder(160);
        for (Map.Entry<String, ? extends Line> e : entries.entrySet()) {
            if (SnapshotPaths.isWithin(e.getKey(), directory)) {
                line.setLength(0);
                line.append(e.getValue().type()).append(' ').append(e.getKey()).append(' ')
                        .append(e.getValue().hashed()).append('\n');
                sha.update(line.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return HEX.formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
