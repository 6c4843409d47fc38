package io.gitops4j.testkit.kube;

import static io.gitops4j.testkit.kube.Trees.at;
import static io.gitops4j.testkit.kube.Trees.str;
import static io.gitops4j.testkit.kube.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.testkit.FakeKube;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FakeKubeCrdTest {

    static final String WIDGET_CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            spec:
              group: example.com
              scope: Namespaced
              names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd], categories: [all]}
              versions:
              - name: v1
                served: true
                storage: true
                subresources: {status: {}, scale: {specReplicasPath: .spec.size, statusReplicasPath: .status.size}}
                additionalPrinterColumns:
                - {name: Size, type: integer, jsonPath: .spec.size}
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        properties:
                          size: {type: integer}
                          tags: {type: array, x-kubernetes-list-type: set, items: {type: string}}
                      status:
                        type: object
                        properties:
                          size: {type: integer}
              - name: v1beta1
                served: true
                storage: false
            """;

    private final FakeKube kube = FakeKube.create();
    private final ResourceType crds = kube.type("apiextensions.k8s.io", "v1", "customresourcedefinitions");

    static Map<String, Object> createWidgetCrd(FakeKube kube) {
        return kube.create(kube.type("apiextensions.k8s.io", "v1", "customresourcedefinitions"), "",
                yaml(WIDGET_CRD), WriteOptions.defaults()).object();
    }

    @Test
    void creatingACrdRegistersItsTypesAndEstablishesIt() {
        AtomicInteger changes = new AtomicInteger();
        kube.registry().addListener(changes::incrementAndGet);
        Map<String, Object> crd = createWidgetCrd(kube);
        assertThat(changes.get()).isPositive();
        assertThat((List<?>) at(crd, "status.conditions")).extracting(c -> ((Map<?, ?>) c).get("type") + "="
                + ((Map<?, ?>) c).get("status")).contains("NamesAccepted=True", "Established=True");
        assertThat(at(crd, "metadata.finalizers")).isEqualTo(List.of("customresourcecleanup.apiextensions.k8s.io"));
        ResourceType v1 = kube.type("example.com", "v1", "widgets");
        assertThat(v1.kind()).isEqualTo("Widget");
        assertThat(v1.namespaced()).isTrue();
        assertThat(v1.shortNames()).containsExactly("wd");
        assertThat(v1.categories()).containsExactly("all");
        assertThat(v1.subresources()).containsExactlyInAnyOrder("status", "scale");
        assertThat(v1.printerColumns()).hasSize(1);
        assertThat(v1.schema()).containsKey("properties");
        assertThat(kube.registry().versions("example.com")).containsExactly("v1", "v1beta1");
        assertThat(kube.type("example.com", "v1beta1", "widgets").subresources()).isEmpty();
    }

    @Test
    void customResourcesTrackGenerationAndIgnoreStatusOnMainWrites() {
        createWidgetCrd(kube);
        ResourceType widgets = kube.type("example.com", "v1", "widgets");
        Map<String, Object> w = kube.create(widgets, "default",
                yaml("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 1}\n"
                        + "status: {size: 9}"), WriteOptions.defaults()).object();
        assertThat(at(w, "metadata.generation")).isEqualTo(1L);
        assertThat(at(w, "status")).isNull();
        Map<String, Object> st = kube.update(widgets, "default", "w", "status",
                yaml("metadata: {name: w}\nspec: {size: 100}\nstatus: {size: 1}"), WriteOptions.defaults()).object();
        assertThat(at(st, "status.size")).isEqualTo(1L);
        assertThat(at(st, "spec.size")).as("status writes change only status").isEqualTo(1L);
        assertThat(at(st, "metadata.generation")).isEqualTo(1L);
        Map<String, Object> main = kube.patch(widgets, "default", "w", PatchType.MERGE,
                "{\"spec\":{\"size\":2},\"status\":{\"size\":5}}", WriteOptions.defaults()).object();
        assertThat(at(main, "spec.size")).isEqualTo(2L);
        assertThat(at(main, "status.size")).as("main writes ignore status").isEqualTo(1L);
        assertThat(at(main, "metadata.generation")).isEqualTo(2L);
    }

    @Test
    void objectsAreServedUnderEveryServedVersion() {
        createWidgetCrd(kube);
        kube.create(kube.type("example.com", "v1", "widgets"), "default", yaml("metadata: {name: w}"),
                WriteOptions.defaults());
        Map<String, Object> beta = kube.get(kube.type("example.com", "v1beta1", "widgets"), "default", "w");
        assertThat(beta.get("apiVersion")).isEqualTo("example.com/v1beta1");
    }

    @Test
    void scaleSubresourceUsesTheCrdPaths() {
        createWidgetCrd(kube);
        ResourceType widgets = kube.type("example.com", "v1", "widgets");
        kube.create(widgets, "default", yaml("metadata: {name: w}\nspec: {size: 2}"), WriteOptions.defaults());
        Map<String, Object> scale = kube.get(widgets, "default", "w", "scale");
        assertThat(scale.get("kind")).isEqualTo("Scale");
        assertThat(at(scale, "spec.replicas")).isEqualTo(2L);
        kube.patch(widgets, "default", "w", "scale", PatchType.MERGE, "{\"spec\":{\"replicas\":5}}",
                WriteOptions.defaults());
        assertThat(at(kube.get(widgets, "default", "w"), "spec.size")).isEqualTo(5L);
    }

    @Test
    void deletingACrdRemovesItsObjectsAndTypes() {
        createWidgetCrd(kube);
        ResourceType widgets = kube.type("example.com", "v1", "widgets");
        kube.create(widgets, "default", yaml("metadata: {name: a}"), WriteOptions.defaults());
        kube.create(widgets, "kube-system", yaml("metadata: {name: b}"), WriteOptions.defaults());
        DeleteResult r = kube.delete(crds, "", "widgets.example.com", DeleteOptions.defaults());
        assertThat(r.removed()).isTrue();
        assertThat(kube.registry().find("example.com", "v1", "widgets")).isEmpty();
        assertThatThrownBy(() -> kube.list(widgets, "", ListOptions.defaults()))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> assertThat(e.code()).isEqualTo(404));
        createWidgetCrd(kube);
        assertThat(kube.list(kube.type("example.com", "v1", "widgets"), "", ListOptions.defaults()).items())
                .as("a recreated CRD starts empty").isEmpty();
    }

    @Test
    void crdWhoseCustomResourcesHaveFinalizersStaysTerminating() {
        createWidgetCrd(kube);
        ResourceType widgets = kube.type("example.com", "v1", "widgets");
        kube.create(widgets, "default", yaml("metadata: {name: a, finalizers: [example.com/hold]}"),
                WriteOptions.defaults());
        DeleteResult r = kube.delete(crds, "", "widgets.example.com", DeleteOptions.defaults());
        assertThat(r.removed()).isFalse();
        assertThat(str(kube.get(crds, "", "widgets.example.com"), "metadata.deletionTimestamp")).isNotNull();
        kube.patch(widgets, "default", "a", PatchType.MERGE, "{\"metadata\":{\"finalizers\":null}}",
                WriteOptions.defaults());
        assertThatThrownBy(() -> kube.get(crds, "", "widgets.example.com"))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> assertThat(e.code()).isEqualTo(404));
        assertThat(kube.registry().find("example.com", "v1", "widgets")).isEmpty();
    }

    @Test
    void invalidCrdIsRejected() {
        Map<String, Object> bad = yaml(WIDGET_CRD.replace("name: widgets.example.com", "name: wrong.example.com"));
        assertThatThrownBy(() -> kube.create(crds, "", bad, WriteOptions.defaults()))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("metadata.name")
                            .contains("must be spec.names.plural+\".\"+spec.group");
                });
    }

    @Test
    void applyOfACustomResourceUsesTheCrdSchema() {
        createWidgetCrd(kube);
        ResourceType widgets = kube.type("example.com", "v1", "widgets");
        kube.patch(widgets, "default", "w", PatchType.APPLY,
                "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"},"
                        + "\"spec\":{\"tags\":[\"a\"]}}", WriteOptions.apply("one"));
        Map<String, Object> o = kube.patch(widgets, "default", "w", PatchType.APPLY,
                "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"},"
                        + "\"spec\":{\"tags\":[\"b\"]}}", WriteOptions.apply("two")).object();
        assertThat(at(o, "spec.tags")).as("a set list merges across managers").isEqualTo(List.of("a", "b"));
    }
}
