package io.gitops4j.k8s;

import static io.gitops4j.k8s.Fixtures.configMap;
import static io.gitops4j.k8s.Fixtures.context;
import static io.gitops4j.k8s.Fixtures.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.ApplyRequest;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.testkit.kube.PatchType;
import io.gitops4j.testkit.kube.WriteOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * EN-20: the view's cache stamp of a kind stays while its reads are answered from the cache and nothing changes, and
 * changes with a change of the cache or a read the cache could not answer, so the no-op proof may trust it.
 */
@SuppressWarnings("try") // the watch handles are held open for the body of each test
class KubernetesCacheStampTest extends OnFakeApiServer {
    private static final GroupKind CONFIG_MAP = new GroupKind("", "ConfigMap");
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ResourceKey A = ResourceKey.of("v1", "ConfigMap", "default", "a");
    private static final ResourceKey B = ResourceKey.of("v1", "ConfigMap", "default", "b");

    @Test
    @DisplayName("EN-20 a watched kind's cache stamp stays across cached reads and changes with someone else's edit")
    void en20StampStaysUntilTheCacheChanges() throws Exception {
        apply("a");
        apply("b");
        ClusterView view = target.view();
        assertThat(view.cacheStamp(CONFIG_MAP)).as("not watched").isEmpty();
        try (AutoCloseable w = view.watch(Set.of(CONFIG_MAP), e -> { })) {
            OptionalLong before = view.cacheStamp(CONFIG_MAP);
            assertThat(before).isPresent();

            assertThat(view.get(A)).isPresent();
            assertThat(view.get(B.id())).isPresent();
            assertThat(view.getAll(List.of(A, B))).hasSize(2);
            assertThat(view.list(CONFIG_MAP, "default", Map.of("gitops4j.io/application", "shop"))).hasSize(2);
            assertThat(view.cacheStamp(CONFIG_MAP)).isEqualTo(before);

            var kube = server.kube();
            kube.patch(kube.type("", "v1", "configmaps"), "default", "a", PatchType.MERGE,
                    "{\"data\":{\"k\":\"edited\"}}", WriteOptions.defaults().withFieldManager("kubectl"));
            assertThat(eventually(WAIT, () -> !view.cacheStamp(CONFIG_MAP).equals(before))).isTrue();
        }
        assertThat(view.cacheStamp(CONFIG_MAP)).as("no longer watched").isEmpty();
    }

    @Test
    @DisplayName("EN-20 a read the cache could not answer (an object without our label) changes the stamp")
    void en20ReadFromTheServerChangesTheStamp() throws Exception {
        apply("a");
        var kube = server.kube();
        kube.create(kube.type("", "v1", "configmaps"), "default", new HashMap<>(Map.of("metadata",
                Map.of("name", "unlabelled"), "data", Map.of("a", "b"))), WriteOptions.defaults());
        ClusterView view = target.view();
        ResourceKey unlabelled = ResourceKey.of("v1", "ConfigMap", "default", "unlabelled");
        try (AutoCloseable w = view.watch(Set.of(CONFIG_MAP), e -> { })) {
            OptionalLong first = view.cacheStamp(CONFIG_MAP);
            assertThat(view.get(unlabelled.id())).isPresent();
            OptionalLong second = view.cacheStamp(CONFIG_MAP);
            assertThat(view.get(unlabelled)).isPresent();
            OptionalLong third = view.cacheStamp(CONFIG_MAP);
            assertThat(view.getAll(List.of(A, unlabelled))).hasSize(2);
            OptionalLong fourth = view.cacheStamp(CONFIG_MAP);

            assertThat(List.of(first, second, third, fourth)).allMatch(OptionalLong::isPresent)
                    .doesNotHaveDuplicates();
            assertThat(view.get(ResourceKey.of("v1", "ConfigMap", "default", "absent"))).isEmpty();
            assertThat(view.cacheStamp(CONFIG_MAP)).as("nothing answered").isEqualTo(fourth);
        }
    }

    private void apply(String name) {
        target.applyAll(List.of(ApplyRequest.of(configMap("default", name, Map.of("k", "v")))),
                ApplyOptions.defaults(), context());
    }
}
