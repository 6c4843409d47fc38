package io.gitops4j.k8s.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * JSON to and from the trees gitops4j keeps objects in ({@code Map}/{@code List}/scalars), with Jackson. The
 * Kubernetes client's own JSON library (Gson) is not used for our trees. Thread-safe.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    /** Reader and writer made once: building them per call (the map type resolved again) costs a tenth of a read. */
    private static final ObjectReader READER = MAPPER.readerFor(MAP);
    private static final ObjectWriter WRITER = MAPPER.writer();

    private Json() {}

    /** @return the JSON encoding of a tree */
    public static byte[] write(Object tree) {
        try {
            return WRITER.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the object a body holds; an empty map when the body is empty or not a JSON object */
    public static Map<String, Object> readObject(byte[] body) {
        if (body.length == 0) {
            return Map.of();
        }
        try {
            Map<String, Object> m = READER.readValue(body);
            return m == null ? Map.of() : m;
        } catch (IOException e) {
            return Map.of();
        }
    }

    /** @return the object one line of a watch stream holds; an empty map when it is not one */
    public static Map<String, Object> readObject(String line) {
        try {
            Map<String, Object> m = READER.readValue(line);
            return m == null ? Map.of() : m;
        } catch (IOException e) {
            return Map.of();
        }
    }

    /** @return the map under {@code key}, or an empty map */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Map<?, ?> tree, String key) {
        return tree.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** @return the list under {@code key}, or an empty list */
    public static List<?> list(Map<?, ?> tree, String key) {
        return tree.get(key) instanceof List<?> l ? l : List.of();
    }

    /** @return the string under {@code key}, or {@code ""} */
    public static String string(Map<?, ?> tree, String key) {
        Object v = tree.get(key);
        return v instanceof String s ? s : "";
    }
}
