package io.gitops4j.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.testkit.fault.Fault;
import io.gitops4j.testkit.fault.Faults;
import io.gitops4j.testkit.fault.Verb;
import io.gitops4j.testkit.kube.WriteOptions;
import io.gitops4j.testkit.server.RequestRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link ClusterView#getAll} of the Kubernetes target: many keys its watch cache does not hold are read with one
 * paginated list per collection, and every answer is the one {@code get} gives key by key (DA-21).
 */
@SuppressWarnings("try") // the watch handles are held open for the body of each test
class KubernetesTargetGetAllTest extends OnFakeApiServer {
    private static final GroupKind CONFIG_MAP = new GroupKind("", "ConfigMap");
    private static final GroupKind NAMESPACE = new GroupKind("", "Namespace");
    private static final GroupKind HPA = new GroupKind("autoscaling", "HorizontalPodAutoscaler");
    private static final String OWNER = "gitops4j.io/application";

    private void namespace(String name, Map<String, String> labels) {
        var kube = server.kube();
        kube.create(kube.type("", "v1", "namespaces"), "", new HashMap<>(Map.of("metadata",
                Map.of("name", name, "labels", labels))), WriteOptions.defaults());
    }

    private void configMap(String namespace, String name, Map<String, String> labels) {
        var kube = server.kube();
        kube.create(kube.type("", "v1", "configmaps"), namespace, new HashMap<>(Map.of("metadata",
                Map.of("name", name, "labels", labels), "data", Map.of("name", name))), WriteOptions.defaults());
    }

    private static List<ResourceKey> configMapKeys(String namespace, String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> ResourceKey.of("v1", "ConfigMap", namespace, prefix + i)).toList();
    }

    /** What {@code get} answers key by key, as {@code getAll} promises to. */
    private Map<ResourceKey, LiveObject> oneByOne(List<ResourceKey> keys) {
        Map<ResourceKey, LiveObject> out = new LinkedHashMap<>();
        keys.forEach(k -> target.view().get(k).ifPresent(o -> out.put(k, o)));
        return out;
    }

    /** The object reads sent since the log was cleared ("list configmaps", "get configmaps"), watches left out. */
    private List<String> objectReads() {
        List<String> out = new ArrayList<>();
        for (RequestRecord r : server.requests().records(r -> !r.resource().isEmpty() && !r.verb().equals("watch"))) {
            out.add(r.verb() + " " + r.resource());
        }
        return out;
    }

    @Test
    @DisplayName("DA-21 keys the cache does not hold are read with one list of their namespace, which sees objects "
            + "without our label and another Application's: the same answers as one GET each")
    void da21OneListAnswersAsGetsDo() throws Exception {
        namespace("shop", Map.of());
        namespace("elsewhere", Map.of());
        configMap("shop", "cm-3", Map.of());                              // kubectl's: no label
        configMap("shop", "cm-5", Map.of(OWNER, "billing"));              // another Application's: cached
        configMap("shop", "cm-7", Map.of(OWNER, "shop"));                 // ours: cached
        configMap("shop", "unrelated", Map.of());                        // listed, not asked for
        configMap("elsewhere", "cm-0", Map.of());                         // another namespace, same name
        List<ResourceKey> keys = configMapKeys("shop", "cm-", 30);
        try (AutoCloseable w = target.view().watch(Set.of(CONFIG_MAP), e -> { })) {
            server.requests().clear();

            Map<ResourceKey, LiveObject> all = target.view().getAll(keys);

            assertThat(objectReads()).containsExactly("list configmaps");
            assertThat(server.requests().records(r -> r.verb().equals("list")).get(0).path())
                    .isEqualTo("/api/v1/namespaces/shop/configmaps");
            assertThat(all.keySet()).containsExactly(keys.get(3), keys.get(5), keys.get(7));
            assertThat(all.get(keys.get(5)).manifest().labels()).containsEntry(OWNER, "billing");
            server.requests().clear();
            assertThat(all).isEqualTo(oneByOne(keys));
            assertThat(objectReads()).hasSize(28).containsOnly("get configmaps"); // cm-5, cm-7 from the cache
        }
    }

    @Test
    @DisplayName("DA-21 a cluster-scoped kind is listed once, without a namespace, with the answers of GETs")
    void da21AClusterScopedKindIsListedOnce() {
        namespace("ns-2", Map.of());
        namespace("ns-4", Map.of(OWNER, "billing"));
        List<ResourceKey> keys = IntStream.range(0, 12)
                .mapToObj(i -> ResourceKey.of("v1", "Namespace", "", "ns-" + i)).toList();
        target.view().kind(NAMESPACE); // discovery read before the log is cleared
        server.requests().clear();

        Map<ResourceKey, LiveObject> all = target.view().getAll(keys);

        assertThat(objectReads()).containsExactly("list namespaces");
        assertThat(all.keySet()).containsExactly(keys.get(2), keys.get(4));
        assertThat(all).isEqualTo(oneByOne(keys));
    }

    @Test
    @DisplayName("DA-21 a key whose kind is not served is UNKNOWN_KIND, as for get, before any object is read")
    void da21AnUnservedKindFailsAsGetDoes() {
        namespace("shop", Map.of());
        List<ResourceKey> keys = new ArrayList<>(configMapKeys("shop", "cm-", 12));
        ResourceKey widget = ResourceKey.of("example.com/v1", "Widget", "shop", "w");
        keys.add(widget);
        server.requests().clear();

        assertThatThrownBy(() -> target.view().getAll(keys)).isInstanceOfSatisfying(TargetException.class,
                e -> assertThat(e.reason()).isEqualTo(TargetException.Reason.UNKNOWN_KIND));
        assertThatThrownBy(() -> target.view().get(widget)).isInstanceOfSatisfying(TargetException.class,
                e -> assertThat(e.reason()).isEqualTo(TargetException.Reason.UNKNOWN_KIND));
        assertThat(objectReads()).isEmpty();
    }

    @Test
    @DisplayName("DA-21 a namespace of more than one page is read page by page, one page per ten keys at most")
    void da21PagesAreFollowed() {
        namespace("big", Map.of());
        for (int i = 0; i < 1100; i++) {
            configMap("big", String.format("other-%04d", i), Map.of());
        }
        for (int i = 0; i < 30; i += 3) {
            configMap("big", "k-" + i, Map.of());
        }
        List<ResourceKey> keys = configMapKeys("big", "k-", 30);
        target.view().kind(CONFIG_MAP);
        server.requests().clear();

        Map<ResourceKey, LiveObject> all = target.view().getAll(keys);

        assertThat(objectReads()).containsExactly("list configmaps", "list configmaps", "list configmaps");
        assertThat(all).hasSize(10);
        assertThat(all).isEqualTo(oneByOne(keys));
    }

    @Test
    @DisplayName("DA-21 a list cut short by its page budget leaves the keys it did not reach to one GET each")
    void da21KeysBeyondThePageBudgetCostAGetEach() {
        namespace("big", Map.of());
        for (int i = 0; i < 1100; i++) {
            configMap("big", String.format("m-%04d", i), Map.of());
        }
        List<ResourceKey> keys = new ArrayList<>(configMapKeys("big", "a-", 6)); // on the first page
        keys.addAll(configMapKeys("big", "z-", 6));                           // on the last one
        for (int i = 0; i < 6; i++) {
            configMap("big", "a-" + i, Map.of());
            if (i % 2 == 0) {
                configMap("big", "z-" + i, Map.of());
            }
        }
        target.view().kind(CONFIG_MAP);
        server.requests().clear();

        Map<ResourceKey, LiveObject> all = target.view().getAll(keys);

        assertThat(objectReads()).containsExactly("list configmaps", "get configmaps", "get configmaps",
                "get configmaps", "get configmaps", "get configmaps", "get configmaps");
        assertThat(all).hasSize(9);
        assertThat(all).isEqualTo(oneByOne(keys));
    }

    @Test
    @DisplayName("DA-21 fewer than ten keys of a collection, and keys of a list that is refused, cost a GET each")
    void da21FewKeysOrARefusedListCostAGetEach() throws Exception {
        namespace("shop", Map.of());
        configMap("shop", "cm-1", Map.of());
        List<ResourceKey> few = configMapKeys("shop", "cm-", 9);
        List<ResourceKey> many = configMapKeys("shop", "cm-", 12);
        try (AutoCloseable w = target.view().watch(Set.of(CONFIG_MAP), e -> { })) {
            server.requests().clear();

            assertThat(target.view().getAll(few)).isEqualTo(oneByOne(few)).containsOnlyKeys(few.get(1));
            assertThat(objectReads()).hasSize(18).containsOnly("get configmaps");

            Faults.of(server.kube()).on(Verb.LIST).resource("configmaps").next(1)
                    .inject(Fault.admissionDenied("rbac", "list is forbidden", 403));
            server.requests().clear();
            Map<ResourceKey, LiveObject> refused = target.view().getAll(many);

            assertThat(objectReads()).hasSize(13).startsWith("list configmaps").containsOnlyOnce("list configmaps");
            assertThat(refused).isEqualTo(oneByOne(many)).containsOnlyKeys(many.get(1));
        }
    }

    @Test
    @DisplayName("DA-21 keys in a version other than the one the cache holds are listed in their own version")
    void da21KeysAreListedInTheirOwnVersion() throws Exception {
        namespace("shop", Map.of());
        var kube = server.kube();
        kube.create(kube.type("autoscaling", "v2", "horizontalpodautoscalers"), "shop", new HashMap<>(Map.of(
                "metadata", Map.of("name", "h-4", "labels", Map.of(OWNER, "shop")),
                "spec", Map.of("scaleTargetRef", Map.of("apiVersion", "apps/v1", "kind", "Deployment", "name", "d"),
                        "minReplicas", 1, "maxReplicas", 3))), WriteOptions.defaults());
        List<ResourceKey> keys = IntStream.range(0, 10)
                .mapToObj(i -> ResourceKey.of("autoscaling/v1", "HorizontalPodAutoscaler", "shop", "h-" + i)).toList();
        try (AutoCloseable w = target.view().watch(Set.of(HPA), e -> { })) {
            server.requests().clear();

            Map<ResourceKey, LiveObject> all = target.view().getAll(keys);

            assertThat(server.requests().records(r -> r.verb().equals("list"))).extracting(RequestRecord::path)
                    .containsExactly("/apis/autoscaling/v1/namespaces/shop/horizontalpodautoscalers");
            assertThat(all).containsOnlyKeys(keys.get(4));
            assertThat(all.get(keys.get(4)).manifest().apiVersion()).isEqualTo("autoscaling/v1");
            assertThat(all).isEqualTo(oneByOne(keys));
        }
    }
}
