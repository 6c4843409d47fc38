package io.gitops4j.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.target.Inventory;
import io.gitops4j.api.target.InventoryStore;
import io.gitops4j.api.target.InventoryUnreadableException;
import io.gitops4j.api.target.StoredInventory;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.TargetException.Reason;
import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.fault.Fault;
import io.gitops4j.testkit.fault.Faults;
import io.gitops4j.testkit.fault.Verb;
import io.gitops4j.testkit.kube.ListOptions;
import io.gitops4j.testkit.kube.PatchType;
import io.gitops4j.testkit.kube.WriteOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KubernetesInventoryStoreTest extends OnFakeApiServer {
    private InventoryStore store;

    @BeforeEach
    void store() {
        store = target.inventories();
    }

    private final List<AutoCloseable> opened = new java.util.ArrayList<>();

    @AfterEach
    void closeStores() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    static Inventory inventory(String app, int n) {
        Map<ObjectId, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            entries.put(new ObjectId(i % 2 == 0 ? "apps" : "", i % 2 == 0 ? "Deployment" : "ConfigMap",
                    "team-" + (i % 17), "object-" + i), i % 10 == 9 ? "" : UUID.randomUUID().toString());
        }
        return new Inventory(app, entries);
    }

    private List<Map<String, Object>> configMaps() {
        var kube = server.kube();
        return kube.list(kube.type("", "v1", "configmaps"), "default", ListOptions.defaults()).items();
    }

    @Test
    void aMissingInventoryIsEmptyAndAWrittenOneReadsBackWithItsVersion() {
        assertThat(store.read("shop")).isEmpty();

        StoredInventory written = store.write(inventory("shop", 10), "");
        StoredInventory read = store.read("shop").orElseThrow();

        assertThat(read.inventory()).isEqualTo(written.inventory());
        assertThat(read.inventory().size()).isEqualTo(10);
        assertThat(read.inventory().entries()).containsValue("");
        assertThat(read.version()).isEqualTo(written.version());
        assertThat(configMaps()).singleElement().satisfies(cm -> assertThat(cm.get("metadata")).asString()
                .contains("gitops4j-inventory-shop").contains("gitops4j.io/inventory=shop")
                .doesNotContain("gitops4j.io/application"));
    }

    @Test
    @DisplayName("P3 an inventory read or written is read again without a request until someone changes it")
    void readsAreServedFromTheWatchedCache() {
        store.read("shop"); // starts the watch of the inventory ConfigMaps
        StoredInventory written = store.write(inventory("shop", 10), "");
        assertThat(Fixtures.eventually(java.time.Duration.ofSeconds(10), () -> {
            server.requests().clear();
            return store.read("shop").orElseThrow().equals(written) && server.requests().total() == 0;
        })).isTrue();

        var kube = server.kube();
        kube.patch(kube.type("", "v1", "configmaps"), "default", "gitops4j-inventory-shop", PatchType.MERGE,
                "{\"data\":{\"entries\":\"9\"}}", WriteOptions.defaults());

        assertThat(Fixtures.eventually(java.time.Duration.ofSeconds(10), () -> {
            try {
                store.read("shop");
                return false;
            } catch (TargetException e) {
                return e.reason() == Reason.INVALID;
            }
        })).as("a change by someone else is read from the server").isTrue();
    }

    @Test
    @DisplayName("DA-02 a write naming a version that is no longer stored is STALE and changes nothing")
    void da02StaleWriteIsRefused() {
        StoredInventory first = store.write(inventory("shop", 2), "");
        StoredInventory second = store.write(inventory("shop", 3), first.version());

        assertThatThrownBy(() -> store.write(inventory("shop", 5), first.version()))
                .isInstanceOfSatisfying(TargetException.class, e -> assertThat(e.reason()).isEqualTo(Reason.STALE));
        assertThatThrownBy(() -> store.write(inventory("shop", 5), ""))
                .isInstanceOfSatisfying(TargetException.class, e -> assertThat(e.reason()).isEqualTo(Reason.STALE));
        assertThat(store.read("shop").orElseThrow()).isEqualTo(second);
    }

    @Test
    @DisplayName("DA-04 a 503 on the inventory write is retried")
    void da04TransientFailuresAreRetried() {
        StoredInventory first = store.write(inventory("shop", 2), "");
        Faults.of(server.kube()).on(Verb.UPDATE).resource("configmaps").next(2).inject(Fault.serviceUnavailable());

        StoredInventory second = store.write(inventory("shop", 4), first.version());

        assertThat(store.read("shop").orElseThrow().inventory().size()).isEqualTo(4);
        assertThat(second.version()).isNotEqualTo(first.version());
    }

    @Test
    @DisplayName("PR-10 10,000 entries fit one compressed ConfigMap and read back whole")
    void pr10TenThousandEntries() {
        Inventory big = inventory("shop", 10_000);

        StoredInventory written = store.write(big, "");

        assertThat(store.read("shop").orElseThrow().inventory()).isEqualTo(big);
        assertThat(configMaps()).hasSize(1);
        assertThat(written.version()).isNotEmpty();
    }

    @Test
    @DisplayName("PR-10 an inventory past one chunk is split across ConfigMaps, and a rewrite removes the old chunks")
    void pr10LargeInventoriesAreSplit() {
        InventoryStore small = smallChunks();
        StoredInventory a = small.write(inventory("shop", 3_000), "");
        int chunked = configMaps().size();

        StoredInventory b = small.write(inventory("shop", 2_000), a.version());

        assertThat(chunked).isGreaterThan(2);
        assertThat(small.read("shop").orElseThrow()).isEqualTo(b);
        assertThat(configMaps().size()).isLessThan(chunked);
        assertThat(store.read("shop").orElseThrow().inventory()).isEqualTo(b.inventory());
    }

    @Test
    @DisplayName("PR-10 a missing chunk, damaged data or a wrong digest is INVALID, never an empty inventory")
    void pr10DamagedInventoriesAreInvalid() {
        InventoryStore small = smallChunks();
        small.write(inventory("shop", 3_000), "");
        var kube = server.kube();
        var type = kube.type("", "v1", "configmaps");
        String chunk = configMaps().stream().map(cm -> String.valueOf(((Map<?, ?>) cm.get("metadata")).get("name")))
                .filter(n -> !n.equals("gitops4j-inventory-shop")).findFirst().orElseThrow();
        kube.delete(type, "default", chunk, io.gitops4j.testkit.kube.DeleteOptions.defaults());
        assertInvalid("shop", "is missing");

        store.write(inventory("cart", 4), "");
        kube.patch(type, "default", "gitops4j-inventory-cart", PatchType.MERGE,
                "{\"binaryData\":{\"inventory.gz.0\":\"bm90IGd6aXA=\"}}", WriteOptions.defaults());
        assertInvalid("cart", "damaged");

        store.write(inventory("web", 4), "");
        kube.patch(type, "default", "gitops4j-inventory-web", PatchType.MERGE, "{\"data\":{\"sha256\":\"00\"}}",
                WriteOptions.defaults());
        assertInvalid("web", "digest");

        store.write(inventory("api", 4), "");
        kube.patch(type, "default", "gitops4j-inventory-api", PatchType.MERGE, "{\"data\":{\"entries\":\"3\"}}",
                WriteOptions.defaults());
        assertInvalid("api", "4 entries");
    }

    /** The damage was done behind the store's back: its watch sees it moments later, then reads fail. */
    private void assertInvalid(String app, String why) {
        assertThat(Fixtures.eventually(java.time.Duration.ofSeconds(10), () -> {
            try {
                store.read(app);
                return false;
            } catch (TargetException e) {
                return true;
            }
        })).isTrue();
        assertThatThrownBy(() -> store.read(app)).isInstanceOfSatisfying(InventoryUnreadableException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.INVALID);
            assertThat(e.application()).isEqualTo(app);
            assertThat(e.version()).isNotEmpty();
            assertThat(e.getMessage()).startsWith("inventory of " + app).contains(why).contains("PR-10");
        });
    }

    private InventoryStore smallChunks() {
        io.gitops4j.k8s.internal.ConfigMapInventoryStore s = new io.gitops4j.k8s.internal.TestStores()
                .smallChunks(server, 16 * 1024);
        opened.add(s);
        return s;
    }
}
