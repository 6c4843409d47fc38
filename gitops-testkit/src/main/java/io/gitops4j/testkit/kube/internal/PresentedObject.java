package io.gitops4j.testkit.kube.internal;

import com.fasterxml.jackson.core.SerializableString;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * A stored object as a reader receives it: behaves as the caller's own deep, mutable copy (made on first use, with
 * {@code apiVersion} relabelled to the version asked for), but until then it can hand out the object's JSON text
 * rendered once per stored version ({@link #untouchedJson()}), so the API server answers gets and lists without
 * copying or serialising the object again.
 *
 * <p>Not thread-safe (like the copy it stands for).
 */
public final class PresentedObject implements Map<String, Object> {
    private final Map<String, Object> stored;
    private final String apiVersion;
    private final RenderedJson memo;
    private final boolean bare;
    private Map<String, Object> copy;

    /**
     * @param stored a stored object (never mutated while stored)
     * @param memo   where its JSON is memoised until it is replaced or removed
     */
    PresentedObject(Map<String, Object> stored, String apiVersion, RenderedJson memo) {
        this(stored, apiVersion, memo, false);
    }

    private PresentedObject(Map<String, Object> stored, String apiVersion, RenderedJson memo, boolean bare) {
        this.stored = stored;
        this.apiVersion = apiVersion;
        this.memo = memo;
        this.bare = bare;
    }

    /**
     * The same object as an item of a built-in list shows it: without {@code apiVersion} and {@code kind} (a real
     * API server leaves them out of the items of typed lists). Falls back to a copy when this one was touched.
     */
    public Map<String, Object> withoutTypeMeta() {
        if (copy != null) {
            Map<String, Object> out = new java.util.LinkedHashMap<>(copy);
            out.remove("apiVersion");
            out.remove("kind");
            return out;
        }
        return new PresentedObject(stored, apiVersion, memo, true);
    }

    /**
     * The object's JSON text while the copy was never touched (then it is exactly what serialising the copy would
     * give), else null: the caller serialises the map itself.
     */
    public SerializableString untouchedJson() {
        if (copy != null) {
            return null;
        }
        return memo.json(stored, apiVersion, bare, this::renderView);
    }

    /** What serialising the copy would read: the stored map itself when the copy would equal it, else a shallow
     * copy with the top-level difference (serialising only reads). */
    private Map<String, Object> renderView() {
        boolean relabel = stored.containsKey("apiVersion") && !apiVersion.equals(stored.get("apiVersion"));
        if (!relabel && !bare) {
            return stored;
        }
        Map<String, Object> view = new java.util.LinkedHashMap<>(stored);
        if (bare) {
            view.remove("apiVersion");
            view.remove("kind");
        } else {
            view.put("apiVersion", apiVersion);
        }
        return view;
    }

    private Map<String, Object> copy() {
        if (copy == null) {
            copy = fresh();
        }
        return copy;
    }

    private Map<String, Object> fresh() {
        Map<String, Object> out = Trees.copy(stored);
        if (bare) {
            out.remove("apiVersion");
            out.remove("kind");
        } else if (out.containsKey("apiVersion")) {
            out.put("apiVersion", apiVersion);
        }
        return out;
    }

    @Override
    public int size() {
        return copy().size();
    }

    @Override
    public boolean isEmpty() {
        return copy().isEmpty();
    }

    @Override
    public boolean containsKey(Object key) {
        return copy().containsKey(key);
    }

    @Override
    public boolean containsValue(Object value) {
        return copy().containsValue(value);
    }

    @Override
    public Object get(Object key) {
        return copy().get(key);
    }

    @Override
    public Object put(String key, Object value) {
        return copy().put(key, value);
    }

    @Override
    public Object remove(Object key) {
        return copy().remove(key);
    }

    @Override
    public void putAll(Map<? extends String, ?> m) {
        copy().putAll(m);
    }

    @Override
    public void clear() {
        copy().clear();
    }

    @Override
    public Set<String> keySet() {
        return copy().keySet();
    }

    @Override
    public Collection<Object> values() {
        return copy().values();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return copy().entrySet();
    }

    @Override
    public boolean equals(Object o) {
        return o == this || copy().equals(o);
    }

    @Override
    public int hashCode() {
        return copy().hashCode();
    }

    @Override
    public String toString() {
        return copy().toString();
    }
}
