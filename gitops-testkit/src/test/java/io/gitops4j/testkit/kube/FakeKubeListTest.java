package io.gitops4j.testkit.kube;

import static io.gitops4j.testkit.kube.Trees.str;
import static io.gitops4j.testkit.kube.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.testkit.FakeKube;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeKubeListTest {

    private final FakeKube kube = FakeKube.builder().watchHistory(1000).build();
    private final ResourceType configMaps = kube.type("", "v1", "configmaps");
    private final ResourceType namespaces = kube.type("", "v1", "namespaces");

    @BeforeEach
    void seed() {
        kube.create(namespaces, "", yaml("metadata: {name: a-b}"), WriteOptions.defaults());
        kube.create(namespaces, "", yaml("metadata: {name: a}"), WriteOptions.defaults());
        put("a", "one", "app: web, tier: front");
        put("a", "two", "app: web, tier: back");
        put("a-b", "three", "app: db");
        put("default", "four", "env: prod");
        put("default", "five", "");
    }

    private void put(String ns, String name, String labels) {
        kube.create(configMaps, ns, yaml("metadata: {name: " + name + ", labels: {" + labels + "}}"),
                WriteOptions.defaults());
    }

    private List<String> names(String ns, ListOptions options) {
        return kube.list(configMaps, ns, options).items().stream()
                .map(o -> str(o, "metadata.namespace") + "/" + str(o, "metadata.name")).toList();
    }

    private List<String> select(String selector) {
        return names("", ListOptions.defaults().withLabelSelector(selector));
    }

    @Test
    void ordersByNamespaceThenName() {
        assertThat(names("", ListOptions.defaults()))
                .containsExactly("a/one", "a/two", "a-b/three", "default/five", "default/four");
        assertThat(names("a", ListOptions.defaults())).containsExactly("a/one", "a/two");
    }

    @Test
    void listCarriesKindAndResourceVersion() {
        ListResult r = kube.list(configMaps, "", ListOptions.defaults());
        assertThat(r.kind()).isEqualTo("ConfigMapList");
        assertThat(r.apiVersion()).isEqualTo("v1");
        assertThat(r.resourceVersion()).isEqualTo(kube.resourceVersion());
        Map<String, Object> wire = r.toMap();
        assertThat(wire).containsEntry("kind", "ConfigMapList");
        assertThat(wire.get("metadata")).isEqualTo(Map.of("resourceVersion", kube.resourceVersion()));
    }

    @Test
    void labelSelectorOperators() {
        assertThat(select("app=web")).containsExactly("a/one", "a/two");
        assertThat(select("app==web,tier=back")).containsExactly("a/two");
        assertThat(select("app!=web")).containsExactly("a-b/three", "default/five", "default/four");
        assertThat(select("app in (web, db)")).containsExactly("a/one", "a/two", "a-b/three");
        assertThat(select("app notin (web)")).containsExactly("a-b/three", "default/five", "default/four");
        assertThat(select("env")).containsExactly("default/four");
        assertThat(select("!app")).containsExactly("default/five", "default/four");
        assertThat(select("app, !tier")).containsExactly("a-b/three");
    }

    @Test
    void badLabelSelectorIsBadRequest() {
        assertThatThrownBy(() -> select("app in web"))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> assertThat(e.code()).isEqualTo(400));
        assertThatThrownBy(() -> select("app in ()"))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> assertThat(e.code()).isEqualTo(400));
    }

    @Test
    void fieldSelectors() {
        assertThat(names("", ListOptions.defaults().withFieldSelector("metadata.name=two"))).containsExactly("a/two");
        assertThat(names("", ListOptions.defaults().withFieldSelector("metadata.namespace!=a")))
                .containsExactly("a-b/three", "default/five", "default/four");
        assertThat(names("", ListOptions.defaults().withFieldSelector("metadata.namespace==a,metadata.name!=one")))
                .containsExactly("a/two");
        assertThatThrownBy(() -> names("", ListOptions.defaults().withFieldSelector("data.x=1")))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("field label not supported: data.x");
                });
    }

    @Test
    void paginationWalksAConsistentSnapshot() {
        ListResult first = kube.list(configMaps, "", ListOptions.defaults().withLimit(2));
        assertThat(first.items()).extracting(o -> str(o, "metadata.name")).containsExactly("one", "two");
        assertThat(first.continueToken()).isNotEmpty();
        assertThat(first.remainingItemCount()).isEqualTo(3);
        assertThat(first.toMap().get("metadata")).isEqualTo(Map.of("resourceVersion", first.resourceVersion(),
                "continue", first.continueToken(), "remainingItemCount", 3L));
        kube.delete(configMaps, "default", "five", DeleteOptions.defaults());
        put("a-b", "zzz", "");
        kube.patch(configMaps, "a-b", "three", PatchType.MERGE, "{\"data\":{\"changed\":\"yes\"}}",
                WriteOptions.defaults());
        List<String> rest = new ArrayList<>();
        String token = first.continueToken();
        while (!token.isEmpty()) {
            ListResult page = kube.list(configMaps, "", ListOptions.defaults().withLimit(2).withContinue(token));
            assertThat(page.resourceVersion()).isEqualTo(first.resourceVersion());
            page.items().forEach(o -> rest.add(str(o, "metadata.name") + (o.containsKey("data") ? "*" : "")));
            token = page.continueToken();
        }
        assertThat(rest).containsExactly("three", "five", "four");
    }

    @Test
    void paginationWithSelectorOmitsRemainingCount() {
        ListResult first = kube.list(configMaps, "", ListOptions.defaults().withLimit(1).withLabelSelector("app"));
        assertThat(first.continueToken()).isNotEmpty();
        assertThat(first.remainingItemCount()).isEqualTo(-1);
    }

    @Test
    void expiredContinueTokenIsGone() {
        ListResult first = kube.list(configMaps, "", ListOptions.defaults().withLimit(2));
        put("default", "six", "");
        kube.compact();
        assertThatThrownBy(() -> kube.list(configMaps, "",
                ListOptions.defaults().withLimit(2).withContinue(first.continueToken())))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> {
                    assertThat(e.code()).isEqualTo(410);
                    assertThat(e.reason()).isEqualTo("Expired");
                    assertThat(e.getMessage()).startsWith("The provided continue parameter is too old");
                });
    }

    @Test
    void garbageContinueTokenIsBadRequest() {
        assertThatThrownBy(() -> kube.list(configMaps, "", ListOptions.defaults().withContinue("%%%")))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> assertThat(e.code()).isEqualTo(400));
    }

    @Test
    void listOptionsFromQuery() {
        ListOptions o = ListOptions.fromQuery(Map.of("labelSelector", "a=b", "limit", "500", "continue", "t"));
        assertThat(o.labelSelector()).isEqualTo("a=b");
        assertThat(o.limit()).isEqualTo(500);
        assertThat(o.continueToken()).isEqualTo("t");
    }
}
