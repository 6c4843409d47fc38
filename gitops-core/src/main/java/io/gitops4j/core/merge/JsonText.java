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
        StringBuilder b = new StringBuilder();
        if (writeFast(b, value)) {
            return b.toString();
        }
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new MergeException("value cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    /** Writes scalars, and maps and lists of them, without Jackson; false when the value needs Jackson. */
    private static boolean writeFast(StringBuilder b, Object v) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof String s) {
            quote(b, s);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Boolean) {
            b.append(v);
        } else if (v instanceof Map<?, ?> m) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                quote(b, String.valueOf(e.getKey()));
                b.append(':');
                if (!writeFast(b, e.getValue())) {
                    return false;
                }
            }
            b.append('}');
        } else if (v instanceof List<?> l) {
            b.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                if (!writeFast(b, l.get(i))) {
                    return false;
                }
            }
            b.append(']');
        } else {
            return false;
        }
        return true;
    }

    private static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
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
