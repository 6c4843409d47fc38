package io.gitops4j.k8s;

import static io.gitops4j.k8s.KubernetesInventoryStoreTest.inventory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.target.Inventory;
import io.gitops4j.api.target.InventoryStore;
import io.gitops4j.api.target.StoredInventory;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.TargetException.Reason;
import io.gitops4j.k8s.internal.ConfigMapInventoryStore;
import io.gitops4j.k8s.internal.TestStores;
import io.gitops4j.testkit.fault.Fault;
import io.gitops4j.testkit.fault.FaultRule;
import io.gitops4j.testkit.fault.Faults;
import io.gitops4j.testkit.fault.Verb;
import io.gitops4j.testkit.kube.DeleteOptions;
import io.gitops4j.testkit.server.RequestRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The inventory store answers reads from one list and a watch of its ConfigMaps: after a restart that costs one list
 * for every Application, and neither the optimistic concurrency of writes nor a deletion behind its back is lost.
 */
class KubernetesInventoryWatchTest extends OnFakeApiServer {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @Test
    @DisplayName("P11 the first reads after a restart cost one list of the inventory ConfigMaps, not a GET each")
    void p11FirstReadsAfterARestartCostOneList() throws Exception {
        Map<String, StoredInventory> written = new TreeMap<>();
        for (int i = 0; i < 40; i++) {
            written.put("app-" + i, target.inventories().write(inventory("app-" + i, 10 + i), ""));
        }
        try (ConfigMapInventoryStore split = new TestStores().smallChunks(server, 16 * 1024)) {
            written.put("big", split.write(inventory("big", 3_000), ""));
        }
        assertThat(configMapNames(n -> n.startsWith("gitops4j-inventory-big-"))).as("split into chunks")
                .hasSizeGreaterThan(1);
        // the first list is slow: the reads that come meanwhile wait for it instead of asking one by one
        Faults.of(server.kube()).on(Verb.LIST).resource("configmaps").next(1)
                .inject(Fault.latency(Duration.ofMillis(500)));
        server.requests().clear();

        Map<String, StoredInventory> read = new ConcurrentHashMap<>();
        try (KubernetesTarget restarted = Fixtures.target(server)) {
            ExecutorService workers = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> reads = new ArrayList<>();
                for (String app : written.keySet()) {
                    reads.add(workers.submit(() -> read.put(app, restarted.inventories().read(app).orElseThrow())));
                }
                for (Future<?> f : reads) {
                    f.get();
                }
            } finally {
                workers.shutdownNow();
            }
            assertThat(restarted.inventories().read("never-written")).isEmpty();
        }

        assertThat(read).isEqualTo(written);
        assertThat(configMapRequests("get")).as("GETs of inventory ConfigMaps").isEmpty();
        assertThat(configMapRequests("list")).as("lists of inventory ConfigMaps").hasSize(1);
    }

    @Test
    @DisplayName("DA-02 a change by another writer the watch has not shown yet: the write is STALE, the read after it "
            + "asks the server")
    void da02AnotherWritersChangeIsDetectedWhileTheWatchLags() {
        InventoryStore ours = target.inventories();
        StoredInventory first = ours.write(inventory("shop", 3), "");
        assertThat(servedFromMemory(ours, "shop", first)).as("the watch's first list is in").isTrue();
        FaultRule watchDown = holdWatches();
        try (KubernetesTarget other = Fixtures.target(server)) {
            StoredInventory theirs = other.inventories().write(inventory("shop", 5), first.version());
            assertThat(ours.read("shop")).as("precondition: the watch has not shown the other write")
                    .contains(first);

            assertStale(ours, inventory("shop", 4), first.version());
            assertThat(ours.read("shop")).as("read again from the server").contains(theirs);
            StoredInventory next = ours.write(inventory("shop", 6), theirs.version());

            assertThat(ours.read("shop")).as("read your writes while the watch still lags").contains(next);
            watchDown.clear();
            assertThat(servedFromMemory(ours, "shop", next)).as("served from memory once the watch caught up")
                    .isTrue();
        } finally {
            watchDown.clear();
        }
    }

    @Test
    @DisplayName("DA-02 an inventory deleted behind the store's back is not read from memory: seen on the watch, or "
            + "after a re-list when the watch expired meanwhile")
    void da02AnInventoryDeletedBehindTheStoresBackIsNotResurrected() {
        InventoryStore store = target.inventories();
        StoredInventory first = store.write(inventory("shop", 3), "");
        deleteHeader("shop");

        assertThat(Fixtures.eventually(PATIENCE, () -> store.read("shop").isEmpty())).isTrue();
        assertStale(store, inventory("shop", 4), first.version());
        StoredInventory second = store.write(inventory("shop", 4), "");
        assertThat(servedFromMemory(store, "shop", second)).isTrue();

        FaultRule watchDown = holdWatches();
        try {
            deleteHeader("shop");
            server.kube().compact(); // the watch's resourceVersion expires: it must list again
        } finally {
            watchDown.clear();
        }
        assertThat(Fixtures.eventually(PATIENCE, () -> store.read("shop").isEmpty())).isTrue();
        server.requests().clear();
        assertThat(store.read("shop")).isEmpty();
        assertThat(configMapRequests("get")).as("the watch's answer is trusted again").isEmpty();
    }

    private static void assertStale(InventoryStore store, Inventory inventory, String version) {
        assertThatThrownBy(() -> store.write(inventory, version))
                .isInstanceOfSatisfying(TargetException.class, e -> assertThat(e.reason()).isEqualTo(Reason.STALE));
    }

    /** @return whether {@code store} reads {@code expected} without a request within the patience */
    private boolean servedFromMemory(InventoryStore store, String app, StoredInventory expected) {
        return Fixtures.eventually(PATIENCE, () -> {
            server.requests().clear();
            return store.read(app).equals(Optional.of(expected)) && configMapRequests("get").isEmpty();
        });
    }

    /**
     * Ends the watches and answers new ones 503 until the rule is cleared; returns once the store's watch was seen
     * refused. (A watch request that passed the server's checks just before the rule may open its stream after the
     * first end: the streams are ended until a reconnect is refused.)
     */
    private FaultRule holdWatches() {
        int refusedBefore = refusedWatches();
        FaultRule rule = Faults.of(server.kube()).on(Verb.WATCH).resource("configmaps").untilCleared()
                .inject(Fault.serviceUnavailable());
        boolean refused = Fixtures.eventually(PATIENCE, () -> {
            server.endWatches();
            return refusedWatches() > refusedBefore;
        });
        assertThat(refused).as("the store watches again and is refused").isTrue();
        return rule;
    }

    private int refusedWatches() {
        return server.requests().records(r -> r.verb().equals("watch") && r.resource().equals("configmaps")
                && r.status() == 503).size();
    }

    private void deleteHeader(String app) {
        var kube = server.kube();
        kube.delete(kube.type("", "v1", "configmaps"), "default", "gitops4j-inventory-" + app,
                DeleteOptions.defaults());
    }

    private List<RequestRecord> configMapRequests(String verb) {
        return server.requests().records(r -> r.verb().equals(verb) && r.resource().equals("configmaps"));
    }

    private List<String> configMapNames(Predicate<String> filter) {
        var kube = server.kube();
        return kube.list(kube.type("", "v1", "configmaps"), "default", io.gitops4j.testkit.kube.ListOptions.defaults())
                .items().stream().map(cm -> String.valueOf(((Map<?, ?>) cm.get("metadata")).get("name")))
                .filter(filter).toList();
    }
}
