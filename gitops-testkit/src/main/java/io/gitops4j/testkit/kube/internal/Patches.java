package io.gitops4j.testkit.kube.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.flipkart.zjsonpatch.JsonPatch;
import com.flipkart.zjsonpatch.JsonPatchApplicationException;
import io.gitops4j.testkit.kube.FakeKubeException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parsing of request bodies and the two patch formats that need no schema: RFC 6902 JSON patch (through
 * zjsonpatch) and RFC 7386 JSON merge patch. Stateless, thread-safe.
 */
public final class Patches {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Patches() {
    }

    /**
     * Parses a JSON object.
     *
     * @throws FakeKubeException 400 when the text is not a JSON object
     */
    public static Map<String, Object> parseJsonObject(String text) {
        Object value = parse(JSON, text);
        if (!(value instanceof Map<?, ?>)) {
            throw FakeKubeException.badRequest("error decoding patch: the body must be a JSON object");
        }
        return Trees.copy(asMap(value));
    }

    /**
     * Parses an apply body: YAML or JSON, one object.
     *
     * @throws FakeKubeException 400 when it is not one object
     */
    public static Map<String, Object> parseApplyBody(String text) {
        // JSON is YAML: a body that is JSON (what client libraries send) is read by the much cheaper JSON parser
        Object value = looksLikeJsonObject(text) ? parseJsonOrNull(text) : null;
        if (value == null) {
            value = parse(YAML, text);
        }
        if (!(value instanceof Map<?, ?>)) {
            throw FakeKubeException.badRequest("error decoding YAML: the apply configuration must be an object");
        }
        return Trees.copy(asMap(value));
    }

    /**
     * Applies an RFC 6902 patch to a copy of {@code target}.
     *
     * @throws FakeKubeException 400 for a malformed patch, 422 Invalid when an operation fails (a {@code test}
     *                           included), as the real server
     */
    public static Map<String, Object> jsonPatch(Map<String, Object> target, String patchText) {
        JsonNode patch;
        try {
            patch = JSON.readTree(patchText);
        } catch (JsonProcessingException e) {
            throw FakeKubeException.badRequest("error decoding patch: " + e.getOriginalMessage());
        }
        if (patch == null || !patch.isArray()) {
            throw FakeKubeException.badRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        }
        try {
            JsonNode result = JsonPatch.apply(patch, JSON.valueToTree(target));
            Object value = JSON.treeToValue(result, Object.class);
            if (!(value instanceof Map<?, ?>)) {
                throw FakeKubeException.badRequest("the patch turned the object into something that is not an object");
            }
            return Trees.copy(asMap(value));
        } catch (JsonPatchApplicationException | IllegalArgumentException e) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("causes", List.of(FakeKubeException.cause("UnexpectedServerResponse", e.getMessage(), null)));
            throw new FakeKubeException(422, "Invalid",
                    "the server rejected our request due to an error in our request", details);
        } catch (JsonProcessingException e) {
            throw FakeKubeException.badRequest("error decoding patch: " + e.getOriginalMessage());
        }
    }

    /** Applies an RFC 7386 merge patch to {@code target} itself (a tree the caller owns) and returns it. */
    public static Map<String, Object> mergePatch(Map<String, Object> target, Map<String, Object> patch) {
        mergeInto(target, patch);
        return target;
    }

    @SuppressWarnings("unchecked")
    private static void mergeInto(Map<String, Object> target, Map<String, Object> patch) {
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            Object value = e.getValue();
            if (value == null) {
                target.remove(e.getKey());
            } else if (value instanceof Map<?, ?> pm) {
                Object existing = target.get(e.getKey());
                Map<String, Object> base = existing instanceof Map<?, ?> em ? (Map<String, Object>) em
                        : new LinkedHashMap<>();
                mergeInto(base, (Map<String, Object>) pm);
                target.put(e.getKey(), base);
            } else {
                target.put(e.getKey(), Trees.copy(value));
            }
        }
    }

    private static Object parse(ObjectMapper mapper, String text) {
        if (text == null || text.isBlank()) {
            throw FakeKubeException.badRequest("the request body is empty");
        }
        try {
            return mapper.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw FakeKubeException.badRequest("error decoding patch: " + e.getOriginalMessage());
        }
    }

    private static boolean looksLikeJsonObject(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '{';
            }
        }
        return false;
    }

    /** The JSON value of {@code text}, or null when it is not JSON (then it is read as YAML). */
    private static Object parseJsonOrNull(String text) {
        try {
            return JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }
}
