package io.gitops4j.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.deploy.Pin;
import io.gitops4j.api.deploy.PinOptions;
import io.gitops4j.api.deploy.PinOptions.Release;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.target.PinStore;
import io.gitops4j.api.target.PinUnreadableException;
import io.gitops4j.api.target.StoredPin;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.TargetException.Reason;
import io.gitops4j.testkit.fault.Fault;
import io.gitops4j.testkit.fault.Faults;
import io.gitops4j.testkit.fault.Verb;
import io.gitops4j.testkit.kube.PatchType;
import io.gitops4j.testkit.kube.ResourceType;
import io.gitops4j.testkit.kube.WriteOptions;
import io.gitops4j.testkit.server.RequestRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Kubernetes target's pin store: ConfigMaps {@code gitops4j-pin-APP} in the inventory namespace (EN-21). */
class KubernetesPinStoreTest extends OnFakeApiServer {
    private static final String OLD = "1".repeat(40);
    private static final String HEAD = "2".repeat(40);
    private static final String PIN_LABEL = "labelSelector=gitops4j.io/pin";

    private PinStore store;

    @BeforeEach
    void store() {
        store = target.pins();
    }

    static Pin pin(String reason) {
        return new Pin(new Revision("refs/tags/v1", OLD), PinOptions.defaults().withRelease(Release.UNTIL_NEWER_COMMIT)
                .withReason(reason), HEAD, Instant.parse("2026-12-07T01:02:03.123456789Z"));
    }

    private ResourceType configMaps() {
        return server.kube().type("", "v1", "configmaps");
    }

    @Test
    @SuppressWarnings("unchecked")
    @DisplayName("EN-21 a pin round-trips exactly through a ConfigMap gitops4j-pin-APP in the inventory namespace, created with one POST; none stored reads as empty")
    void en21APinRoundTripsExactly() {
        assertThat(store.read("shop")).isEmpty();
        server.requests().clear();

        StoredPin written = store.write("shop", pin("v2 breaks checkout: INC-42"), "");

        assertThat(server.requests().writes()).singleElement().satisfies(r -> {
            assertThat(r.verb()).isEqualTo("create");
            assertThat(r.path()).isEqualTo("/api/v1/namespaces/default/configmaps");
            assertThat(r.status()).isEqualTo(201);
        });
        assertThat(store.read("shop")).contains(written);
        assertThat(written.pin()).isEqualTo(pin("v2 breaks checkout: INC-42"));
        Map<String, Object> cm = server.kube().get(configMaps(), "default", "gitops4j-pin-shop");
        assertThat((Map<Object, Object>) ((Map<?, ?>) cm.get("metadata")).get("labels"))
                .containsEntry("gitops4j.io/pin", "shop").doesNotContainKey("gitops4j.io/application");
        assertThat(((Map<?, ?>) cm.get("metadata")).get("resourceVersion")).isEqualTo(written.version());
        assertThat((Map<Object, Object>) cm.get("data")).containsEntry("revision.id", OLD).containsEntry("release",
                "UNTIL_NEWER_COMMIT").containsEntry("followedCommit", HEAD);
    }

    @Test
    @DisplayName("DA-02 a pin write or delete naming a version that is no longer stored is STALE and changes nothing")
    void da02StaleWritesAndDeletesAreRefused() {
        StoredPin first = store.write("shop", pin("a"), "");
        StoredPin second = store.write("shop", pin("b"), first.version());

        assertThatThrownBy(() -> store.write("shop", pin("c"), first.version()))
                .isInstanceOfSatisfying(TargetException.class, e -> assertThat(e.reason()).isEqualTo(Reason.STALE));
        assertThatThrownBy(() -> store.write("shop", pin("c"), ""))
                .isInstanceOfSatisfying(TargetException.class, e -> assertThat(e.reason()).isEqualTo(Reason.STALE));
        assertThatThrownBy(() -> store.delete("shop", first.version()))
                .isInstanceOfSatisfying(TargetException.class, e -> assertThat(e.reason()).isEqualTo(Reason.STALE));
        assertThat(store.read("shop")).contains(second);

        store.delete("shop", second.version());
        assertThat(store.read("shop")).isEmpty();
        store.delete("shop", second.version()); // already gone: no error
    }

    @Test
    @DisplayName("DA-04 a 503 on the pin write is retried")
    void da04TransientFailuresAreRetried() {
        Faults.of(server.kube()).on(Verb.CREATE).resource("configmaps").next(2).inject(Fault.serviceUnavailable());

        StoredPin written = store.write("shop", pin("a"), "");

        assertThat(store.read("shop")).contains(written);
    }

    @Test
    @DisplayName("EN-21 a pin ConfigMap that does not hold a pin is unreadable, never 'not pinned': the error names the field, not its value, and carries the version to delete it at")
    void en21ACorruptPinIsUnreadable() {
        StoredPin written = store.write("shop", pin("a"), "");
        var kube = server.kube();
        var changed = kube.patch(configMaps(), "default", "gitops4j-pin-shop", PatchType.MERGE,
                "{\"data\":{\"revision.id\":\"secret-looking-garbage\"}}", WriteOptions.defaults());
        String version = String.valueOf(((Map<?, ?>) changed.object().get("metadata")).get("resourceVersion"));
        assertThat(version).isNotEqualTo(written.version());

        assertThatThrownBy(() -> store.read("shop")).isInstanceOfSatisfying(PinUnreadableException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.INVALID);
            assertThat(e.version()).isEqualTo(version);
            assertThat(e.getMessage()).startsWith("pin of shop: unreadable: its field 'revision.id'")
                    .contains("gitops4j-pin-shop").doesNotContain("garbage");
        });
        kube.patch(configMaps(), "default", "gitops4j-pin-shop", PatchType.MERGE,
                "{\"data\":{\"format\":\"gitops4j.io/pin/v9\"}}", WriteOptions.defaults());
        assertThatThrownBy(() -> store.read("shop")).isInstanceOfSatisfying(PinUnreadableException.class,
                e -> assertThat(e.getMessage()).contains("not in the format gitops4j.io/pin/v1"));

        String now = String.valueOf(((Map<?, ?>) kube.get(configMaps(), "default", "gitops4j-pin-shop")
                .get("metadata")).get("resourceVersion"));
        store.delete("shop", now);
        assertThat(store.read("shop")).isEmpty();
    }

    @Test
    @DisplayName("EN-21 a pin the target may not read is FORBIDDEN, not 'not pinned'")
    void en21AForbiddenReadIsAFailure() {
        store.write("shop", pin("a"), "");
        Faults.of(server.kube()).on(Verb.GET).resource("configmaps").name("gitops4j-pin-shop").untilCleared()
                .inject(Fault.admissionDenied("rbac", "no", 403));

        assertThatThrownBy(() -> store.read("shop")).isInstanceOfSatisfying(TargetException.class, e -> {
            assertThat(e).isNotInstanceOf(PinUnreadableException.class);
            assertThat(e.reason()).isEqualTo(Reason.FORBIDDEN);
            assertThat(e.getMessage()).contains("pin of shop: read");
        });
        assertThat(server.requests().records(r -> r.status() == 403)).extracting(RequestRecord::path)
                .containsOnly("/api/v1/namespaces/default/configmaps/gitops4j-pin-shop");
    }

    private List<String> pinRequestVerbs() {
        return server.requests().records(r -> r.path().contains("/gitops4j-pin-")
                || r.path().endsWith("/configmaps") && r.query().replace("%2F", "/").contains(PIN_LABEL))
                .stream().map(RequestRecord::verb).toList();
    }

    @Test
    @DisplayName("EN-21 (P11) a new store's first reads of many Applications cost one list: those without a pin read as none without a GET, a stored pin is read with its GET, and a second read of an Application is a GET")
    void en21FirstReadsOfManyApplicationsCostOneList() {
        StoredPin shop = store.write("shop", pin("a"), "");
        try (KubernetesTarget restarted = Fixtures.target(server)) {
            PinStore fresh = restarted.pins();
            server.requests().clear();

            List<Optional<StoredPin>> unpinned = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                unpinned.add(fresh.read("app-" + i));
            }

            assertThat(unpinned).hasSize(30).allMatch(Optional::isEmpty);
            assertThat(fresh.read("shop")).contains(shop);
            assertThat(pinRequestVerbs()).containsExactly("list", "get");
            assertThat(fresh.read("app-3")).isEmpty();
            assertThat(pinRequestVerbs()).containsExactly("list", "get", "get");
        }
    }

    @Test
    @DisplayName("EN-21 when the pins cannot be listed (403), every first read is a GET and answers as before")
    void en21AnUnlistablePinStoreReadsOneByOne() {
        StoredPin shop = store.write("shop", pin("a"), "");
        Faults.of(server.kube()).on(Verb.LIST).resource("configmaps").untilCleared()
                .inject(Fault.admissionDenied("rbac", "no", 403));
        try (KubernetesTarget restarted = Fixtures.target(server)) {
            PinStore fresh = restarted.pins();
            server.requests().clear();

            assertThat(fresh.read("app-1")).isEmpty();
            assertThat(fresh.read("shop")).contains(shop);
            assertThat(pinRequestVerbs()).containsExactly("list", "get", "get");
        }
    }
}
