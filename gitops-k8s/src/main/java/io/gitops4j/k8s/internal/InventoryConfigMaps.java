package io.gitops4j.k8s.internal;

import io.gitops4j.api.target.RetryBudget;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ConfigMaps an inventory is stored in, on the wire: their names ({@code gitops4j-inventory-APP} for the header,
 * {@code gitops4j-inventory-APP-SERIES-N} for continuation chunks), their bodies (label {@value #LABEL}, chunk N in
 * {@code binaryData["inventory.gz.N"]}), and the requests that read, create, replace, list and delete them, each
 * retried as any other request. Thread-safe.
 */
final class InventoryConfigMaps {
    /** The label naming the Application an inventory ConfigMap belongs to. */
    static final String LABEL = "gitops4j.io/inventory";

    private final Retrying http;
    private final String namespace;
    private final String fieldManager;
    private final int attempts;

    InventoryConfigMaps(Retrying http, String namespace, String fieldManager, int attempts) {
        this.http = http;
        this.namespace = namespace;
        this.fieldManager = fieldManager;
        this.attempts = attempts;
    }

    static String headName(String application) {
        return "gitops4j-inventory-" + application;
    }

    static String chunkPrefix(String application, String series) {
        return headName(application) + "-" + series + "-";
    }

    static String chunkName(String application, String series, int index) {
        return chunkPrefix(application, series) + index;
    }

    /** @return the base64 text of chunk {@code index} a ConfigMap holds, {@code ""} when it holds none */
    static String chunkText(Map<String, Object> configMap, int index) {
        return Json.string(Json.map(configMap, "binaryData"), "inventory.gz." + index);
    }

    /** @return a ConfigMap holding chunk {@code index}, header {@code data}, at {@code resourceVersion} ({@code ""}: none) */
    Map<String, Object> body(String name, String app, byte[] chunk, int index, Map<String, String> data,
            String resourceVersion) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", name);
        meta.put("namespace", namespace);
        meta.put("labels", Map.of(LABEL, app, "app.kubernetes.io/managed-by", "gitops4j"));
        if (!resourceVersion.isEmpty()) {
            meta.put("resourceVersion", resourceVersion);
        }
        Map<String, Object> cm = new LinkedHashMap<>();
        cm.put("apiVersion", "v1");
        cm.put("kind", "ConfigMap");
        cm.put("metadata", meta);
        if (!data.isEmpty()) {
            cm.put("data", data);
        }
        cm.put("binaryData", Map.of("inventory.gz." + index, Base64.getEncoder().encodeToString(chunk)));
        return cm;
    }

    ApiResponse get(String name, String app, String doing) {
        return send(ApiRequest.of("GET", path(name)), app, doing);
    }

    ApiResponse create(Map<String, Object> body, String app, String doing) {
        return send(ApiRequest.of("POST", collection()).withQuery("fieldManager", fieldManager)
                .withBody(ApiRequest.JSON, Json.write(body)), app, doing);
    }

    ApiResponse replace(String name, Map<String, Object> body, String app, String doing) {
        return send(ApiRequest.of("PUT", path(name)).withQuery("fieldManager", fieldManager)
                .withBody(ApiRequest.JSON, Json.write(body)), app, doing);
    }

    /** @return the names of every ConfigMap of {@code app}'s inventory */
    List<String> names(String app) {
        ApiResponse list = send(ApiRequest.of("GET", collection()).withQuery("labelSelector", LABEL + "=" + app),
                app, "list chunks");
        return Json.list(list.json(), "items").stream().filter(Map.class::isInstance)
                .map(cm -> Json.string(Json.map((Map<?, ?>) cm, "metadata"), "name")).toList();
    }

    /** Deletes a ConfigMap, ignoring any failure: a leftover chunk of an old version is harmless (no header names it). */
    void deleteQuietly(String name) {
        try {
            http.send(ApiRequest.of("DELETE", path(name)), RetryBudget.of(attempts - 1));
        } catch (IOException e) {
            // see above
        }
    }

    private ApiResponse send(ApiRequest request, String app, String doing) {
        try {
            return http.send(request, RetryBudget.of(attempts - 1)).response();
        } catch (IOException e) {
            throw ApiFailures.unreachable(null, "inventory of " + app + ": " + doing, e);
        }
    }

    private String collection() {
        return "/api/v1/namespaces/" + namespace + "/configmaps";
    }

    private String path(String name) {
        return collection() + "/" + name;
    }
}
