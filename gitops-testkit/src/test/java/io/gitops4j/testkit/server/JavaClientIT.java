package io.gitops4j.testkit.server;

import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import io.gitops4j.testkit.FakeApiServer;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ConfigMapList;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.util.Config;
import io.kubernetes.client.util.PatchUtils;
import io.kubernetes.client.util.Watch;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.generic.options.PatchOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The official Java client (io.kubernetes:client-java) against {@link FakeApiServer}. */
class JavaClientIT {
    private static final Type CM_WATCH = new TypeToken<Watch.Response<V1ConfigMap>>() {
    }.getType();

    private FakeApiServer server;
    private ApiClient client;
    private CoreV1Api core;

    @BeforeEach
    void start() throws Exception {
        server = FakeApiServer.start();
        client = Config.fromUrl(server.url(), false);
        core = new CoreV1Api(client);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static V1ConfigMap configMap(String name, Map<String, String> data) {
        return new V1ConfigMap().metadata(new V1ObjectMeta().name(name).labels(Map.of("app", "j"))).data(data);
    }

    @Test
    @DisplayName("typed CoreV1Api CRUD: create 201, read, replace, stale replace 409, delete, read 404")
    void typedCrud() throws Exception {
        V1ConfigMap created = core.createNamespacedConfigMap("default", configMap("j1", Map.of("k", "v"))).execute();
        assertThat(created.getMetadata().getUid()).isNotBlank();
        assertThat(created.getMetadata().getResourceVersion()).isNotBlank();
        assertThat(created.getApiVersion()).isEqualTo("v1");
        assertThat(created.getKind()).isEqualTo("ConfigMap");

        V1ConfigMap read = core.readNamespacedConfigMap("j1", "default").execute();
        assertThat(read.getData()).containsEntry("k", "v");

        read.getData().put("k2", "v2");
        V1ConfigMap replaced = core.replaceNamespacedConfigMap("j1", "default", read).execute();
        assertThat(replaced.getData()).containsEntry("k2", "v2");
        assertThat(replaced.getMetadata().getResourceVersion()).isNotEqualTo(read.getMetadata().getResourceVersion());

        read.getData().put("k3", "stale");
        assertThatThrownBy(() -> core.replaceNamespacedConfigMap("j1", "default", read).execute())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getResponseBody()).contains("the object has been modified");
                });

        assertThatThrownBy(() -> core.createNamespacedConfigMap("default", configMap("j1", Map.of())).execute())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getResponseBody()).contains("AlreadyExists");
                });

        core.deleteNamespacedConfigMap("j1", "default").execute();
        assertThatThrownBy(() -> core.readNamespacedConfigMap("j1", "default").execute())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(404);
                    assertThat(e.getResponseBody()).contains("configmaps \\\"j1\\\" not found");
                });
    }

    @Test
    void typedAppsV1Deployment() throws Exception {
        AppsV1Api apps = new AppsV1Api(client);
        V1Deployment d = new V1Deployment().metadata(new V1ObjectMeta().name("web"))
                .spec(new V1DeploymentSpec().replicas(2)
                        .selector(new V1LabelSelector().matchLabels(Map.of("app", "web")))
                        .template(new V1PodTemplateSpec().metadata(new V1ObjectMeta().labels(Map.of("app", "web")))
                                .spec(new V1PodSpec().containers(List.of(
                                        new V1Container().name("nginx").image("nginx:1.25"))))));
        V1Deployment created = apps.createNamespacedDeployment("default", d).execute();
        assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
        V1Deployment read = apps.readNamespacedDeployment("web", "default").execute();
        assertThat(read.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.25");
        assertThat(apps.listNamespacedDeployment("default").execute().getItems()).hasSize(1);
        assertThatThrownBy(() -> apps.readNamespacedDeployment("nope", "default").execute())
                .isInstanceOfSatisfying(ApiException.class, e ->
                        assertThat(e.getResponseBody()).contains("deployments.apps \\\"nope\\\" not found"));
    }

    @Test
    @DisplayName("server-side apply through PatchUtils: create, conflict 409 with FieldManagerConflict causes, force")
    void applyPatches() throws Exception {
        String a = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"ssa\",\"namespace\":\"default\"},"
                + "\"data\":{\"k\":\"a\"}}";
        String b = a.replace("\"k\":\"a\"", "\"k\":\"b\"");
        V1ConfigMap created = PatchUtils.patch(V1ConfigMap.class, () -> core.patchNamespacedConfigMap("ssa", "default",
                new V1Patch(a)).fieldManager("mgr-a").force(false).buildCall(null), V1Patch.PATCH_FORMAT_APPLY_YAML, client);
        assertThat(created.getData()).containsEntry("k", "a");
        // (the typed model drops managedFields when decoding; read them from the fake itself)
        @SuppressWarnings("unchecked")
        var metadata = (Map<String, Object>) server.kube().get(server.kube().type("", "v1", "configmaps"), "default", "ssa")
                .get("metadata");
        assertThat(String.valueOf(metadata.get("managedFields"))).contains("manager=mgr-a", "operation=Apply");
        assertThat(lastStatus("patch")).as("an apply that creates answers 201").isEqualTo(201);

        assertThatThrownBy(() -> PatchUtils.patch(V1ConfigMap.class, () -> core.patchNamespacedConfigMap("ssa",
                "default", new V1Patch(b)).fieldManager("mgr-b").force(false).buildCall(null),
                V1Patch.PATCH_FORMAT_APPLY_YAML, client))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getResponseBody()).contains("conflict with \\\"mgr-a\\\"", ".data.k",
                            "FieldManagerConflict");
                });

        V1ConfigMap forced = PatchUtils.patch(V1ConfigMap.class, () -> core.patchNamespacedConfigMap("ssa", "default",
                new V1Patch(b)).fieldManager("mgr-b").force(true).buildCall(null), V1Patch.PATCH_FORMAT_APPLY_YAML, client);
        assertThat(forced.getData()).containsEntry("k", "b");

        V1ConfigMap merged = PatchUtils.patch(V1ConfigMap.class, () -> core.patchNamespacedConfigMap("ssa", "default",
                new V1Patch("{\"data\":{\"m\":\"1\"}}")).buildCall(null), V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH,
                client);
        assertThat(merged.getData()).containsEntry("m", "1").containsEntry("k", "b");
        V1ConfigMap jsonPatched = PatchUtils.patch(V1ConfigMap.class, () -> core.patchNamespacedConfigMap("ssa",
                "default", new V1Patch("[{\"op\":\"remove\",\"path\":\"/data/m\"}]")).buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_PATCH, client);
        assertThat(jsonPatched.getData()).doesNotContainKey("m");
    }

    @Test
    @DisplayName("a CRD, then its custom resources through DynamicKubernetesApi (create, get, list, apply)")
    void dynamicCustomResources() throws Exception {
        DynamicKubernetesApi crds = new DynamicKubernetesApi("apiextensions.k8s.io", "v1",
                "customresourcedefinitions", client);
        String crd = "{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"CustomResourceDefinition\","
                + "\"metadata\":{\"name\":\"widgets.example.com\"},\"spec\":{\"group\":\"example.com\","
                + "\"names\":{\"kind\":\"Widget\",\"listKind\":\"WidgetList\",\"plural\":\"widgets\",\"singular\":\"widget\"},"
                + "\"scope\":\"Namespaced\",\"versions\":[{\"name\":\"v1\",\"served\":true,\"storage\":true,"
                + "\"schema\":{\"openAPIV3Schema\":{\"type\":\"object\",\"properties\":{\"spec\":{\"type\":\"object\","
                + "\"properties\":{\"size\":{\"type\":\"integer\"}}}}}}}]}}";
        KubernetesApiResponse<DynamicKubernetesObject> c = crds.create(object(crd));
        assertThat(c.isSuccess()).as(String.valueOf(c.getStatus())).isTrue();
        assertThat(lastStatus("create")).isEqualTo(201);

        DynamicKubernetesApi widgets = new DynamicKubernetesApi("example.com", "v1", "widgets", client);
        String w1 = "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w1\","
                + "\"namespace\":\"default\"},\"spec\":{\"size\":3}}";
        KubernetesApiResponse<DynamicKubernetesObject> created = widgets.create(object(w1));
        assertThat(created.isSuccess()).as(String.valueOf(created.getStatus())).isTrue();
        assertThat(lastStatus("create")).isEqualTo(201);
        DynamicKubernetesObject got = widgets.get("default", "w1").throwsApiException().getObject();
        assertThat(got.getRaw().getAsJsonObject("spec").get("size").getAsInt()).isEqualTo(3);
        assertThat(widgets.list("default").throwsApiException().getObject().getItems()).hasSize(1);

        KubernetesApiResponse<DynamicKubernetesObject> applied = widgets.patch("default", "w2",
                V1Patch.PATCH_FORMAT_APPLY_YAML, new V1Patch(w1.replace("w1", "w2")),
                new PatchOptions().fieldManager("gitops").force(true));
        assertThat(applied.isSuccess()).as(String.valueOf(applied.getStatus())).isTrue();
        assertThat(lastStatus("patch")).as("an apply that creates answers 201").isEqualTo(201);
        KubernetesApiResponse<DynamicKubernetesObject> smp = widgets.patch("default", "w1",
                V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH, new V1Patch("{\"spec\":{\"size\":5}}"));
        assertThat(smp.getHttpStatusCode()).as("no strategic merge for custom resources").isEqualTo(415);
        KubernetesApiResponse<DynamicKubernetesObject> merge = widgets.patch("default", "w1",
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, new V1Patch("{\"spec\":{\"size\":5}}"));
        assertThat(merge.throwsApiException().getObject().getRaw().getAsJsonObject("spec").get("size").getAsInt())
                .isEqualTo(5);
    }

    private int lastStatus(String verb) {
        var records = server.requests().records(r -> r.verb().equals(verb));
        return records.get(records.size() - 1).status();
    }

    private static DynamicKubernetesObject object(String json) {
        return new DynamicKubernetesObject(JsonParser.parseString(json).getAsJsonObject());
    }

    @Test
    @DisplayName("list pagination: limit + continue walk every object once, with remainingItemCount")
    void pagination() throws Exception {
        for (int i = 0; i < 25; i++) {
            core.createNamespacedConfigMap("default", configMap(String.format("p%02d", i), Map.of())).execute();
        }
        int total = core.listNamespacedConfigMap("default").execute().getItems().size();
        assertThat(total).isGreaterThanOrEqualTo(25);
        Set<String> seen = new HashSet<>();
        String token = null;
        int pages = 0;
        do {
            V1ConfigMapList page = core.listNamespacedConfigMap("default").limit(10)._continue(token).execute();
            pages++;
            page.getItems().forEach(cm -> assertThat(seen.add(cm.getMetadata().getName())).isTrue());
            token = page.getMetadata().getContinue();
            if (pages == 1) {
                assertThat(page.getMetadata().getRemainingItemCount()).isEqualTo(total - 10L);
            }
        } while (token != null && !token.isEmpty());
        assertThat(pages).isEqualTo((total + 9) / 10);
        assertThat(seen).hasSize(total);
        // with a label selector: the same walk, filtered
        Set<String> labelled = new HashSet<>();
        token = null;
        do {
            V1ConfigMapList page = core.listNamespacedConfigMap("default").labelSelector("app=j").limit(7)
                    ._continue(token).execute();
            page.getItems().forEach(cm -> assertThat(labelled.add(cm.getMetadata().getName())).isTrue());
            token = page.getMetadata().getContinue();
        } while (token != null && !token.isEmpty());
        assertThat(labelled).hasSize(25);
    }

    @Test
    @DisplayName("watch: events after a resourceVersion, resume from the last one, 410 ERROR then relist")
    void watchResumeAnd410() throws Exception {
        client.setReadTimeout(0);
        String rv = core.listNamespacedConfigMap("default").execute().getMetadata().getResourceVersion();
        core.createNamespacedConfigMap("default", configMap("w1", Map.of("n", "1"))).execute();
        List<String> events = new ArrayList<>();
        String last;
        try (Watch<V1ConfigMap> watch = Watch.createWatch(client, core.listNamespacedConfigMap("default").watch(true)
                .resourceVersion(rv).timeoutSeconds(5).buildCall(null), CM_WATCH)) {
            Watch.Response<V1ConfigMap> first = watch.next();
            events.add(first.type + " " + first.object.getMetadata().getName());
            last = first.object.getMetadata().getResourceVersion();
        }
        assertThat(events).containsExactly("ADDED w1");

        V1ConfigMap cm = core.readNamespacedConfigMap("w1", "default").execute();
        cm.getData().put("n", "2");
        core.replaceNamespacedConfigMap("w1", "default", cm).execute();
        try (Watch<V1ConfigMap> resumed = Watch.createWatch(client, core.listNamespacedConfigMap("default")
                .watch(true).resourceVersion(last).timeoutSeconds(5).buildCall(null), CM_WATCH)) {
            Watch.Response<V1ConfigMap> next = resumed.next();
            assertThat(next.type).isEqualTo("MODIFIED");
            assertThat(next.object.getData()).containsEntry("n", "2");
        }

        server.kube().compact();
        try (Watch<V1ConfigMap> expired = Watch.createWatch(client, core.listNamespacedConfigMap("default")
                .watch(true).resourceVersion(rv).timeoutSeconds(5).buildCall(null), CM_WATCH)) {
            Watch.Response<V1ConfigMap> error = expired.next();
            assertThat(error.type).isEqualTo("ERROR");
            assertThat(error.status.getCode()).isEqualTo(410);
        }
        // recovery: relist, then watch from the fresh resourceVersion
        V1ConfigMapList relisted = core.listNamespacedConfigMap("default").execute();
        assertThat(relisted.getItems()).extracting(c -> c.getMetadata().getName()).contains("w1");
        core.deleteNamespacedConfigMap("w1", "default").execute();
        try (Watch<V1ConfigMap> fresh = Watch.createWatch(client, core.listNamespacedConfigMap("default").watch(true)
                .resourceVersion(relisted.getMetadata().getResourceVersion()).timeoutSeconds(5).buildCall(null),
                CM_WATCH)) {
            Watch.Response<V1ConfigMap> deleted = fresh.next();
            assertThat(deleted.type).isEqualTo("DELETED");
        }
    }

    @Test
    void watchWithoutResourceVersionStartsWithAdded() throws Exception {
        client.setReadTimeout(0);
        core.createNamespacedConfigMap("default", configMap("a1", Map.of())).execute();
        try (Watch<V1ConfigMap> watch = Watch.createWatch(client, core.listNamespacedConfigMap("default").watch(true)
                .timeoutSeconds(3).buildCall(null), CM_WATCH)) {
            Watch.Response<V1ConfigMap> first = watch.next();
            assertThat(first.type).isEqualTo("ADDED");
            assertThat(first.object.getMetadata().getName()).isEqualTo("a1");
        }
    }
}
