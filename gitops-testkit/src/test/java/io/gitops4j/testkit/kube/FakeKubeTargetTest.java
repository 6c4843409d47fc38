package io.gitops4j.testkit.kube;

import static io.gitops4j.testkit.kube.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.health.HealthStatus;
import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.DeleteOptions;
import io.gitops4j.api.target.Inventory;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.Target;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.testkit.FakeKube;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeKubeTargetTest {

    private final FakeKube kube = FakeKube.create();
    private final Target target = kube.asTarget();

    @AfterEach
    void close() {
        target.close();
    }

    private static Manifest cm(String name, String value) {
        return Manifest.of(yaml("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + name
                + ", namespace: default, labels: {app: demo}}\ndata: {a: '" + value + "'}"));
    }

    @Test
    void applyCreatesUpdatesAndIsIdempotent() {
        LiveObject created = target.apply(cm("x", "1"), ApplyOptions.defaults());
        assertThat(created.uid()).isNotEmpty();
        assertThat(created.key()).isEqualTo(ResourceKey.of("v1", "ConfigMap", "default", "x"));
        LiveObject same = target.apply(cm("x", "1"), ApplyOptions.defaults());
        assertThat(same.resourceVersion()).isEqualTo(created.resourceVersion());
        LiveObject changed = target.apply(cm("x", "2"), ApplyOptions.defaults());
        assertThat(changed.manifest().get("data", "a")).contains("2");
        assertThat(target.get(created.key())).contains(changed);
        assertThat(target.get(ResourceKey.of("v1", "ConfigMap", "default", "missing"))).isEmpty();
    }

    @Test
    void conflictsAreTypedWithDetails() {
        target.apply(cm("x", "1"), ApplyOptions.defaults().withFieldManager("someone-else"));
        assertThatThrownBy(() -> target.apply(cm("x", "2"), ApplyOptions.defaults()))
                .isInstanceOfSatisfying(TargetException.class, e -> {
                    assertThat(e.reason()).isEqualTo(TargetException.Reason.CONFLICT);
                    assertThat(e.getMessage()).startsWith("ConfigMap default/x");
                    assertThat(e.details()).containsExactly("conflict with \"someone-else\": .data.a");
                });
        assertThat(target.apply(cm("x", "2"), ApplyOptions.defaults().withForce(true)).manifest().get("data", "a"))
                .contains("2");
    }

    @Test
    void unknownKindAndMissingNamespaceAreTyped() {
        Manifest widget = Manifest.of(yaml("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, "
                + "namespace: default}"));
        assertThatThrownBy(() -> target.apply(widget, ApplyOptions.defaults()))
                .isInstanceOfSatisfying(TargetException.class,
                        e -> assertThat(e.reason()).isEqualTo(TargetException.Reason.UNKNOWN_KIND));
        Manifest elsewhere = Manifest.of(yaml("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: w, "
                + "namespace: nope}"));
        assertThatThrownBy(() -> target.apply(elsewhere, ApplyOptions.defaults()))
                .isInstanceOfSatisfying(TargetException.class,
                        e -> assertThat(e.reason()).isEqualTo(TargetException.Reason.NOT_FOUND));
    }

    @Test
    void listAndListOwnedBy() {
        LiveObject owner = target.apply(cm("owner", "1"), ApplyOptions.defaults());
        target.apply(Manifest.of(yaml("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: child, namespace: default, "
                + "ownerReferences: [{apiVersion: v1, kind: ConfigMap, name: owner, uid: " + owner.uid() + "}]}")),
                ApplyOptions.defaults());
        assertThat(target.list(new GroupKind("", "ConfigMap"), "default", Map.of("app", "demo")))
                .extracting(o -> o.key().name()).containsExactly("owner");
        assertThat(target.listOwnedBy(owner.uid(), List.of(new GroupKind("", "ConfigMap"))))
                .extracting(o -> o.key().name()).containsExactly("child");
        target.delete(owner.key(), DeleteOptions.ifUid(owner.uid()));
        assertThat(target.get(ResourceKey.of("v1", "ConfigMap", "default", "child")))
                .as("garbage collected").isEmpty();
    }

    @Test
    void deleteHonoursUidPreconditions() {
        LiveObject x = target.apply(cm("x", "1"), ApplyOptions.defaults());
        assertThatThrownBy(() -> target.delete(x.key(), DeleteOptions.ifUid("other")))
                .isInstanceOfSatisfying(TargetException.class,
                        e -> assertThat(e.reason()).isEqualTo(TargetException.Reason.STALE));
        assertThat(target.delete(x.key(), DeleteOptions.ifUid(x.uid()))).isTrue();
        assertThat(target.delete(x.key(), DeleteOptions.defaults())).isFalse();
    }

    @Test
    void watchDeliversChangesInOrder() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (AutoCloseable handle = target.watch(List.of(new GroupKind("", "ConfigMap")),
                e -> seen.add(e.type() + " " + e.object().orElseThrow().key().name()))) {
            target.apply(cm("x", "1"), ApplyOptions.defaults());
            target.apply(cm("x", "2"), ApplyOptions.defaults());
            target.delete(ResourceKey.of("v1", "ConfigMap", "default", "x"), DeleteOptions.defaults());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (seen.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(seen).containsExactly("ADDED x", "MODIFIED x", "DELETED x");
        }
    }

    @Test
    void healthAndInventory() {
        assertThat(target.health(ResourceKey.of("v1", "ConfigMap", "default", "x")).status())
                .isEqualTo(HealthStatus.MISSING);
        LiveObject x = target.apply(cm("x", "1"), ApplyOptions.defaults());
        assertThat(target.health(x.key()).status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(target.readInventory("app")).isEmpty();
        Inventory inv = Inventory.empty("app").with(x.key().id(), x.uid());
        target.writeInventory(inv);
        assertThat(target.readInventory("app")).contains(inv);
    }
}
