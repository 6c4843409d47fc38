package io.gitops4j.k8s.internal;

import io.gitops4j.api.InvalidSpecException;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.target.Inventory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The stored form of an inventory: one line per entry, {@code group/kind/namespace/name UID} (the UID empty for
 * write-ahead intent), sorted, gzip-compressed, cut into chunks of at most {@code chunkBytes}, and described by a
 * SHA-256 digest of the uncompressed text and the entry count, so a truncated or corrupt copy is detected instead of
 * read as fewer entries (PR-10). Stateless.
 */
final class InventoryCodec {
    /** The format named in a stored inventory. */
    static final String FORMAT = "gitops4j-inventory/v1";
    /** The most decompressed bytes an inventory may hold (about a million entries). */
    static final int MAX_TEXT_BYTES = 256 * 1024 * 1024;

    private InventoryCodec() {}

    /** An inventory encoded: its digest, entry count and compressed chunks. */
    record Encoded(String sha256, int entries, List<byte[]> chunks) {}

    static Encoded encode(Inventory inventory, int chunkBytes) {
        StringBuilder text = new StringBuilder(inventory.size() * 64);
        inventory.entries().forEach((id, uid) -> text.append(id).append(' ').append(uid).append('\n'));
        byte[] plain = text.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream zipped = new ByteArrayOutputStream(plain.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] all = zipped.toByteArray();
        List<byte[]> chunks = new ArrayList<>();
        for (int at = 0; at < all.length; at += chunkBytes) {
            chunks.add(java.util.Arrays.copyOfRange(all, at, Math.min(all.length, at + chunkBytes)));
        }
        return new Encoded(sha256(plain), inventory.size(), chunks);
    }

    /**
     * @throws IllegalArgumentException naming what is wrong when the chunks do not decode to the digest and count
     */
    static Inventory decode(String application, Encoded stored) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        stored.chunks().forEach(joined::writeBytes);
        byte[] plain;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(joined.toByteArray()))) {
            plain = in.readNBytes(MAX_TEXT_BYTES + 1);
        } catch (IOException e) {
            throw new IllegalArgumentException("the compressed data is damaged (" + e.getClass().getSimpleName() + ")");
        }
        if (plain.length > MAX_TEXT_BYTES) {
            throw new IllegalArgumentException("it decompresses to more than " + MAX_TEXT_BYTES + " bytes");
        }
        if (!sha256(plain).equals(stored.sha256())) {
            throw new IllegalArgumentException("its content does not match its digest");
        }
        Map<ObjectId, String> entries = new LinkedHashMap<>();
        String[] lines = new String(plain, StandardCharsets.UTF_8).split("\n");
        for (String line : lines) {
            if (line.isEmpty()) {
                continue;
            }
            int space = line.indexOf(' ');
            if (space < 0) {
                throw new IllegalArgumentException("an entry has no UID field");
            }
            try {
                entries.put(ObjectId.parse(line.substring(0, space)), line.substring(space + 1));
            } catch (InvalidSpecException e) {
                throw new IllegalArgumentException("an entry is not an object identity");
            }
        }
        if (entries.size() != stored.entries()) {
            throw new IllegalArgumentException("it holds " + entries.size() + " entries, its header says "
                    + stored.entries());
        }
        return new Inventory(application, entries);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
