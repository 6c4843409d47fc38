package io.gitops4j.testkit.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gitops4j.testkit.kube.FakeKubeException;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Turns request bodies into the JSON-like trees FakeKube takes: JSON, YAML, or Kubernetes protobuf for objects; the
 * raw text for patches. Every malformed body becomes a 400, every unsupported content type a 415.
 */
final class RequestBodies {
    /** Deeper documents are refused with 400 before they reach FakeKube (no Kubernetes object nests this deep). */
    static final int MAX_NESTING = 256;

    private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING).build()).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING).build()).build());

    private RequestBodies() {
    }

    /** An object body (POST, PUT) in the content type named by {@code contentType}. */
    static Map<String, Object> object(byte[] body, String contentType) {
        String type = MediaTypes.baseType(contentType);
        if (type.equals(MediaTypes.PROTOBUF)) {
            try {
                return JSON.convertValue(ProtobufBodies.decode(body), MAP_TYPE);
            } catch (ProtobufBodies.UndecodableBody e) {
                throw FakeKubeException.badRequest(e.getMessage());
            }
        }
        if (type.isEmpty() || type.equals(MediaTypes.JSON) || type.equals("*/*")) {
            return parse(JSON, body);
        }
        if (type.equals(MediaTypes.YAML) || type.equals("application/x-yaml") || type.equals("text/yaml")) {
            return parse(YAML, body);
        }
        throw FakeKubeException.unsupportedMediaType("the body of the request was in an unknown format - accepted "
                + "media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf");
    }

    /** An optional object body (DELETE options): empty bodies give an empty map. */
    static Map<String, Object> optionalObject(byte[] body, String contentType) {
        if (body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
            return Map.of();
        }
        return object(body, contentType);
    }

    /**
     * A patch body as UTF-8 text, checked to be well-formed JSON (YAML too for apply patches) of sane depth.
     *
     * @throws io.gitops4j.testkit.kube.FakeKubeException 400 for an empty, non-UTF-8 or undecodable body
     */
    static String patch(byte[] body, io.gitops4j.testkit.kube.PatchType type) {
        String text = text(body);
        // a streaming pass checks well-formedness and depth without building a tree (FakeKube parses the patch)
        try (com.fasterxml.jackson.core.JsonParser parser = JSON.getFactory().createParser(text)) {
            com.fasterxml.jackson.core.JsonToken first = parser.nextToken();
            if (first != com.fasterxml.jackson.core.JsonToken.START_OBJECT
                    && first != com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
                throw FakeKubeException.badRequest("the body of the patch request must be a JSON object or array");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new com.fasterxml.jackson.core.JsonParseException(parser, "trailing content after the patch");
            }
            return text;
        } catch (IOException e) {
            if (!(e instanceof JsonProcessingException decoding)) {
                throw FakeKubeException.badRequest("the body of the patch request could not be decoded");
            }
            if (type != io.gitops4j.testkit.kube.PatchType.APPLY) {
                throw FakeKubeException.badRequest("the body of the patch request could not be decoded: "
                        + decoding.getOriginalMessage());
            }
        }
        parse(YAML, body);
        return text;
    }

    /** A body as UTF-8 text; must not be empty. */
    static String text(byte[] body) {
        if (body.length == 0) {
            throw FakeKubeException.badRequest("the body of the patch request is empty");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw FakeKubeException.badRequest("the body of the request is not valid UTF-8");
        }
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP_TYPE =
            new com.fasterxml.jackson.core.type.TypeReference<>() {
            };

    private static Map<String, Object> parse(ObjectMapper mapper, byte[] body) {
        if (body.length == 0) {
            throw FakeKubeException.badRequest("the body of the request is empty");
        }
        Object value;
        try {
            // straight into maps and lists: no intermediate JsonNode tree
            value = mapper.readValue(body, Object.class);
        } catch (JsonProcessingException e) {
            throw FakeKubeException.badRequest("the body of the request could not be decoded: "
                    + e.getOriginalMessage());
        } catch (IOException | RuntimeException e) {
            throw FakeKubeException.badRequest("the body of the request could not be decoded");
        }
        if (!(value instanceof Map<?, ?>)) {
            throw FakeKubeException.badRequest("the body of the request must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) value;
        return object;
    }
}
