package io.gitops4j.core.merge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Compact JSON text of plain trees, used for FieldsV1 keys and messages. Thread-safe. */
final class JsonText {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private JsonText() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new MergeException("value cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    /** Parses JSON into a plain tree (integers as {@code Long}). */
    static Object parse(String text) {
        try {
            return Values.normalize(MAPPER.readValue(text, Object.class));
        } catch (JsonProcessingException e) {
            throw new MergeException("invalid JSON " + write(text));
        }
    }

    static List<Object> listOf(Object o) {
        return o instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
    }

    static Map<String, Object> emptyMap() {
        return new LinkedHashMap<>();
    }
}
