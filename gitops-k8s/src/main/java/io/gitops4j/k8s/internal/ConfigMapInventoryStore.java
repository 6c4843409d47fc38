package io.gitops4j.k8s.internal;

import io.gitops4j.api.target.Inventory;
import io.gitops4j.api.target.InventoryStore;
import io.gitops4j.api.target.InventoryUnreadableException;
import io.gitops4j.api.target.StoredInventory;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.TargetException.Reason;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Inventories as ConfigMaps in one namespace: {@code gitops4j-inventory-APP} holds the header (format, entry count,
 * SHA-256 digest, number of chunks) and the first chunk of the gzip-compressed entries in {@code binaryData}; an
 * inventory whose compressed form is larger than a chunk ({@value #CHUNK_BYTES} bytes, well below the 1 MiB a
 * ConfigMap may hold) continues in {@code gitops4j-inventory-APP-SERIES-N}. Ten thousand entries fit in one chunk.
 *
 * <p><b>Concurrency.</b> The header's resourceVersion is the inventory's version. A write names the version it
 * replaces: a create when it is {@code ""}, else an update carrying that resourceVersion, so the server refuses a
 * stale one (409, reported as {@code STALE}; nothing changes, DA-02). Continuation chunks of a new version are written
 * under a fresh series name before the header switches to them, and the previous series is deleted afterwards, so a
 * reader sees either the old inventory or the new one.
 *
 * <p><b>Damage.</b> A header without the format, a missing chunk, data that does not decompress, or content that
 * does not match its digest or count is an {@link InventoryUnreadableException} (reason {@code INVALID}, carrying the
 * header's version so a rebuilt inventory can replace it): never "owns nothing", never "prune everything" (PR-10).
 *
 * <p><b>Cache.</b> From the first use on, the store watches its ConfigMaps (label {@code gitops4j.io/inventory}); an
 * inventory it read or wrote is answered from memory until the watch shows a newer change of it (see
 * {@link InventoryCache}), so a reconcile that changes nothing reads its inventory without a request. A change made
 * behind the store's back is seen once the watch delivers it (moments later); until then a read may return the
 * version before it, and a write naming that version is refused by the server as {@code STALE}.
 *
 * <p>The ConfigMaps carry {@code gitops4j.io/inventory: APP}, not the ownership label, so no Application owns or
 * prunes them. Thread-safe; blocks on I/O; requests are retried as any other.
 */
public final class ConfigMapInventoryStore implements InventoryStore, AutoCloseable {
    /** The largest compressed chunk per ConfigMap. */
    static final int CHUNK_BYTES = 768 * 1024;
    /** The label naming the Application an inventory ConfigMap belongs to. */
    static final String LABEL = InventoryConfigMaps.LABEL;

    private final Retrying http;
    private final String namespace;
    private final InventoryConfigMaps configMaps;
    private final int chunkBytes;
    private final Map<String, Layout> layouts = new ConcurrentHashMap<>();
    private final InventoryCache cache = new InventoryCache();
    private final Discovery discovery;
    private final ObjectReads reads;
    private KindWatch watch;
    private boolean closed;

    /** Where a stored version keeps its continuation chunks. */
    private record Layout(String version, String series, int chunks) {}

    /**
     * @param namespace where the ConfigMaps live (it must exist)
     * @param fieldManager the manager of the store's writes
     * @param attempts attempts per request (see {@link io.gitops4j.k8s.RetryOptions#maxAttempts()})
     */
    public ConfigMapInventoryStore(Retrying http, Discovery discovery, ObjectReads reads, String namespace,
            String fieldManager, int attempts) {
        this(http, discovery, reads, namespace, fieldManager, attempts, CHUNK_BYTES);
    }

    ConfigMapInventoryStore(Retrying http, Discovery discovery, ObjectReads reads, String namespace,
            String fieldManager, int attempts, int chunkBytes) {
        this.http = http;
        this.discovery = discovery;
        this.reads = reads;
        this.namespace = namespace;
        this.configMaps = new InventoryConfigMaps(http, namespace, fieldManager, attempts);
        this.chunkBytes = chunkBytes;
    }

    @Override
    public Optional<StoredInventory> read(String application) {
        watching();
        Optional<StoredInventory> known = cache.get(application);
        if (known.isPresent()) {
            return known;
        }
        Optional<StoredInventory> stored = readStored(application);
        stored.ifPresent(cache::put);
        return stored;
    }

    /** Starts the watch of the inventory ConfigMaps on first use. */
    private synchronized void watching() {
        if (watch == null && !closed) {
            watch = new KindWatch(new io.gitops4j.api.resource.GroupKind("", "ConfigMap"), namespace, LABEL, http,
                    discovery, reads, cache);
            watch.start();
        }
    }

    private Optional<StoredInventory> readStored(String application) {
        ApiResponse head = configMaps.get(InventoryConfigMaps.headName(application), application, "read");
        if (head.code() == 404) {
            return Optional.empty();
        }
        if (!head.isSuccess()) {
            throw ApiFailures.exception(null, "inventory of " + application + ": read", head);
        }
        Map<String, Object> cm = head.json();
        Map<String, Object> data = Json.map(cm, "data");
        String version = Json.string(Json.map(cm, "metadata"), "resourceVersion");
        if (!InventoryCodec.FORMAT.equals(Json.string(data, "format"))) {
            throw invalid(application, version, "it is not in the format " + InventoryCodec.FORMAT);
        }
        int chunks = number(application, version, data, "chunks");
        int entries = number(application, version, data, "entries");
        String series = Json.string(data, "series");
        List<byte[]> parts = new ArrayList<>();
        parts.add(chunk(application, version, cm, 0));
        for (int i = 1; i < chunks; i++) {
            ApiResponse part = configMaps.get(InventoryConfigMaps.chunkName(application, series, i), application,
                    "read");
            if (part.code() == 404) {
                throw invalid(application, version, "chunk " + i + " of " + chunks + " is missing");
            }
            if (!part.isSuccess()) {
                throw ApiFailures.exception(null, "inventory of " + application + ": read chunk " + i, part);
            }
            parts.add(chunk(application, version, part.json(), i));
        }
        Inventory inventory;
        try {
            inventory = InventoryCodec.decode(application, new InventoryCodec.Encoded(Json.string(data, "sha256"),
                    entries, parts));
        } catch (IllegalArgumentException e) {
            throw invalid(application, version, e.getMessage());
        }
        layouts.put(application, new Layout(version, series, chunks));
        return Optional.of(new StoredInventory(inventory, version));
    }

    @Override
    public StoredInventory write(Inventory inventory, String expectedVersion) {
        watching();
        String app = inventory.application();
        InventoryCodec.Encoded encoded = InventoryCodec.encode(inventory, chunkBytes);
        int chunks = encoded.chunks().size();
        String series = chunks > 1 ? Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL) : "";
        List<String> written = new ArrayList<>();
        try {
            for (int i = 1; i < chunks; i++) {
                String name = InventoryConfigMaps.chunkName(app, series, i);
                ApiResponse r = configMaps.create(configMaps.body(name, app, encoded.chunks().get(i), i, Map.of(),
                        ""), app, "write chunk " + i);
                if (!r.isSuccess()) {
                    throw ApiFailures.exception(null, "inventory of " + app + ": write chunk " + i, r);
                }
                written.add(name);
            }
            Map<String, String> header = new LinkedHashMap<>();
            header.put("format", InventoryCodec.FORMAT);
            header.put("application", app);
            header.put("entries", Integer.toString(encoded.entries()));
            header.put("chunks", Integer.toString(chunks));
            header.put("sha256", encoded.sha256());
            header.put("series", series);
            String head = InventoryConfigMaps.headName(app);
            Map<String, Object> body = configMaps.body(head, app, encoded.chunks().get(0), 0, header,
                    expectedVersion);
            ApiResponse r = expectedVersion.isEmpty() ? configMaps.create(body, app, "write")
                    : configMaps.replace(head, body, app, "write");
            if (r.code() == 409 || (r.code() == 404 && !expectedVersion.isEmpty())) {
                cache.forget(app);
                throw new TargetException(null, Reason.STALE, "inventory of " + app + ": changed since it was read"
                        + " (expected version '" + expectedVersion + "'); nothing was written");
            }
            if (!r.isSuccess()) {
                throw ApiFailures.exception(null, "inventory of " + app + ": write", r);
            }
            String version = Json.string(Json.map(r.json(), "metadata"), "resourceVersion");
            written.clear();
            Layout old = layouts.put(app, new Layout(version, series, chunks));
            removeOldChunks(app, old, expectedVersion, series);
            StoredInventory stored = new StoredInventory(inventory, version);
            cache.put(stored);
            return stored;
        } finally {
            written.forEach(configMaps::deleteQuietly);
        }
    }

    /** Deletes the chunks of the replaced version: those we know of, else every chunk of another series. */
    private void removeOldChunks(String app, Layout old, String replaced, String current) {
        if (old != null && old.version().equals(replaced)) {
            for (int i = 1; i < old.chunks(); i++) {
                if (!old.series().equals(current)) {
                    configMaps.deleteQuietly(InventoryConfigMaps.chunkName(app, old.series(), i));
                }
            }
            return;
        }
        if (replaced.isEmpty()) {
            return;
        }
        for (String name : configMaps.names(app)) {
            if (!name.equals(InventoryConfigMaps.headName(app))
                    && (current.isEmpty() || !name.startsWith(InventoryConfigMaps.chunkPrefix(app, current)))) {
                configMaps.deleteQuietly(name);
            }
        }
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

    /** Stops the watch. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (watch != null) {
            watch.close();
        }
    }

}
