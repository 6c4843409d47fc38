package io.gitops4j.testkit.kube.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The JSON text of stored objects, rendered at most once per stored version and API version and reused by every
 * get, list and write answer that shows that version. Stored objects are never mutated (writes replace them), so an
 * entry is valid exactly while it is for the same object instance; {@link #forget} drops the entry of a replaced or
 * removed object.
 *
 * <p>Thread-safe.
 */
final class RenderedJson {
    /**
     * Renders while an answer's own generator is writing (an object is rendered the first time it is answered), so
     * it keeps buffers of its own: with the thread's default recycler, which the outer generator holds, every
     * rendering would allocate fresh 8 KB encoding and concatenation buffers.
     */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.newConcurrentDequePool()).build());

    /** Identity of a stored object. */
    private record Id(Map<String, Object> object) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Id other && other.object == object;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(object);
        }
    }

    /** The text of one stored object as one API version shows it, alone and as a list item without type meta. */
    private record Entry(String apiVersion, SerializableString json, SerializableString bare) {
        Entry with(boolean asBare, SerializableString text) {
            return asBare ? new Entry(apiVersion, json, text) : new Entry(apiVersion, text, bare);
        }

        SerializableString get(boolean asBare) {
            return asBare ? bare : json;
        }
    }

    private final Map<Id, Entry> entries = new ConcurrentHashMap<>();

    /**
     * The JSON of {@code stored} as {@code apiVersion} shows it ({@code presented}: a map to serialise, only read),
     * memoised; {@code bare} for its form as an item of a built-in list (without apiVersion and kind).
     */
    SerializableString json(Map<String, Object> stored, String apiVersion, boolean bare,
                            Supplier<Map<String, Object>> presented) {
        Id id = new Id(stored);
        Entry e = entries.get(id);
        if (e != null && e.apiVersion().equals(apiVersion) && e.get(bare) != null) {
            return e.get(bare);
        }
        SerializableString json = render(presented.get());
        Entry base = e != null && e.apiVersion().equals(apiVersion) ? e : new Entry(apiVersion, null, null);
        entries.put(id, base.with(bare, json));
        return json;
    }

    /** Drops what was rendered for {@code stored} (replaced or removed); no-op for null. */
    void forget(Map<String, Object> stored) {
        if (stored != null) {
            entries.remove(new Id(stored));
        }
    }

    /** Renders without memoising (objects that are not, or no longer, stored). */
    static SerializableString render(Map<String, Object> presented) {
        try {
            return new Utf8Json(JSON.writeValueAsBytes(presented));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored object cannot be rendered as JSON", e);
        }
    }
}
