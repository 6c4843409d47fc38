package io.gitops4j.api.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.InvalidSpecException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestTest {
    static Map<String, Object> configMap(String name, String value) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("apiVersion", "v1");
        tree.put("kind", "ConfigMap");
        tree.put("metadata", new LinkedHashMap<>(Map.of("name", name, "namespace", "shop")));
        tree.put("data", new LinkedHashMap<>(Map.of("k", value)));
        return tree;
    }

    @Test
    void accessorsReadTypedFieldsAndNeverReturnNull() {
        Manifest m = Manifest.of(configMap("settings", "v"), new Origin("env/prod/cm.yaml", 1));
        assertThat(m.apiVersion()).isEqualTo("v1");
        assertThat(m.kind()).isEqualTo("ConfigMap");
        assertThat(m.name()).isEqualTo("settings");
        assertThat(m.namespace()).isEqualTo("shop");
        assertThat(m.labels()).isEmpty();
        assertThat(m.get("data", "k")).contains("v");
        assertThat(m.get("spec", "replicas")).isEmpty();
        assertThat(m.key()).isEqualTo(ResourceKey.of("v1", "ConfigMap", "shop", "settings"));
        assertThat(m.origin()).hasToString("env/prod/cm.yaml#1");
    }

    @Test
    void treeIsDeeplyImmutableAndCopiedFromTheInput() {
        Map<String, Object> input = configMap("a", "1");
        Manifest m = Manifest.of(input);
        ((Map<String, Object>) input.get("data")).put("k", "changed");
        assertThat(m.get("data", "k")).contains("1");
        assertThatThrownBy(() -> m.tree().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.metadata().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void hashIgnoresKeyOrderAndOriginButNotContent() {
        Map<String, Object> a = configMap("a", "1");
        Map<String, Object> reversed = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>(a.keySet());
        java.util.Collections.reverse(keys);
        keys.forEach(k -> reversed.put(k, a.get(k)));
        Manifest m1 = Manifest.of(a, new Origin("x.yaml", 0));
        Manifest m2 = Manifest.of(reversed, new Origin("y.yaml", 3));
        assertThat(m1.contentHash()).isEqualTo(m2.contentHash()).hasSize(64);
        assertThat(m1).isEqualTo(m2);
        assertThat(Manifest.of(configMap("a", "2")).contentHash()).isNotEqualTo(m1.contentHash());
    }

    @Test
    void numbersAreNormalizedSoIntAndLongHashTheSame() {
        Map<String, Object> withInt = new LinkedHashMap<>(configMap("a", "1"));
        withInt.put("spec", Map.of("replicas", 3));
        Map<String, Object> withLong = new LinkedHashMap<>(configMap("a", "1"));
        withLong.put("spec", Map.of("replicas", 3L));
        assertThat(Manifest.of(withInt).contentHash()).isEqualTo(Manifest.of(withLong).contentHash());
        assertThat(Manifest.of(withInt).get("spec", "replicas")).contains(3L);
        assertThat(JsonTrees.canonicalJson(Map.of("b", 1.5, "a", "x\"\n"))).isEqualTo("{\"a\":\"x\\\"\\n\",\"b\":1.5}");
    }

    @Test
    void missingIdentityFieldsAreNamedWithTheOrigin() {
        Map<String, Object> tree = configMap("a", "1");
        tree.remove("kind");
        Manifest m = Manifest.of(tree, new Origin("apps/x.yaml", 2));
        assertThatThrownBy(m::key).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("apps/x.yaml#2").hasMessageContaining("no kind");
        assertThatThrownBy(() -> Manifest.of(Map.of("x", Double.NaN))).isInstanceOf(InvalidSpecException.class);
        assertThatThrownBy(() -> Manifest.of(Map.of("x", new Object()))).isInstanceOf(InvalidSpecException.class);
    }

    @Test
    void withersReturnChangedCopies() {
        Manifest m = Manifest.of(configMap("a", "1"));
        Manifest labelled = m.withLabel("app.gitops4j.io/name", "shop").withNamespace("other");
        assertThat(labelled.labels()).containsEntry("app.gitops4j.io/name", "shop");
        assertThat(labelled.namespace()).isEqualTo("other");
        assertThat(m.labels()).isEmpty();
        assertThat(m.toString()).doesNotContain("\"k\"");
    }

    @Test
    void manifestSetRejectsDuplicatesNamingBothOrigins() {
        Manifest first = Manifest.of(configMap("a", "1"), new Origin("one.yaml", 0));
        Manifest second = Manifest.of(configMap("a", "2"), new Origin("two.yaml", 4));
        assertThatThrownBy(() -> ManifestSet.of(first, second)).isInstanceOf(DuplicateResourceException.class)
                .hasMessageContaining("one.yaml#0").hasMessageContaining("two.yaml#4")
                .hasMessageStartingWith("ConfigMap shop/a");
        ManifestSet set = ManifestSet.of(first, Manifest.of(configMap("b", "1")));
        assertThat(set.size()).isEqualTo(2);
        assertThat(set.contains(ResourceKey.of("v1", "ConfigMap", "shop", "b"))).isTrue();
        assertThat(ManifestSet.of(set.manifests().get(1), first).contentHash()).isEqualTo(set.contentHash());
    }
}
