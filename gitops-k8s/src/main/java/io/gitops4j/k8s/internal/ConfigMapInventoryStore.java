package io.gitops4j.k8s.internal;

import io.gitops4j.api.target.Inventory;
import io.gitops4j.api.target.InventoryStore;
import io.gitops4j.api.target.InventoryUnreadableException;
import io.gitops4j.api.target.StoredInventory;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.TargetException.Reason;
import java.time.Duration;
import java.util.ArrayList;
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
 * <p><b>Cache.</b> From the first use on, the store lists and then watches its ConfigMaps (label {@code
 * gitops4j.io/inventory}, paginated); reads are answered from what the watch shows and from what the store itself
 * wrote or read (see {@link InventoryCache}), so the first reads after a start cost one list for all Applications
 * (reads wait for it, at most {@code firstListWait} after the first use), and a reconcile that changes nothing reads
 * its inventory without a request. A read never goes back behind the store's own writes; after a write refused as
 * stale the next read asks the server. A change made behind the store's back is seen once the watch delivers it
 * (moments later); until then a read may return the version before it (a deleted inventory included), and a write
 * naming that version is refused by the server as {@code STALE}. A copy from the watch that does not decode is read
 * again from the server, which decides whether it is damaged.
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
    private final Duration firstListWait;
    private KindWatch watch;
    private long firstListDeadline;
    private boolean closed;

    /** Where a stored version keeps its continuation chunks. */
    private record Layout(String version, String series, int chunks) {}

    /**
     * @param namespace where the ConfigMaps live (it must exist)
     * @param fieldManager the manager of the store's writes
     * @param attempts attempts per request (see {@link io.gitops4j.k8s.RetryOptions#maxAttempts()})
     * @param firstListWait how long reads wait for the watch's first list after the store's first use; reads after
     *     that go to the server until the list is in
     */
    public ConfigMapInventoryStore(Retrying http, Discovery discovery, ObjectReads reads, String namespace,
            String fieldManager, int attempts, Duration firstListWait) {
        this(http, discovery, reads, namespace, fieldManager, attempts, firstListWait, CHUNK_BYTES);
    }

    ConfigMapInventoryStore(Retrying http, Discovery discovery, ObjectReads reads, String namespace,
            String fieldManager, int attempts, Duration firstListWait, int chunkBytes) {
        this.http = http;
        this.discovery = discovery;
        this.reads = reads;
        this.namespace = namespace;
        this.configMaps = new InventoryConfigMaps(http, namespace, fieldManager, attempts);
        this.firstListWait = firstListWait;
        this.chunkBytes = chunkBytes;
    }

    @Override
    public Optional<StoredInventory> read(String application) {
        long deadline = watching();
        cache.awaitListed(deadline);
        InventoryCache.Lookup known = cache.lookup(application);
        if (known instanceof InventoryCache.Remembered r) {
            return Optional.of(r.stored());
        }
        if (known instanceof InventoryCache.Watched w) {
            if (w.header() == null) {
                return Optional.empty();
            }
            try {
                InventoryReader.Read read = InventoryReader.read(application, w.header(),
                        name -> Optional.ofNullable(w.configMaps().get(name)));
                laidOut(read);
                cache.decoded(read);
                return Optional.of(read.stored());
            } catch (InventoryUnreadableException e) {
                // the watch's copy does not add up: the server's answer decides
            }
        }
        Optional<InventoryReader.Read> read = readFromServer(application);
        if (read.isEmpty()) {
            cache.noneOnServer(application);
            return Optional.empty();
        }
        laidOut(read.get());
        cache.readFromServer(read.get());
        return Optional.of(read.get().stored());
    }

    /**
     * Starts the watch of the inventory ConfigMaps on first use.
     *
     * @return until when ({@link System#nanoTime()}) a read waits for the watch's first list
     */
    private synchronized long watching() {
        if (watch == null && !closed) {
            watch = new KindWatch(new io.gitops4j.api.resource.GroupKind("", "ConfigMap"), namespace, LABEL, http,
                    discovery, reads, cache);
            firstListDeadline = System.nanoTime() + firstListWait.toNanos();
            watch.start();
        }
        return firstListDeadline;
    }

    /** One GET of the header, and one per further chunk. */
    private Optional<InventoryReader.Read> readFromServer(String application) {
        ApiResponse head = configMaps.get(InventoryConfigMaps.headName(application), application, "read");
        if (head.code() == 404) {
            return Optional.empty();
        }
        if (!head.isSuccess()) {
            throw ApiFailures.exception(null, "inventory of " + application + ": read", head);
        }
        return Optional.of(InventoryReader.read(application, head.json(), name -> {
            ApiResponse part = configMaps.get(name, application, "read");
            if (part.code() == 404) {
                return Optional.empty();
            }
            if (!part.isSuccess()) {
                throw ApiFailures.exception(null, "inventory of " + application + ": read " + name, part);
            }
            return Optional.of(part.json());
        }));
    }

    private void laidOut(InventoryReader.Read read) {
        layouts.put(read.stored().inventory().application(), new Layout(read.stored().version(), read.series(),
                read.chunks()));
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
                cache.stale(app);
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
            cache.wrote(stored, series);
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

    /** Stops the watch. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (watch != null) {
            watch.close();
        }
    }

}
