package io.gitops4j.core.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON file (one or more concatenated values), as kubectl does for input starting with <code>{</code>:
 * duplicate keys refused (RD-04), nesting and size bounded, numbers typed like kubectl (64-bit integers stay
 * integers, everything else is a double; integral doubles below 2^63 become integers). Thread-safe.
 */
final class JsonDocumentReader {
    private final YamlLimits limits;
    private final ObjectMapper mapper;

    JsonDocumentReader(YamlLimits limits) {
        this.limits = limits;
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxNestingDepth())
                        .maxStringLength(limits.maxDocumentBytes())
                        .maxNumberLength(1000)
                        .build())
                .build();
        this.mapper = new ObjectMapper(factory);
    }

    /** @throws RenderException naming file and line for invalid or oversized input */
    List<ParsedDocument> load(String file, String text) {
        if (text.length() > limits.maxDocumentBytes()) {
            throw new RenderException(Reason.LIMIT, file, 0, "JSON file too large: over "
                    + limits.maxDocumentBytes() + " characters", null);
        }
        List<ParsedDocument> out = new ArrayList<>();
        try (JsonParser parser = mapper.createParser(text)) {
            int index = 0;
            while (parser.nextToken() != null) {
                int line = parser.currentTokenLocation().getLineNr();
                JsonToken token = parser.currentToken();
                Object value = token == JsonToken.VALUE_NULL ? null : mapper.readValue(parser, Object.class);
                out.add(new ParsedDocument(index++, line, normalize(value)));
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String why = e.getOriginalMessage() == null ? "syntax error" : e.getOriginalMessage();
            Reason reason = why.contains("exceeds the maximum") ? Reason.LIMIT : Reason.INVALID_INPUT;
            if (why.startsWith("Duplicate field")) {
                why = "duplicate key " + why.substring("Duplicate field".length()).trim();
            }
            why = why.replaceAll("\\p{Cntrl}", " ");
            throw new RenderException(reason, file, at == null ? 0 : Math.max(0, at.getLineNr()),
                    "invalid JSON: " + (why.length() > 200 ? why.substring(0, 200) + "…" : why), null);
        } catch (IOException e) {
            throw new RenderException(Reason.INVALID_INPUT, file, 0, "invalid JSON", null);
        } catch (IllegalArgumentException e) {
            throw new RenderException(Reason.INVALID_INPUT, file, 0, "invalid JSON: " + e.getMessage(), null);
        }
        return out;
    }

    /** Types numbers as kubectl's unstructured decoding does; everything else is kept (mutable is fine here). */
    @SuppressWarnings("unchecked")
    private static Object normalize(Object value) {
        if (value instanceof Map) {
            ((Map<String, Object>) value).replaceAll((k, v) -> normalize(v));
            return value;
        }
        if (value instanceof List) {
            ((List<Object>) value).replaceAll(JsonDocumentReader::normalize);
            return value;
        }
        if (value instanceof Integer) {
            return ((Integer) value).longValue();
        }
        if (value instanceof BigInteger) {
            return ((BigInteger) value).doubleValue();
        }
        if (value instanceof Double) {
            Object typed = YamlScalars.fromDouble((Double) value);
            if (typed == YamlScalars.NOT_JSON) {
                throw new IllegalArgumentException("a number is out of the range of a double");
            }
            return typed;
        }
        return value;
    }
}
