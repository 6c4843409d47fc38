package io.gitops4j.k8s.internal;

import io.gitops4j.api.target.Inventory;
import io.gitops4j.api.target.InventoryUnreadableException;
import io.gitops4j.api.target.StoredInventory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an inventory out of its ConfigMaps, wherever they came from (answers of the server, or the watch's copy):
 * the header's format, entry count, digest, series and number of chunks, then each chunk of that series, decoded and
 * checked against the digest and count (see {@link InventoryCodec}). What does not add up is an {@link
 * InventoryUnreadableException} carrying the header's resourceVersion, never an empty inventory (PR-10). Stateless.
 */
final class InventoryReader {
    /** Where the continuation chunks of an inventory are looked up, by ConfigMap name. */
    interface Chunks {
        /**
         * @return the ConfigMap named {@code name}, empty when it does not exist
         * @throws io.gitops4j.api.target.TargetException when it cannot be read
         */
        Optional<Map<String, Object>> find(String name);
    }

    /**
     * An inventory read whole.
     *
     * @param stored the inventory and its version (the header's resourceVersion)
     * @param series the series its continuation chunks are named after ({@code ""}: it has none)
     * @param chunks how many chunks it has, the header's included
     */
    record Read(StoredInventory stored, String series, int chunks) {}

    private InventoryReader() {}

    /**
     * @param header the header ConfigMap {@code gitops4j-inventory-APP}
     * @throws InventoryUnreadableException when the header, a chunk or the content is damaged or missing
     */
    static Read read(String application, Map<String, Object> header, Chunks chunks) {
        Map<String, Object> data = Json.map(header, "data");
        String version = Json.string(Json.map(header, "metadata"), "resourceVersion");
        if (!InventoryCodec.FORMAT.equals(Json.string(data, "format"))) {
            throw invalid(application, version, "it is not in the format " + InventoryCodec.FORMAT);
        }
        int count = number(application, version, data, "chunks");
        int entries = number(application, version, data, "entries");
        String series = Json.string(data, "series");
        List<byte[]> parts = new ArrayList<>();
        parts.add(chunk(application, version, header, 0));
        for (int i = 1; i < count; i++) {
            Optional<Map<String, Object>> part = chunks.find(InventoryConfigMaps.chunkName(application, series, i));
            if (part.isEmpty()) {
                throw invalid(application, version, "chunk " + i + " of " + count + " is missing");
            }
            parts.add(chunk(application, version, part.get(), i));
        }
        Inventory inventory;
        try {
            inventory = InventoryCodec.decode(application, new InventoryCodec.Encoded(Json.string(data, "sha256"),
                    entries, parts));
        } catch (IllegalArgumentException e) {
            throw invalid(application, version, e.getMessage());
        }
        return new Read(new StoredInventory(inventory, version), series, count);
    }

    private static byte[] chunk(String application, String version, Map<String, Object> cm, int index) {
        String b64 = InventoryConfigMaps.chunkText(cm, index);
        if (b64.isEmpty()) {
            throw invalid(application, version, "chunk " + index + " holds no data");
        }
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw invalid(application, version, "chunk " + index + " is not base64");
        }
    }

    private static int number(String application, String version, Map<String, Object> data, String field) {
        try {
            int n = Integer.parseInt(Json.string(data, field));
            if (n < 0 || (field.equals("chunks") && (n < 1 || n > 10_000))) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw invalid(application, version, "its header field '" + field + "' is missing or not a count");
        }
    }

    private static InventoryUnreadableException invalid(String application, String version, String why) {
        return new InventoryUnreadableException(application, version, why + "; it must be rebuilt from the ownership "
                + "labels, not read as empty (PR-10)");
    }
}
