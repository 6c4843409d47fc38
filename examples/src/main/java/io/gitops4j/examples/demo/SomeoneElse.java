package io.gitops4j.examples.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.PatchUtils;
import java.io.IOException;
import java.util.Map;

/**
 * The requests the demo sends as someone other than gitops4j, through the cluster's other client: creating and
 * removing the namespace that holds the Applications' inventories, and a person's {@code kubectl edit} of a live
 * object (a merge patch under the field manager {@value #EDITOR}, as kubectl sends it). Each call blocks on one
 * request; thread-safe as the client is.
 */
final class SomeoneElse {
    /** The field manager of the live edit: kubectl's for {@code kubectl edit}. */
    static final String EDITOR = "kubectl-edit";
    /** The label on the namespaces the demo creates, so a person can find any left behind. */
    static final Map<String, String> LABELS = Map.of("app.kubernetes.io/created-by", "gitops4j-demo");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiClient client;

    SomeoneElse(ApiClient client) {
        this.client = client;
    }

    /** Creates a namespace labelled as the demo's. @throws IOException naming the namespace and the answer */
    void createNamespace(String name) throws IOException {
        try {
            new CoreV1Api(client).createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(name)
                    .labels(LABELS))).execute();
        } catch (ApiException e) {
            throw failed("creating namespace " + name, e);
        }
    }

    /** Deletes a namespace (and, in the background, everything in it); one already gone is fine. */
    void deleteNamespace(String name) throws IOException {
        try {
            new CoreV1Api(client).deleteNamespace(name).execute();
        } catch (ApiException e) {
            if (e.getCode() != 404) {
                throw failed("deleting namespace " + name, e);
            }
        }
    }

    /** Sets a Deployment's replicas by hand, as {@code kubectl edit} does. */
    void editReplicas(String namespace, String name, int replicas) throws IOException {
        V1Patch patch = new V1Patch("{\"spec\":{\"replicas\":" + replicas + "}}");
        try {
            PatchUtils.patch(V1Deployment.class, () -> new AppsV1Api(client).patchNamespacedDeployment(name,
                    namespace, patch).fieldManager(EDITOR).buildCall(null), V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                    client);
        } catch (ApiException e) {
            throw failed("editing Deployment " + namespace + "/" + name, e);
        }
    }

    /** @return an error naming what failed, the HTTP status and the server's message (a Status carries no secret) */
    private static IOException failed(String what, ApiException e) {
        String message = "";
        try {
            if (e.getResponseBody() != null && !e.getResponseBody().isBlank()) {
                message = JSON.readTree(e.getResponseBody()).path("message").asText("");
            }
        } catch (IOException unreadable) {
            message = "";
        }
        return new IOException(what + " failed: " + (e.getCode() == 0 ? "no answer (" + e.getCause() + ")"
                : "HTTP " + e.getCode() + (message.isEmpty() ? "" : ": " + message)), e);
    }
}
