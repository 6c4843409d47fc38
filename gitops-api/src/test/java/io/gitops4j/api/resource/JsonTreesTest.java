package io.gitops4j.api.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.InvalidSpecException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class JsonTreesTest {
    @Test
    void copiesKeepInsertionOrderAndEqualOrdinaryMapsOfAnySize() {
        for (int size : new int[] {0, 1, 7, 8, 9, 40, 1000}) {
            Map<String, Object> in = new LinkedHashMap<>();
            for (int i = size; i > 0; i--) {
                in.put("k" + i, i % 2 == 0 ? (Object) ("v" + i) : Integer.valueOf(i));
            }
            Map<String, Object> copy = JsonTrees.immutableMap(in);
            Map<String, Object> expected = new HashMap<>();
            in.forEach((k, v) -> expected.put(k, v instanceof Integer ? ((Integer) v).longValue() : v));
            assertThat(copy).isEqualTo(expected).hasSameHashCodeAs(expected);
            assertThat(new ArrayList<>(copy.keySet())).containsExactlyElementsOf(in.keySet());
            for (String k : in.keySet()) {
                assertThat(copy.containsKey(k)).isTrue();
                assertThat(copy.get(k)).isEqualTo(expected.get(k));
            }
            assertThat(copy.get("absent")).isNull();
            assertThat(copy.containsKey("absent")).isFalse();
            assertThat(copy.get(42)).isNull();
            assertThat(JsonTrees.immutableMap(copy)).isSameAs(copy);
        }
    }

    @Test
    void copiesAreDeeplyImmutable() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("list", new ArrayList<>(List.of(new LinkedHashMap<>(Map.of("a", 1)))));
        in.put("map", new LinkedHashMap<>(Map.of("b", "x")));
        Map<String, Object> copy = JsonTrees.immutableMap(in);
        ((Map<String, Object>) in.get("map")).put("c", "later");
        assertThat(((Map<String, Object>) copy.get("map")).keySet()).containsExactly("b");
        assertThatThrownBy(() -> copy.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> copy.keySet().remove("map")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> copy.entrySet().iterator().next().setValue(1))
                .isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) copy.get("list");
        assertThatThrownBy(() -> list.add(1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((Map<String, Object>) list.get(0)).remove("a"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void numbersAreNormalized() {
        Map<String, Object> copy = JsonTrees.immutableMap(Map.of("i", 3, "s", (short) 2, "f", 1.5f,
                "big", new BigDecimal("2.5"), "n", new ArrayList<>(Arrays.asList(1, null))));
        assertThat(copy.get("i")).isEqualTo(3L);
        assertThat(copy.get("s")).isEqualTo(2L);
        assertThat(copy.get("f")).isEqualTo(1.5d);
        assertThat(copy.get("big")).isEqualTo(2.5d);
        assertThat((List<Object>) copy.get("n")).containsExactly(1L, null);
    }

    @Test
    void errorsNameThePathOfTheBadValue() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("spec", Map.of("items", List.of("ok", Map.of("ratio", Double.NaN))));
        assertThatThrownBy(() -> JsonTrees.immutableMap(in)).isInstanceOf(InvalidSpecException.class)
                .satisfies(e -> assertThat(((InvalidSpecException) e).field()).isEqualTo(".spec.items[1].ratio"))
                .hasMessageContaining("NaN");
        Map<Object, Object> badKey = new HashMap<>();
        badKey.put(1, "x");
        assertThatThrownBy(() -> JsonTrees.immutableCopy(Map.of("a", badKey)))
                .isInstanceOf(InvalidSpecException.class).hasMessageStartingWith(".a: map key '1' is not a string");
        assertThatThrownBy(() -> JsonTrees.immutableCopy(new Object())).isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("<root>: unsupported value type Object");
        Object deep = "leaf";
        for (int i = 0; i < 1001; i++) {
            deep = List.of(deep);
        }
        Object tooDeep = deep;
        assertThatThrownBy(() -> JsonTrees.immutableCopy(tooDeep)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("nested deeper than 1000");
    }

    @Test
    void canonicalJsonSortsKeysByCodePointAtEveryLevel() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("b", List.of(Map.of("z", 1, "a", 2)));
        in.put("a", "é\u0001");
        in.put("B", true);
        TreeMap<String, Object> sorted = new TreeMap<>(in);
        String json = JsonTrees.canonicalJson(JsonTrees.immutableMap(in));
        assertThat(json).isEqualTo("{\"B\":true,\"a\":\"é\\u0001\",\"b\":[{\"a\":2,\"z\":1}]}");
        assertThat(JsonTrees.canonicalJson(sorted)).isEqualTo(json);
    }
}
