package io.gitops4j.core.health;

import io.gitops4j.api.target.LiveObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Typed reads from an object's {@code spec} and {@code status} for health rules. Stateless. */
final class Status {
    private Status() {}

    static long number(LiveObject o, String section, String field, long fallback) {
        Object v = o.manifest().get(section, field).orElse(null);
        return v instanceof Number ? ((Number) v).longValue() : fallback;
    }

    static String string(LiveObject o, String section, String field) {
        Object v = o.manifest().get(section, field).orElse(null);
        return v instanceof String ? (String) v : "";
    }

    static boolean bool(LiveObject o, String section, String field) {
        return Boolean.TRUE.equals(o.manifest().get(section, field).orElse(null));
    }

    /** @return the condition of this type from {@code status.conditions}, if any */
    static Optional<Map<?, ?>> condition(LiveObject o, String type) {
        Object conditions = o.manifest().get("status", "conditions").orElse(null);
        if (conditions instanceof List) {
            for (Object c : (List<?>) conditions) {
                if (c instanceof Map && type.equals(((Map<?, ?>) c).get("type"))) {
                    return Optional.of((Map<?, ?>) c);
                }
            }
        }
        return Optional.empty();
    }

    static boolean conditionIs(LiveObject o, String type, String status) {
        return condition(o, type).map(c -> status.equals(c.get("status"))).orElse(false);
    }

    static String message(Map<?, ?> condition) {
        Object m = condition.get("message");
        Object r = condition.get("reason");
        return m instanceof String ? (String) m : r instanceof String ? (String) r : "";
    }
}
