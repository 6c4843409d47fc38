package io.gitops4j.k8s;

import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.target.WriteContext;
import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.kube.PatchType;
import io.gitops4j.testkit.kube.WriteOptions;
import io.kubernetes.client.util.Config;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Objects and targets the Kubernetes target's tests share. */
final class Fixtures {
    private Fixtures() {}

    /** A target on the fake server with quick retries (10 ms, doubling to 200 ms). */
    static KubernetesTarget target(FakeApiServer server) {
        return builder(server).build();
    }

    /** A builder for a target on the fake server with quick retries. */
    static KubernetesTargetBuilder builder(FakeApiServer server) {
        return KubernetesTarget.builder().apiClient(Config.fromUrl(server.url(), false))
                .retries(RetryOptions.defaults().withInitialDelay(Duration.ofMillis(10))
                        .withMaxDelay(Duration.ofMillis(200)));
    }

    /** A write context of Application {@code shop} with a budget of 20 retries. */
    static WriteContext context() {
        return WriteContext.of("shop", 20);
    }

    static Manifest configMap(String namespace, String name, Map<String, String> data) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", name);
        meta.put("namespace", namespace);
        meta.put("labels", Map.of("gitops4j.io/application", "shop"));
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("apiVersion", "v1");
        tree.put("kind", "ConfigMap");
        tree.put("metadata", meta);
        tree.put("data", data);
        return Manifest.of(tree);
    }

    /** The CRD of {@code example.com/v1 Widget} (namespaced, any fields). */
    static Manifest widgetCrd() {
        return Manifest.of(Map.of("apiVersion", "apiextensions.k8s.io/v1", "kind", "CustomResourceDefinition",
                "metadata", Map.of("name", "widgets.example.com"),
                "spec", Map.of("group", "example.com", "scope", "Namespaced",
                        "names", Map.of("kind", "Widget", "plural", "widgets", "singular", "widget",
                                "listKind", "WidgetList"),
                        "versions", List.of(Map.of("name", "v1", "served", true, "storage", true,
                                "schema", Map.of("openAPIV3Schema", Map.of("type", "object",
                                        "x-kubernetes-preserve-unknown-fields", true)))))));
    }

    static Manifest namespace(String name) {
        return Manifest.of(Map.of("apiVersion", "v1", "kind", "Namespace", "metadata", Map.of("name", name,
                "labels", Map.of("gitops4j.io/application", "shop"))));
    }

    static Manifest deployment(String namespace, String name, int replicas) {
        Map<String, Object> container = Map.of("name", "web", "image", "nginx:1.27");
        Map<String, Object> spec = Map.of("replicas", replicas,
                "selector", Map.of("matchLabels", Map.of("app", name)),
                "template", Map.of("metadata", Map.of("labels", Map.of("app", name)),
                        "spec", Map.of("containers", List.of(container))));
        return Manifest.of(Map.of("apiVersion", "apps/v1", "kind", "Deployment",
                "metadata", Map.of("name", name, "namespace", namespace,
                        "labels", Map.of("gitops4j.io/application", "shop")), "spec", spec));
    }

    static Manifest secret(String namespace, String name, Map<String, String> data) {
        return Manifest.of(Map.of("apiVersion", "v1", "kind", "Secret", "metadata", Map.of("name", name,
                "namespace", namespace, "labels", Map.of("gitops4j.io/application", "shop")), "data", data));
    }

    /** Applies {@code json} to the fake directly as field manager {@code manager}. */
    static void applyAs(FakeApiServer server, String manager, String apiVersion, String plural, String namespace,
            String name, String json, boolean force) {
        var kube = server.kube();
        int slash = apiVersion.indexOf('/');
        var type = kube.type(slash < 0 ? "" : apiVersion.substring(0, slash), apiVersion.substring(slash + 1),
                plural);
        kube.patch(type, namespace, name, PatchType.APPLY, json, WriteOptions.apply(manager).withForce(force));
    }

    /** Merge-patches an object in the fake as an imperative edit by {@code manager} (operation Update). */
    static void editAs(FakeApiServer server, String manager, String apiVersion, String plural, String namespace,
            String name, String json) {
        var kube = server.kube();
        int slash = apiVersion.indexOf('/');
        var type = kube.type(slash < 0 ? "" : apiVersion.substring(0, slash), apiVersion.substring(slash + 1),
                plural);
        kube.patch(type, namespace, name, PatchType.MERGE, json, WriteOptions.defaults().withFieldManager(manager));
    }

    /** Waits until {@code check} holds, polling every 10 ms, for at most {@code timeout}. */
    static boolean eventually(Duration timeout, java.util.function.BooleanSupplier check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (check.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return check.getAsBoolean();
    }
}
