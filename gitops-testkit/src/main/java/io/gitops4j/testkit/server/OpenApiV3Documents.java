package io.gitops4j.testkit.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops4j.testkit.kube.ResourceType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The OpenAPI v3 documents of the fake: an index ({@code /openapi/v3}) naming one document per group/version with a
 * {@code ?hash=} that changes whenever that document changes, and the documents themselves.
 *
 * <p>The documents are synthetic and small: per resource, the object path with get/put/patch/delete operations
 * carrying {@code x-kubernetes-group-version-kind}, the PATCH operation declaring the {@code dryRun},
 * {@code fieldManager}, {@code fieldValidation} and {@code force} query parameters (kubectl checks them before it
 * relies on server-side validation), and no request body schema (so kubectl computes strategic merge patches from
 * its compiled-in types, as it does for a server whose schema it cannot use). Custom resources also get their CRD
 * schema under {@code components.schemas}, tagged with their group/version/kind.
 *
 * <p>Immutable snapshot: build a new one when the served resources change.
 */
final class OpenApiV3Documents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PATCH_QUERY_PARAMETERS =
            List.of("dryRun", "fieldManager", "fieldValidation", "force");

    /** One rendered document and its hash. */
    record Document(String key, byte[] body, String hash) {
    }

    private final Map<String, Document> documents;
    private final byte[] index;

    private OpenApiV3Documents(Map<String, Document> documents, byte[] index) {
        this.documents = documents;
        this.index = index;
    }

    /** Renders the documents for {@code resources}, announcing server version {@code gitVersion}. */
    static OpenApiV3Documents render(Collection<ResourceType> resources, String gitVersion) {
        Map<String, List<ResourceType>> byGroupVersion = new TreeMap<>();
        for (ResourceType r : resources) {
            String key = ResourcePaths.openApiKey(r);
            byGroupVersion.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(r);
        }
        Map<String, Document> docs = new LinkedHashMap<>();
        ObjectNode indexRoot = JSON.createObjectNode();
        ObjectNode paths = indexRoot.putObject("paths");
        for (var entry : byGroupVersion.entrySet()) {
            byte[] body = document(entry.getValue(), gitVersion);
            String hash = hash(body);
            docs.put(entry.getKey(), new Document(entry.getKey(), body, hash));
            paths.putObject(entry.getKey()).put("serverRelativeURL", "/openapi/v3/" + entry.getKey() + "?hash=" + hash);
        }
        return new OpenApiV3Documents(Map.copyOf(docs), indexRoot.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The index document. */
    byte[] index() {
        return index.clone();
    }

    /** The hash of the index (for its ETag). */
    String indexHash() {
        return hash(index);
    }

    /** The document for {@code key} such as {@code api/v1} or {@code apis/apps/v1}. */
    Optional<Document> document(String key) {
        return Optional.ofNullable(documents.get(key));
    }

    private static byte[] document(List<ResourceType> resources, String gitVersion) {
        ObjectNode root = JSON.createObjectNode();
        root.put("openapi", "3.0.0");
        root.putObject("info").put("title", "Kubernetes").put("version", gitVersion);
        ObjectNode paths = root.putObject("paths");
        ObjectNode schemas = JSON.createObjectNode();
        for (ResourceType r : resources) {
            ObjectNode item = paths.putObject(ResourcePaths.objectTemplate(r));
            for (String verb : List.of("get", "put", "patch", "delete")) {
                ObjectNode op = item.putObject(verb);
                op.put("operationId", verb + r.kind());
                op.put("x-kubernetes-action", verb);
                gvk(op.putObject("x-kubernetes-group-version-kind"), r);
                ArrayNode parameters = op.putArray("parameters");
                if (verb.equals("patch")) {
                    for (String name : PATCH_QUERY_PARAMETERS) {
                        ObjectNode p = parameters.addObject();
                        p.put("name", name).put("in", "query").put("uniqueItems", true);
                        p.putObject("schema").put("type", name.equals("force") ? "boolean" : "string");
                    }
                }
                op.putObject("responses").putObject("200").put("description", "OK");
            }
            if (!r.schema().isEmpty()) {
                ObjectNode copy = JSON.valueToTree(r.schema());
                gvk(copy.putArray("x-kubernetes-group-version-kind").addObject(), r);
                schemas.set(schemaName(r), copy);
            }
        }
        if (!schemas.isEmpty()) {
            root.putObject("components").set("schemas", schemas);
        }
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void gvk(ObjectNode node, ResourceType r) {
        node.put("group", r.group()).put("version", r.version()).put("kind", r.kind());
    }

    private static String schemaName(ResourceType r) {
        String[] parts = r.group().split("\\.");
        StringBuilder reversed = new StringBuilder();
        for (int i = parts.length - 1; i >= 0; i--) {
            if (!parts[i].isEmpty()) {
                reversed.append(parts[i]).append('.');
            }
        }
        return reversed + r.version() + "." + r.kind();
    }

    static String hash(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return HexFormat.of().withUpperCase().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
