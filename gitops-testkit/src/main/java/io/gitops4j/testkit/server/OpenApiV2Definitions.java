package io.gitops4j.testkit.server;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;

/**
 * Converts OpenAPI v3 component schemas as {@link OpenApiComponents} writes them into the gnostic protobuf
 * {@code openapi.v2.Definitions} message of an OpenAPI v2 document, the form kubectl 1.27/1.28 download.
 *
 * <p>Contract: {@code #/components/schemas/X} references become {@code #/definitions/X}; a single-element
 * {@code allOf} around a reference is flattened into the reference (as Kubernetes writes v2 documents, markers
 * beside it); {@code type}, {@code format}, {@code description}, {@code required}, {@code properties},
 * {@code items}, {@code additionalProperties} map to their v2 fields; a {@code oneOf} of scalars (IntOrString)
 * becomes {@code type: string}; every {@code x-} key becomes a vendor extension whose value is written as JSON
 * (valid YAML, which is how gnostic stores extension values). {@code default} is dropped (v2 consumers in kubectl
 * do not read it). Stateless.
 */
final class OpenApiV2Definitions {
    private static final String V3_PREFIX = OpenApiComponents.REF_PREFIX;
    private static final String V2_PREFIX = "#/definitions/";

    private OpenApiV2Definitions() {
    }

    /** The {@code Definitions} message for the entries of {@code schemas} (a {@code components.schemas} object). */
    static ProtoBytes definitions(JsonNode schemas) {
        ProtoBytes definitions = new ProtoBytes();
        for (Iterator<Map.Entry<String, JsonNode>> it = schemas.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            definitions.message(1, new ProtoBytes().string(1, e.getKey()).message(2, schema(e.getValue())));
        }
        return definitions;
    }

    /** One {@code Schema} message. */
    static ProtoBytes schema(JsonNode node) {
        ProtoBytes out = new ProtoBytes();
        JsonNode refHolder = node;
        JsonNode allOf = node.get("allOf");
        if (allOf != null && allOf.size() == 1 && allOf.get(0).has("$ref")) {
            refHolder = allOf.get(0);
        }
        if (refHolder.has("$ref")) {
            out.string(1, V2_PREFIX + refHolder.get("$ref").asText().substring(V3_PREFIX.length()));
        }
        if (node.has("format")) {
            out.string(2, node.get("format").asText());
        }
        if (node.has("description")) {
            out.string(4, node.get("description").asText());
        }
        for (JsonNode r : node.path("required")) {
            out.string(19, r.asText());
        }
        JsonNode additional = node.get("additionalProperties");
        if (additional != null && additional.isObject()) {
            out.message(21, new ProtoBytes().message(1, schema(additional)));
        }
        String type = node.has("type") ? node.get("type").asText() : node.has("oneOf") ? "string" : "";
        if (!type.isEmpty()) {
            out.message(22, new ProtoBytes().string(1, type));
        }
        if (node.has("items")) {
            out.message(23, new ProtoBytes().message(1, schema(node.get("items"))));
        }
        JsonNode properties = node.get("properties");
        if (properties != null) {
            ProtoBytes props = new ProtoBytes();
            for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                props.message(1, new ProtoBytes().string(1, p.getKey()).message(2, schema(p.getValue())));
            }
            out.message(25, props);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().startsWith("x-")) {
                ProtoBytes any = new ProtoBytes().string(2, e.getValue().toString() + "\n");
                out.message(31, new ProtoBytes().string(1, e.getKey()).message(2, any));
            }
        }
        return out;
    }
}
