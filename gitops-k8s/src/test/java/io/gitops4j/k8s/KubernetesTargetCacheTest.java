package io.gitops4j.k8s;

import static io.gitops4j.k8s.Fixtures.configMap;
import static io.gitops4j.k8s.Fixtures.context;
import static io.gitops4j.k8s.Fixtures.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.ApplyRequest;
import io.gitops4j.api.target.ChangeEvent;
import io.gitops4j.api.target.DeleteOptions;
import io.gitops4j.api.target.DeleteRequest;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.Precondition;
import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.fault.Fault;
import io.gitops4j.testkit.fault.Faults;
import io.gitops4j.testkit.fault.Verb;
import io.gitops4j.testkit.kube.PatchType;
import io.gitops4j.testkit.kube.WriteOptions;
import io.gitops4j.testkit.server.RequestRecord;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // the watch handles are held open for the body of each test
class KubernetesTargetCacheTest extends OnFakeApiServer {
    private static final GroupKind CONFIG_MAP = new GroupKind("", "ConfigMap");
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Map<String, String> OURS = Map.of("gitops4j.io/application", "shop");

    private final List<ChangeEvent> events = new CopyOnWriteArrayList<>();

    private LiveObject apply(Manifest m) {
        return target.applyAll(List.of(ApplyRequest.of(m)), ApplyOptions.defaults(), context()).get(0).object()
                .orElseThrow();
    }

    private AutoCloseable watchConfigMaps() {
        return target.view().watch(Set.of(CONFIG_MAP), events::add);
    }

    private void editAs(String manager, String name, String json) {
        var kube = server.kube();
        kube.patch(kube.type("", "v1", "configmaps"), "default", name, PatchType.MERGE, json,
                WriteOptions.defaults().withFieldManager(manager));
    }

    private List<RequestRecord> requestsExceptWatches() {
        return server.requests().records(r -> !r.verb().equals("watch"));
    }

    @Test
    @DisplayName("P3 watched kinds are read from memory: get and list of managed objects send no request")
    void managedObjectsAreServedFromTheCache() throws Exception {
        for (int i = 0; i < 3; i++) {
            apply(configMap("default", "cm-" + i, Map.of("i", "" + i)));
        }
        try (AutoCloseable w = watchConfigMaps()) {
            // watch() returns once the first list is cached; the watch stream opens after it, in the background
            // (logged when open): waiting for it leaves nothing in flight, so the log must stay empty
            assertThat(eventually(WAIT, () -> server.requests().count("watch") == 1)).isTrue();
            server.requests().clear();

            for (int i = 0; i < 3; i++) {
                assertThat(target.view().get(ResourceKey.of("v1", "ConfigMap", "default", "cm-" + i))).isPresent();
                assertThat(target.view().get(ResourceKey.of("v1", "ConfigMap", "default", "cm-" + i).id()))
                        .isPresent();
            }
            List<LiveObject> listed = target.view().list(CONFIG_MAP, "default", OURS);

            assertThat(listed).extracting(o -> o.key().name()).containsExactly("cm-0", "cm-1", "cm-2");
            assertThat(server.requests().records()).isEmpty();
        }
    }

    @Test
    @DisplayName("DA-20 a watch the server refuses with 429 Retry-After: 2 is opened again no sooner than 2 s later")
    void da20ARefusedWatchWaitsOutTheRetryAfter() throws Exception {
        Faults.of(server.kube()).on(Verb.WATCH).next(1).inject(Fault.tooManyRequests(2));
        try (AutoCloseable w = watchConfigMaps()) {
            assertThat(eventually(WAIT, () -> server.requests().count("watch") >= 2)).isTrue();
            List<RequestRecord> watches = server.requests().records(r -> r.verb().equals("watch"));
            assertThat(watches.get(0).status()).isEqualTo(429);
            assertThat(Duration.between(watches.get(0).time(), watches.get(1).time()))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(1_900));
        }
    }

    @Test
    void anObjectTheCacheDoesNotHoldCostsOneGet() throws Exception {
        var kube = server.kube();
        kube.create(kube.type("", "v1", "configmaps"), "default", new HashMap<>(Map.of("metadata",
                Map.of("name", "unlabelled"), "data", Map.of("a", "b"))), WriteOptions.defaults());
        try (AutoCloseable w = watchConfigMaps()) {
            server.requests().clear();

            assertThat(target.view().get(ResourceKey.of("v1", "ConfigMap", "default", "unlabelled"))).isPresent();
            assertThat(target.view().get(ResourceKey.of("v1", "ConfigMap", "default", "absent"))).isEmpty();

            assertThat(requestsExceptWatches()).extracting(RequestRecord::verb).containsExactly("get", "get");
        }
    }

    @Test
    @DisplayName("read-your-writes: an apply's answer is in the cache at once; its watch echo is marked ownWrite")
    void ownWritesAreCachedAtOnceAndTheirEchoIsMarked() throws Exception {
        apply(configMap("default", "s", Map.of("a", "1")));
        try (AutoCloseable w = watchConfigMaps()) {
            LiveObject written = apply(configMap("default", "s", Map.of("a", "2")));
            server.requests().clear();

            LiveObject read = target.view().get(written.key()).orElseThrow();

            assertThat(read.resourceVersion()).isEqualTo(written.resourceVersion());
            assertThat(read.manifest().get("data", "a")).contains("2");
            assertThat(requestsExceptWatches()).isEmpty();
            assertThat(eventually(WAIT, () -> events.size() == 1)).isTrue();
            assertThat(events.get(0).type()).isEqualTo(ChangeEvent.Type.MODIFIED);
            assertThat(events.get(0).ownWrite()).isTrue();
        }
    }

    @Test
    @DisplayName("DA-12 an edit by another manager arrives as a MODIFIED event that is not ownWrite, and the cache "
            + "shows it")
    void someoneElsesEditIsAnEventAndUpdatesTheCache() throws Exception {
        LiveObject mine = apply(configMap("default", "s", Map.of("a", "1")));
        try (AutoCloseable w = watchConfigMaps()) {
            editAs("kubectl-edit", "s", "{\"data\":{\"a\":\"9\"}}");

            assertThat(eventually(WAIT, () -> events.size() == 1)).isTrue();
            assertThat(events.get(0).ownWrite()).isFalse();
            assertThat(events.get(0).object().orElseThrow().manifest().get("data", "a")).contains("9");
            assertThat(target.view().get(mine.key()).orElseThrow().manifest().get("data", "a")).contains("9");
        }
    }

    @Test
    @DisplayName("DA-12 with the cache on, an imperative edit is taken back in one request; a controller's field is "
            + "never forced")
    void da12ImperativeEditIsTakenBackInOneRequest() throws Exception {
        apply(configMap("default", "s", Map.of("a", "1")));
        apply(configMap("default", "c", Map.of("a", "1")));
        try (AutoCloseable w = watchConfigMaps()) {
            editAs("kubectl-edit", "s", "{\"data\":{\"a\":\"9\"}}");
            editAs("kube-controller-manager", "c", "{\"data\":{\"a\":\"9\"}}");
            assertThat(eventually(WAIT, () -> events.size() == 2)).isTrue();
            server.requests().clear();

            var reclaimed = target.applyAll(List.of(ApplyRequest.of(configMap("default", "s", Map.of("a", "1")))),
                    ApplyOptions.defaults(), context()).get(0);
            var kept = target.applyAll(List.of(ApplyRequest.of(configMap("default", "c", Map.of("a", "1")))),
                    ApplyOptions.defaults(), context()).get(0);

            assertThat(reclaimed.outcome()).isEqualTo(ObjectOutcome.CONFIGURED);
            assertThat(kept.failure().orElseThrow().reason())
                    .isEqualTo(io.gitops4j.api.target.TargetException.Reason.CONFLICT);
            assertThat(requestsExceptWatches()).extracting(r -> r.path().substring(r.path().lastIndexOf('/') + 1)
                    + " " + r.status() + " " + r.query().contains("force=true"))
                    .containsExactly("s 200 true", "c 409 false");
        }
    }

    @Test
    @DisplayName("DA-11 a Secret's last-applied-configuration (its data in clear) is redacted in a read, in the cache "
            + "and in events")
    void da11LastAppliedConfigurationOfASecretIsNeverShown() throws Exception {
        String lastApplied = "kubectl.kubernetes.io/last-applied-configuration";
        var kube = server.kube();
        var type = kube.type("", "v1", "secrets");
        kube.create(type, "default", new HashMap<>(Map.of("metadata", Map.of("name", "db", "labels", OURS,
                "annotations", Map.of(lastApplied, "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"data\":"
                        + "{\"password\":\"aHVudGVyMg==\"}}")), "data", Map.of("password", "aHVudGVyMg=="))),
                WriteOptions.defaults());
        ResourceKey key = ResourceKey.of("v1", "Secret", "default", "db");
        List<ChangeEvent> secrets = new CopyOnWriteArrayList<>();

        assertThat(target.view().get(key).orElseThrow().manifest().get("metadata", "annotations", lastApplied))
                .contains("<redacted>");
        try (AutoCloseable w = target.view().watch(Set.of(new GroupKind("", "Secret")), secrets::add)) {
            server.requests().clear();
            assertThat(target.view().get(key).orElseThrow().manifest().get("metadata", "annotations", lastApplied))
                    .contains("<redacted>");
            assertThat(requestsExceptWatches()).as("answered from the cache").isEmpty();

            kube.patch(type, "default", "db", PatchType.MERGE, "{\"metadata\":{\"labels\":{\"tier\":\"db\"}}}",
                    WriteOptions.defaults().withFieldManager("kubectl-label"));
            assertThat(eventually(WAIT, () -> secrets.size() == 1)).isTrue();
            assertThat(secrets.get(0).object().orElseThrow().manifest().get("metadata", "annotations", lastApplied))
                    .contains("<redacted>");
        }
    }

    @Test
    void deletesAreOwnWritesAndLeaveTheCache() throws Exception {
        LiveObject mine = apply(configMap("default", "s", Map.of("a", "1")));
        try (AutoCloseable w = watchConfigMaps()) {
            var results = target.deleteAll(List.of(new DeleteRequest(mine.key(), Precondition.uid(mine.uid()))),
                    DeleteOptions.defaults(), context());

            assertThat(results.get(0).outcome()).isEqualTo(ObjectOutcome.DELETED);
            assertThat(target.view().list(CONFIG_MAP, "default", OURS)).isEmpty();
            assertThat(eventually(WAIT, () -> events.size() == 1)).isTrue();
            assertThat(events.get(0).type()).isEqualTo(ChangeEvent.Type.DELETED);
            assertThat(events.get(0).ownWrite()).isTrue();
        }
    }

    @Test
    void anUnchangedApplyIsReportedUnchanged() throws Exception {
        apply(configMap("default", "s", Map.of("a", "1")));
        try (AutoCloseable w = watchConfigMaps()) {
            var r = target.applyAll(List.of(ApplyRequest.of(configMap("default", "s", Map.of("a", "1")))),
                    ApplyOptions.defaults(), context()).get(0);

            assertThat(r.outcome()).isEqualTo(ObjectOutcome.UNCHANGED);
        }
    }

    @Test
    @DisplayName("DA-13 a watch that broke and expired (410 Gone) is re-listed: every change told once, then RESYNCED")
    void da13ExpiredWatchIsRelistedWithoutMissingOrDoublingEvents() throws Exception {
        apply(configMap("default", "kept", Map.of("a", "1")));
        apply(configMap("default", "changed", Map.of("a", "1")));
        apply(configMap("default", "removed", Map.of("a", "1")));
        try (AutoCloseable w = watchConfigMaps()) {
            Faults faults = Faults.of(server.kube());
            faults.on(Verb.WATCH).inject(Fault.serviceUnavailable());
            assertThat(eventually(WAIT, () -> server.endWatches() > 0 || !faults.injected().isEmpty())).isTrue();
            assertThat(eventually(WAIT, () -> !faults.injected().isEmpty())).isTrue();
            var kube = server.kube();
            var type = kube.type("", "v1", "configmaps");
            editAs("kubectl-edit", "changed", "{\"data\":{\"a\":\"2\"}}");
            kube.delete(type, "default", "removed", io.gitops4j.testkit.kube.DeleteOptions.defaults());
            kube.patch(type, "default", "added", PatchType.APPLY, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
                    + "\"metadata\":{\"name\":\"added\",\"labels\":{\"gitops4j.io/application\":\"other\"}}}",
                    WriteOptions.apply("someone"));
            kube.compact();
            faults.clear();

            assertThat(eventually(WAIT, () -> events.stream().anyMatch(e -> e.type() == ChangeEvent.Type.RESYNCED)))
                    .isTrue();
            assertThat(events).extracting(e -> e.type() + " " + e.object().map(o -> o.key().name()).orElse(""))
                    .containsExactlyInAnyOrder("MODIFIED changed", "DELETED removed", "ADDED added", "RESYNCED ");
            assertThat(events.get(events.size() - 1).type()).isEqualTo(ChangeEvent.Type.RESYNCED);
            assertThat(target.view().list(CONFIG_MAP, "default", Map.of("gitops4j.io/application", "other")))
                    .extracting(o -> o.key().name()).containsExactly("added");
            assertThat(eventually(WAIT, () -> server.requests().records(r -> r.verb().equals("watch")
                    && r.status() == 200).size() >= 2)).as("watching again after the re-list").isTrue();
        }
    }

    @Test
    @DisplayName("DA-13 a list whose continue token expired between two pages (410) starts again; nothing is lost")
    void da13ExpiredContinueTokenRestartsTheList() throws Exception {
        var kube = server.kube();
        var type = kube.type("", "v1", "configmaps");
        for (int i = 0; i < 510; i++) {
            kube.create(type, "default", new HashMap<>(Map.of("metadata", Map.of("name", "cm-" + i,
                    "labels", OURS))), WriteOptions.defaults());
        }
        target.view().kinds();
        Faults.of(kube).on(Verb.LIST).next(2).inject(Fault.latency(Duration.ofMillis(700)));
        server.requests().clear();
        Thread compactor = new Thread(() -> {
            if (eventually(WAIT, () -> server.requests().count("list") >= 1)) {
                // the second page is still waiting: a later change and a compaction make its continue token too old
                kube.create(kube.type("", "v1", "secrets"), "default", new HashMap<>(Map.of("metadata",
                        Map.of("name", "later"))), WriteOptions.defaults());
                kube.compact();
            }
        });
        compactor.start();

        List<LiveObject> listed = target.view().list(CONFIG_MAP, "default", OURS);
        compactor.join();

        assertThat(listed).hasSize(510);
        assertThat(server.requests().records(r -> r.verb().equals("list"))).extracting(RequestRecord::status)
                .containsExactly(200, 410, 200, 200);
    }

    @Test
    @DisplayName("DA-13 bookmarks move the watch's resourceVersion, so a re-watch starts there")
    void da13BookmarksAreUsed() throws Exception {
        apply(configMap("default", "s", Map.of("a", "1")));
        try (AutoCloseable w = watchConfigMaps()) {
            String listed = server.kube().resourceVersion();
            var kube = server.kube();
            kube.create(kube.type("", "v1", "secrets"), "default", new HashMap<>(Map.of("metadata",
                    Map.of("name", "unrelated"))), WriteOptions.defaults());
            String later = server.kube().resourceVersion();
            assertThat(later).isNotEqualTo(listed);
            // the first bookmark counted from now may carry the version read before the write; the second was made
            // after it, so it carries `later` and has reached the client before the stream ends
            long bookmarks = server.bookmarksSent();
            assertThat(eventually(WAIT, () -> server.bookmarksSent() >= bookmarks + 2)).isTrue();
            server.endWatches();

            assertThat(eventually(WAIT, () -> server.requests().count("watch") >= 2)).isTrue();
            List<RequestRecord> watches = server.requests().records(r -> r.verb().equals("watch"));
            assertThat(watches.get(0).query()).contains("resourceVersion=" + listed);
            assertThat(watches.get(1).query()).contains("resourceVersion=" + later)
                    .contains("allowWatchBookmarks=true").contains("labelSelector=gitops4j.io%2Fapplication");
        }
    }

    @Test
    @DisplayName("DA-08 a kind watched before its CRD exists is cached once the CRD is served")
    void da08KindWatchedBeforeItsCrdExists() throws Exception {
        GroupKind widget = new GroupKind("example.com", "Widget");
        try (AutoCloseable w = target.view().watch(Set.of(widget), events::add)) {
            apply(Fixtures.widgetCrd());
            LiveObject created = apply(Manifest.of(Map.of("apiVersion", "example.com/v1", "kind", "Widget",
                    "metadata", Map.of("name", "w", "namespace", "default", "labels", OURS))));

            assertThat(eventually(WAIT, () -> {
                server.requests().clear();
                boolean hit = target.view().get(created.key()).isPresent();
                return hit && server.requests().total() == 0;
            })).isTrue();
        }
    }

    @Test
    void closingTheLastSubscriptionStopsTheWatch() throws Exception {
        AutoCloseable a = watchConfigMaps();
        AutoCloseable b = target.view().watch(Set.of(CONFIG_MAP), e -> { });
        a.close();
        assertThat(threads("gitops4j-k8s-watch-")).isEqualTo(1);
        b.close();
        assertThat(eventually(WAIT, () -> threads("gitops4j-k8s-watch-") == 0)).isTrue();
        server.requests().clear();
        target.view().list(CONFIG_MAP, "default", OURS);
        assertThat(server.requests().count("list")).isEqualTo(1);
    }

    private static long threads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive()
                && t.getName().startsWith(prefix)).count();
    }
}
