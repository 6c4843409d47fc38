package io.gitops4j.testkit.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import java.util.Map;

/** Test helpers: YAML to trees and path lookups. */
final class Trees {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Trees() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String text) {
        try {
            return YAML.readValue(text, Map.class);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Object at(Map<String, Object> object, String dotted) {
        Object cur = object;
        for (String part : dotted.split("\\.")) {
            if (cur instanceof Map<?, ?> m) {
                cur = m.get(part);
            } else if (cur instanceof List<?> l && part.matches("\\d+")) {
                cur = l.get(Integer.parseInt(part));
            } else {
                return null;
            }
        }
        return cur;
    }

    /** The map at a dotted path (null when absent). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> object, String dotted) {
        return (Map<String, Object>) at(object, dotted);
    }

    static String str(Map<String, Object> object, String dotted) {
        Object v = at(object, dotted);
        return v == null ? null : String.valueOf(v);
    }
}
