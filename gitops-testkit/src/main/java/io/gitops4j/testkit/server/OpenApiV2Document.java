package io.gitops4j.testkit.server;

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
 * relies on server-side field validation and dry-run. It has no definitions, so kubectl falls back to its
 * compiled-in types for strategic merge patches, exactly as with a real server whose schema it cannot use.
 */
final class OpenApiV2Document {
    private static final List<String> PATCH_QUERY_PARAMETERS =
            List.of("dryRun", "fieldManager", "fieldValidation", "force");

    private OpenApiV2Document() {
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
                .message(9, new ProtoBytes())
                .toByteArray();
    }
}
