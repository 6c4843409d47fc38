package io.gitops4j.k8s.internal;

import io.gitops4j.api.target.ChangeEvent;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.StoredInventory;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a store knows of the inventory ConfigMaps, from a watch of them (the label {@value
 * InventoryConfigMaps#LABEL}): the ConfigMaps as the watch last showed them (name, resourceVersion, {@code data},
 * {@code binaryData}; nothing else is kept), and per Application the inventory the store last decoded, read from the
 * server or wrote ("remembered"). {@link #lookup} answers a read with one of three:
 * <ul>
 *   <li>{@link Remembered}: the remembered inventory. It is forgotten as soon as the watch shows a newer change of
 *       the header or of a chunk of its series (a deletion included), on a re-list, when the watch stops, and after
 *       a write was refused as stale ({@link #stale}); it is only remembered when no newer change was seen.</li>
 *   <li>{@link Watched}: the ConfigMaps of the Application as the watch shows them (no header: none stored), to be
 *       decoded. Given only once the first list is in, and only when the watch's header is at least as new as
 *       anything this store wrote or read from the server for that Application, so a read never goes back behind the
 *       store's own writes (read-your-writes), nor behind a re-list that raced with one.</li>
 *   <li>{@link Unknown}: ask the server: before the first list, after a stale write (until the server answers
 *       with an inventory, or with none while the watch shows none, or the store writes one), when the watch is
 *       behind, or when a resourceVersion is not a number (so versions cannot be ordered).</li>
 * </ul>
 * Writes carry the version they replace to the server in every case, which refuses a stale one; what is answered from
 * here is at worst what a GET moments earlier would have answered.
 *
 * <p>Thread-safe; {@link #awaitListed} blocks.
 */
final class InventoryCache implements KindWatch.Sink {
    /** What {@link #lookup} knows of an inventory. */
    sealed interface Lookup permits Remembered, Watched, Unknown {}

    /** The inventory as the store last decoded, read or wrote it, unchanged since as far as the watch shows. */
    record Remembered(StoredInventory stored) implements Lookup {}

    /**
     * The Application's ConfigMaps as the watch shows them.
     *
     * @param header the header ConfigMap, null when none is stored
     * @param configMaps every ConfigMap of the Application by name (the header's included)
     */
    record Watched(Map<String, Object> header, Map<String, Map<String, Object>> configMaps) implements Lookup {}

    /** Nothing known that can be trusted: read the server. */
    record Unknown() implements Lookup {}

    private static final Unknown UNKNOWN = new Unknown();

    /** What is known of one Application's inventory. */
    private static final class App {
        final Map<String, Map<String, Object>> configMaps = new HashMap<>();
        /** The header's resourceVersion as the watch last showed it (its deletion's included); -1 not seen, -2 not a number. */
        long header = -1;
        /** The newest change seen of the header or of a chunk of the series in use; MAX_VALUE once one was not a number. */
        long changed = -1;
        /** The newest version this store wrote or read from the server. */
        long floor = -1;
        StoredInventory remembered;
        String rememberedSeries = "";
        /** The next read goes to the server: a write was refused as stale. */
        boolean askServer;
    }

    private final Map<String, App> apps = new HashMap<>();
    private boolean live;
    private boolean stopped;

    /**
     * Waits until the watch's first list is in, the watch stopped, or {@code deadlineNanos} ({@link System#nanoTime()})
     * passed.
     */
    synchronized void awaitListed(long deadlineNanos) {
        try {
            long left;
            while (!live && !stopped && (left = deadlineNanos - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return what is known of {@code application}'s inventory (see the class comment) */
    synchronized Lookup lookup(String application) {
        if (!live) {
            return UNKNOWN;
        }
        App a = apps.get(application);
        if (a == null) {
            return new Watched(null, Map.of());
        }
        if (a.remembered != null) {
            return new Remembered(a.remembered);
        }
        if (a.askServer || a.header < a.floor || a.header == -2) {
            return UNKNOWN;
        }
        return new Watched(a.configMaps.get(InventoryConfigMaps.headName(application)), Map.copyOf(a.configMaps));
    }

    /**
     * Remembers an inventory decoded from {@link Watched} ConfigMaps, unless a newer change or a stale write was seen
     * meanwhile.
     */
    synchronized void decoded(InventoryReader.Read read) {
        App a = apps.get(read.stored().inventory().application());
        if (a == null || !a.askServer) {
            remember(read.stored(), read.series(), false);
        }
    }

    /**
     * Remembers an inventory read from the server, which this store will not go back behind; the next reads are
     * answered from here again.
     */
    synchronized void readFromServer(InventoryReader.Read read) {
        trusted(read.stored(), read.series());
    }

    /**
     * The server has no inventory of {@code application}: when the watch shows none either, it answers again (until
     * then, reads keep asking the server).
     */
    synchronized void noneOnServer(String application) {
        App a = apps.get(application);
        if (a != null && !a.configMaps.containsKey(InventoryConfigMaps.headName(application))) {
            a.floor = Math.min(a.floor, a.header);
            a.askServer = false;
        }
    }

    /** Remembers an inventory this store wrote, which it will not go back behind. */
    synchronized void wrote(StoredInventory stored, String series) {
        trusted(stored, series);
    }

    private void trusted(StoredInventory stored, String series) {
        remember(stored, series, true);
        App a = apps.get(stored.inventory().application());
        if (a != null) {
            a.askServer = false;
        }
    }

    /** A write was refused as stale: forget the inventory, and read the next one from the server. */
    synchronized void stale(String application) {
        App a = app(application);
        a.remembered = null;
        a.askServer = true;
    }

    private void remember(StoredInventory stored, String series, boolean raiseFloor) {
        long version = number(stored.version());
        if (version < 0) {
            return;
        }
        App a = app(stored.inventory().application());
        if (raiseFloor) {
            a.floor = Math.max(a.floor, version);
        }
        if (!live || a.changed > version || a.floor > version) {
            return; // a newer change was seen, or the store wrote or read a newer version meanwhile
        }
        a.remembered = stored;
        a.rememberedSeries = series;
    }

    @Override
    public void served(ServedKind kind) {
        // ConfigMaps are always served
    }

    @Override
    public synchronized void listed(List<LiveObject> items) {
        items.forEach(o -> note(ChangeEvent.Type.ADDED, o));
        live = true;
        notifyAll();
    }

    @Override
    public synchronized void observed(ChangeEvent.Type type, LiveObject object) {
        note(type, object);
    }

    @Override
    public synchronized void relisted(List<LiveObject> items) {
        for (App a : apps.values()) {
            a.configMaps.clear();
            a.header = -1;
            a.remembered = null;
        }
        items.forEach(o -> note(ChangeEvent.Type.ADDED, o));
    }

    @Override
    public synchronized void stopped() {
        live = false;
        stopped = true;
        apps.clear();
        notifyAll();
    }

    private void note(ChangeEvent.Type type, LiveObject object) {
        String application = object.manifest().labels().get(InventoryConfigMaps.LABEL);
        if (application == null) {
            return;
        }
        App a = app(application);
        String name = object.key().name();
        long rv = number(object.resourceVersion());
        boolean header = name.equals(InventoryConfigMaps.headName(application));
        String series = header ? "" : seriesOf(application, name);
        boolean inUse = header || (series != null && (series.equals(a.rememberedSeries) && a.remembered != null
                || series.equals(headerSeries(a, application))));
        if (type == ChangeEvent.Type.DELETED) {
            a.configMaps.remove(name);
        } else {
            a.configMaps.put(name, slim(object));
        }
        if (header) {
            a.header = rv < 0 ? -2 : rv;
        }
        if (inUse) {
            a.changed = rv < 0 ? Long.MAX_VALUE : Math.max(a.changed, rv);
            if (a.remembered != null && (rv < 0 || rv > number(a.remembered.version()))) {
                a.remembered = null;
            }
        }
    }

    private App app(String application) {
        return apps.computeIfAbsent(application, k -> new App());
    }

    private static String headerSeries(App a, String application) {
        Map<String, Object> head = a.configMaps.get(InventoryConfigMaps.headName(application));
        return head == null ? null : Json.string(Json.map(head, "data"), "series");
    }

    /** @return the series of chunk ConfigMap {@code name} of {@code application}, null when it is not one */
    private static String seriesOf(String application, String name) {
        String prefix = InventoryConfigMaps.headName(application) + "-";
        int dash = name.lastIndexOf('-');
        return name.startsWith(prefix) && dash > prefix.length() ? name.substring(prefix.length(), dash) : null;
    }

    /** @return the parts of a ConfigMap an inventory is read from; the rest (managedFields …) is not kept */
    private static Map<String, Object> slim(LiveObject object) {
        Map<String, Object> tree = object.manifest().tree();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", object.key().name());
        meta.put("resourceVersion", object.resourceVersion());
        Map<String, Object> slim = new LinkedHashMap<>();
        slim.put("metadata", meta);
        slim.put("data", Json.map(tree, "data"));
        slim.put("binaryData", Json.map(tree, "binaryData"));
        return slim;
    }

    private static long number(String version) {
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
