package io.gitops4j.testkit.simulate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads from object trees and builds status fields the way controllers write them. Stateless. */
final class Fields {
    /** The alphabet Kubernetes uses for pod-template hashes (no vowels, no look-alike digits). */
    private static final String SAFE = "bcdfghjklmnpqrstvwxz2456789";

    private Fields() {
    }

    static Map<?, ?> map(Object tree, String... path) {
        Object v = tree;
        for (String p : path) {
            v = v instanceof Map<?, ?> m ? m.get(p) : null;
        }
        return v instanceof Map<?, ?> m ? m : Map.of();
    }

    static Object value(Map<String, Object> tree, String... path) {
        Object v = tree;
        for (String p : path) {
            v = v instanceof Map<?, ?> m ? m.get(p) : null;
        }
        return v;
    }

    static long number(Map<String, Object> tree, long fallback, String... path) {
        return value(tree, path) instanceof Number n ? n.longValue() : fallback;
    }

    static String string(Map<String, Object> tree, String... path) {
        return value(tree, path) instanceof String s ? s : "";
    }

    static long generation(Map<String, Object> object) {
        return number(object, 0, "metadata", "generation");
    }

    static String name(Map<String, Object> object) {
        return string(object, "metadata", "name");
    }

    /** Puts a count; with {@code omitEmpty} a zero is left out, as Go's {@code omitempty} does. */
    static void count(Map<String, Object> status, String field, long value, boolean omitEmpty) {
        if (value != 0 || !omitEmpty) {
            status.put(field, small(value));
        }
    }

    /** A count as FakeKube stores whole numbers (a Long). */
    static Long small(long value) {
        return value;
    }

    /** The condition of this type in {@code status.conditions}, or an empty map. */
    static Map<?, ?> condition(Map<String, Object> object, String type) {
        Object list = value(object, "status", "conditions");
        if (list instanceof List<?> l) {
            for (Object c : l) {
                if (c instanceof Map<?, ?> m && type.equals(m.get("type"))) {
                    return m;
                }
            }
        }
        return Map.of();
    }

    /**
     * A condition; its {@code lastTransitionTime} is kept from the object's current one when the status did not
     * change. {@code updateTime} names the extra time field ({@code lastUpdateTime} for Deployments,
     * {@code lastProbeTime} for Jobs), or null.
     */
    static Map<String, Object> condition(Map<String, Object> object, String type, boolean status, String reason,
                                         String message, String now, String updateTime) {
        Map<?, ?> old = condition(object, type);
        String value = status ? "True" : "False";
        String since = value.equals(old.get("status")) && old.get("lastTransitionTime") instanceof String s ? s : now;
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", type);
        c.put("status", value);
        if (updateTime != null) {
            boolean same = value.equals(old.get("status")) && reason.equals(old.get("reason"))
                    && old.get(updateTime) instanceof String;
            c.put(updateTime, same ? old.get(updateTime) : now);
        }
        c.put("lastTransitionTime", since);
        c.put("reason", reason);
        c.put("message", message);
        return c;
    }

    static List<Object> list(Object... items) {
        return new ArrayList<>(List.of(items));
    }

    /** A stable hash of the pod template, as a pod-template-hash / controller-revision suffix. */
    static String templateHash(Map<String, Object> object) {
        int h = 0x811c9dc5;
        for (byte b : String.valueOf(value(object, "spec", "template")).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        long u = h & 0xffffffffL;
        StringBuilder out = new StringBuilder();
        do {
            out.append(SAFE.charAt((int) (u % SAFE.length())));
            u /= SAFE.length();
        } while (u > 0);
        return out.toString();
    }
}
