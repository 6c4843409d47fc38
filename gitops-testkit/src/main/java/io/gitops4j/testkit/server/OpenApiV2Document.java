package io.gitops4j.testkit.server;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops4j.core.merge.BuiltInSchemas;
import io.gitops4j.testkit.kube.ResourceType;

import java.util.Collection;
import java.util.List;

/**
 * A minimal OpenAPI v2 document in the protobuf form kubectl 1.27/1.28 download
 * ({@code application/com.github.proto-openapi.spec.v2@v1.0+protobuf}, gnostic's {@code openapi.v2.Document}).
 *
 * <p>It holds, per served resource, one path whose PATCH operation carries the
 * {@code x-kubernetes-group-version-kind} extension and the query parameters {@code dryRun}, {@code fieldManager},
 * {@code fieldValidation} and {@code force}. That is what kubectl's query-parameter verifier looks for before it
 * relies on server-side field validation and dry-run. Its definitions are the structural schemas of the served
 * built-in kinds ({@link OpenApiComponents} converted by {@link OpenApiV2Definitions}, tagged with their
 * group/version/kind), for {@code kubectl explain --output plaintext-openapiv2}; kubectl 1.27/1.28 also compute
 * strategic merge patches of built-in kinds from them (same patch strategies and merge keys as their compiled-in
 * types). Custom resources get their CRD schema as {@link OpenApiComponents#addCustomResource} publishes it
 * (kubectl sends them JSON merge patches whatever the schema says).
 *
 * <p>Served whatever minor {@code /version} announces, as a real 1.33 server still serves it: kubectl 1.27/1.28 need
 * it against any server (newer kubectl reads {@code /openapi/v3} instead). The body is rendered on first use and
 * kept (only kubectl 1.27/1.28 ask for it). Thread-safe.
 */
final class OpenApiV2Document {
    private static final List<String> PATCH_QUERY_PARAMETERS =
            List.of("dryRun", "fieldManager", "fieldValidation", "force");

    private final List<ResourceType> resources;
    private final String gitVersion;
    private volatile byte[] body;
    private volatile String hash;

    /** The document for {@code resources}, announcing server version {@code gitVersion}; nothing rendered yet. */
    OpenApiV2Document(Collection<ResourceType> resources, String gitVersion) {
        this.resources = List.copyOf(resources);
        this.gitVersion = gitVersion;
    }

    /** The protobuf bytes (do not modify the returned array). */
    byte[] body() {
        byte[] b = body;
        if (b == null) {
            synchronized (this) {
                b = body;
                if (b == null) {
                    b = render(resources, gitVersion);
                    hash = OpenApiV3Documents.hash(b);
                    body = b;
                }
            }
        }
        return b;
    }

    /** The hash of the body (for its ETag). */
    String hash() {
        body();
        return hash;
    }

    /** The protobuf bytes of the document for {@code resources}, announcing server version {@code gitVersion}. */
    static byte[] render(Collection<ResourceType> resources, String gitVersion) {
        ProtoBytes paths = new ProtoBytes();
        for (ResourceType r : resources) {
            if (!r.supports("patch")) {
                continue;
            }
            ProtoBytes operation = new ProtoBytes()
                    .string(5, "patch" + r.kind());
            for (String name : PATCH_QUERY_PARAMETERS) {
                ProtoBytes query = new ProtoBytes().string(2, "query").string(4, name).string(6, "string");
                ProtoBytes nonBody = new ProtoBytes().message(3, query);
                ProtoBytes parameter = new ProtoBytes().message(2, nonBody);
                operation.message(8, new ProtoBytes().message(1, parameter));
            }
            String gvk = "group: \"" + r.group() + "\"\nkind: " + r.kind() + "\nversion: " + r.version() + "\n";
            ProtoBytes any = new ProtoBytes().string(2, gvk);
            operation.message(13, new ProtoBytes().string(1, "x-kubernetes-group-version-kind").message(2, any));
            ProtoBytes pathItem = new ProtoBytes().message(8, operation);
            paths.message(2, new ProtoBytes().string(1, ResourcePaths.objectTemplate(r)).message(2, pathItem));
        }
        ProtoBytes info = new ProtoBytes().string(1, "Kubernetes").string(2, gitVersion);
        return new ProtoBytes()
                .string(1, "2.0")
                .message(2, info)
                .message(8, paths)
                .message(9, OpenApiV2Definitions.definitions(schemas(resources)))
                .toByteArray();
    }

    private static ObjectNode schemas(Collection<ResourceType> resources) {
        ObjectNode schemas = JsonNodeFactory.instance.objectNode();
        OpenApiComponents components = new OpenApiComponents(schemas);
        for (ResourceType r : resources) {
            if (!r.schema().isEmpty()) {
                components.addCustomResource(OpenApiComponents.customResourceName(r.group(), r.version(), r.kind()),
                        r.schema(), r.group(), r.version(), r.kind());
            } else {
                BuiltInSchemas.registry().find(r.apiVersion(), r.kind())
                        .ifPresent(t -> components.addKind(t, r.group(), r.version(), r.kind()));
            }
        }
        return schemas;
    }
}
