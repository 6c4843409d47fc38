package io.gitops4j.testkit.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops4j.core.merge.BuiltInSchemas;
import io.gitops4j.testkit.kube.ResourceType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The OpenAPI v3 documents of the fake: an index ({@code /openapi/v3}) naming one document per group/version with a
 * {@code ?hash=} that changes whenever that document changes, and the documents themselves.
 *
 * <p>The documents are synthetic: per resource, the object path with get/put/patch/delete operations carrying
 * {@code x-kubernetes-group-version-kind}, the PATCH operation declaring the {@code dryRun}, {@code fieldManager},
 * {@code fieldValidation} and {@code force} query parameters (kubectl checks them before it relies on server-side
 * validation), and no request body schema (so kubectl computes strategic merge patches from its compiled-in types,
 * as it does for a server whose schema it cannot use). Under {@code components.schemas}, custom resources get their
 * CRD schema as an API server publishes it (with {@code metadata} an {@code ObjectMeta}) and built-in kinds the
 * structural schema of {@link BuiltInSchemas}, with the referenced types and no descriptions (both written by
 * {@link OpenApiComponents}), each tagged with its group/version/kind: enough for {@code kubectl explain}.
 *
 * <p>Cost: the index and the hashes are computed from the cheap part of each document (paths and CRD schemas) plus
 * the list of built-in kinds it holds and {@link #BUILT_IN_RENDERING}; the built-in schemas are rendered only when
 * the document itself is first asked for, then kept. So the {@code ?hash=} changes whenever the served content can
 * change, and serving the index never loads the built-in schemas.
 *
 * <p>Immutable snapshot: build a new one when the served resources change. Thread-safe.
 */
final class OpenApiV3Documents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PATCH_QUERY_PARAMETERS =
            List.of("dryRun", "fieldManager", "fieldValidation", "force");

    /**
     * Version of the built-in schema rendering, part of every document hash: bump it whenever
     * {@link OpenApiComponents} or the built-in schema resource changes what is served, so clients that cache by
     * {@code ?hash=} (kubectl's disk cache) never keep an older rendering.
     */
    static final String BUILT_IN_RENDERING = "k8s-1.33-structural-2";

    /** One document: its key, its hash, and its body, rendered on first use and then kept. Thread-safe. */
    static final class Document {
        private final String key;
        private final String hash;
        private final Supplier<byte[]> renderer;
        private volatile byte[] body;

        Document(String key, String hash, Supplier<byte[]> renderer) {
            this.key = key;
            this.hash = hash;
            this.renderer = renderer;
        }

        String key() {
            return key;
        }

        String hash() {
            return hash;
        }

        /** The JSON body (do not modify the returned array). */
        byte[] body() {
            byte[] b = body;
            if (b == null) {
                synchronized (this) {
                    b = body;
                    if (b == null) {
                        b = renderer.get();
                        body = b;
                    }
                }
            }
            return b;
        }
    }

    private final Map<String, Document> documents;
    private final byte[] index;

    private OpenApiV3Documents(Map<String, Document> documents, byte[] index) {
        this.documents = documents;
        this.index = index;
    }

    /** Renders the documents for {@code resources}, announcing server version {@code gitVersion}. */
    static OpenApiV3Documents render(Collection<ResourceType> resources, String gitVersion) {
        return render(resources, gitVersion, null);
    }

    /**
     * Like {@link #render(Collection, String)}, reusing the documents of {@code previous} (may be null) whose hash
     * did not change, so a body already rendered is not rendered again after an unrelated change (a new CRD).
     */
    static OpenApiV3Documents render(Collection<ResourceType> resources, String gitVersion,
                                     OpenApiV3Documents previous) {
        Map<String, List<ResourceType>> byGroupVersion = new TreeMap<>();
        for (ResourceType r : resources) {
            String key = ResourcePaths.openApiKey(r);
            byGroupVersion.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        Map<String, Document> docs = new LinkedHashMap<>();
        ObjectNode indexRoot = JSON.createObjectNode();
        ObjectNode paths = indexRoot.putObject("paths");
        for (var entry : byGroupVersion.entrySet()) {
            List<ResourceType> group = List.copyOf(entry.getValue());
            String hash = hash(document(group, gitVersion, false), builtInFingerprint(group));
            Document before = previous == null ? null : previous.documents.get(entry.getKey());
            docs.put(entry.getKey(), before != null && before.hash().equals(hash) ? before
                    : new Document(entry.getKey(), hash, () -> document(group, gitVersion, true)));
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

    /** What the built-in part of a document depends on besides the cheap part: the kinds and the rendering. */
    private static byte[] builtInFingerprint(List<ResourceType> resources) {
        StringBuilder b = new StringBuilder(BUILT_IN_RENDERING);
        for (ResourceType r : resources) {
            if (r.schema().isEmpty()) {
                b.append('\n').append(r.apiVersion()).append('/').append(r.kind());
            }
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] document(List<ResourceType> resources, String gitVersion, boolean builtIns) {
        ObjectNode root = JSON.createObjectNode();
        root.put("openapi", "3.0.0");
        root.putObject("info").put("title", "Kubernetes").put("version", gitVersion);
        ObjectNode paths = root.putObject("paths");
        ObjectNode schemas = JSON.createObjectNode();
        OpenApiComponents components = new OpenApiComponents(schemas);
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
            String name = OpenApiComponents.customResourceName(r.group(), r.version(), r.kind());
            if (!r.schema().isEmpty() && builtIns) {
                components.addCustomResource(name, r.schema(), r.group(), r.version(), r.kind());
            } else if (!r.schema().isEmpty()) {
                schemas.set(name, JSON.valueToTree(r.schema())); // the hash covers the CRD's schema as written
            } else if (builtIns) {
                BuiltInSchemas.registry().find(r.apiVersion(), r.kind())
                        .ifPresent(t -> components.addKind(t, r.group(), r.version(), r.kind()));
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

    static String hash(byte[]... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                sha.update(part);
            }
            byte[] digest = sha.digest();
            return HexFormat.of().withUpperCase().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
