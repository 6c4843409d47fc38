package io.gitops4j.testkit.server.printers;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads fields of an object's JSON the way Go reads a decoded struct: an absent field is its zero value ({@code ""},
 * {@code 0}, {@code false}). Stateless and thread-safe.
 */
final class Fields {
    private Fields() {
    }

    /** The text at {@code node}; {@code ""} when absent or null; numbers and booleans as their JSON text. */
    static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "";
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    /** The integer at {@code node}; 0 when absent or not a number. */
    static long integer(JsonNode node) {
        return node != null && node.isNumber() ? node.asLong() : 0;
    }

    /** Whether {@code node} is present and not null. */
    static boolean present(JsonNode node) {
        return node != null && !node.isMissingNode() && !node.isNull();
    }

    /** The size of an array or object at {@code node}; 0 when absent. */
    static long size(JsonNode node) {
        return node != null && (node.isArray() || node.isObject()) ? node.size() : 0;
    }

    /** {@code text(node)}, or {@code fallback} when that is empty. */
    static String orElse(JsonNode node, String fallback) {
        String s = text(node);
        return s.isEmpty() ? fallback : s;
    }

    /** The object's name. */
    static String name(JsonNode object) {
        return text(object.path("metadata").path("name"));
    }

    /** Whether the object is being deleted (has a deletion timestamp). */
    static boolean deleting(JsonNode object) {
        return present(object.path("metadata").path("deletionTimestamp"));
    }

    /**
     * Whether the first condition of {@code type} in {@code conditions} has status {@code True}; false when there is
     * none.
     */
    static boolean conditionTrue(JsonNode conditions, String type) {
        for (JsonNode c : conditions) {
            if (type.equals(text(c.path("type")))) {
                return "True".equals(text(c.path("status")));
            }
        }
        return false;
    }
}
