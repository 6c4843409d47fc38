package io.gitops4j.testkit.kube;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One watch event, serialised on the wire as {@code {"type": …, "object": …}} followed by a newline.
 *
 * @param type   event type
 * @param object the object after the change (before it, for DELETED: its last state); a Status for ERROR; for
 *               BOOKMARK only apiVersion, kind and metadata.resourceVersion
 */
public record WatchEvent(Type type, Map<String, Object> object) {

    /** Watch event types. */
    public enum Type { ADDED, MODIFIED, DELETED, BOOKMARK, ERROR }

    public WatchEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(object, "object");
    }

    /** {@code {"type": "ADDED", "object": {...}}}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type.name());
        m.put("object", object);
        return m;
    }
}
