package io.gitops4j.api.resource;

import io.gitops4j.api.Checks;
import io.gitops4j.api.InvalidSpecException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Kubernetes object as data: an immutable JSON-like tree (see {@link JsonTrees}) plus the {@link Origin} it was
 * read from.
 *
 * <p>Immutable and thread-safe. Equality and {@link #contentHash()} depend on the tree alone, never on the origin
 * or on key order. Accessors never return null: an absent string is {@code ""}, an absent map is empty.
 */
public final class Manifest {
    private final Map<String, Object> tree;
    private final Origin origin;
    private volatile String canonical;
    private volatile String hash;
    private volatile ResourceKey key;

    private Manifest(Map<String, Object> tree, Origin origin) {
        this.tree = tree;
        this.origin = origin;
    }

    /**
     * Copies a tree into a manifest.
     *
     * @throws InvalidSpecException when the tree holds a value that is not JSON-like
     */
    public static Manifest of(Map<String, ?> tree, Origin origin) {
        Checks.notNull(tree, "tree");
        return new Manifest(JsonTrees.immutableMap(tree), Checks.notNull(origin, "origin"));
    }

    /** Copies a tree built in code; its origin is unknown. */
    public static Manifest of(Map<String, ?> tree) {
        return of(tree, Origin.unknown());
    }

    /** @return the whole immutable tree */
    public Map<String, Object> tree() {
        return tree;
    }

    /** @return where this manifest was read from */
    public Origin origin() {
        return origin;
    }

    /** @return {@code apiVersion}, or {@code ""} */
    public String apiVersion() {
        return string(tree.get("apiVersion"));
    }

    /** @return {@code kind}, or {@code ""} */
    public String kind() {
        return string(tree.get("kind"));
    }

    /** @return {@code metadata}, or an empty map */
    public Map<String, Object> metadata() {
        return map(tree.get("metadata"));
    }

    /** @return {@code metadata.name}, or {@code ""} */
    public String name() {
        return string(metadata().get("name"));
    }

    /** @return {@code metadata.generateName} (the prefix of a name the server picks on create), or {@code ""} */
    public String generateName() {
        return string(metadata().get("generateName"));
    }

    /**
     * @return true when the object has a {@code metadata.generateName} and no name: the server names it on create,
     *     so it can only be created, never applied, and its {@link #key()} holds the generateName as its name
     */
    public boolean isGenerated() {
        return name().isEmpty() && !generateName().isEmpty();
    }

    /** @return {@code metadata.namespace}, or {@code ""} */
    public String namespace() {
        return string(metadata().get("namespace"));
    }

    /** @return {@code metadata.labels} with string values, or an empty map */
    public Map<String, String> labels() {
        return stringMap(metadata().get("labels"));
    }

    /** @return {@code metadata.annotations} with string values, or an empty map */
    public Map<String, String> annotations() {
        return stringMap(metadata().get("annotations"));
    }

    /** @return the group and kind; throws like {@link #key()} when apiVersion or kind is missing */
    public GroupKind groupKind() {
        requireTypeMeta();
        return GroupKind.of(apiVersion(), kind());
    }

    /**
     * The value at a path of map keys, such as {@code get("spec", "replicas")}.
     *
     * @return the value, or empty when a step is missing, not a map, or the value is null
     */
    public Optional<Object> get(String... path) {
        Object current = tree;
        for (String step : path) {
            if (!(current instanceof Map)) {
                return Optional.empty();
            }
            current = ((Map<?, ?>) current).get(step);
        }
        return Optional.ofNullable(current);
    }

    /**
     * The identity of this object. An object the server names ({@link #isGenerated()}) is keyed by its
     * generateName, which stands for the name it will get: two such objects of one kind and namespace with the same
     * generateName are one identity.
     *
     * @throws InvalidSpecException naming the origin when apiVersion, kind or metadata.name (or generateName) is
     *     missing or invalid
     */
    public ResourceKey key() {
        ResourceKey k = key;
        if (k == null) {
            k = computeKey();
            key = k;
        }
        return k;
    }

    private ResourceKey computeKey() {
        requireTypeMeta();
        String name = name().isEmpty() ? generateName() : name();
        if (name.isEmpty()) {
            throw new InvalidSpecException("metadata.name", origin + ": " + kind()
                    + " has no metadata.name (nor metadata.generateName)");
        }
        try {
            return ResourceKey.of(apiVersion(), kind(), namespace(), name);
        } catch (InvalidSpecException e) {
            throw new InvalidSpecException(e.field(), origin + ": " + e.getMessage());
        }
    }

    private void requireTypeMeta() {
        if (apiVersion().isEmpty()) {
            throw new InvalidSpecException("apiVersion", origin + ": object has no apiVersion");
        }
        if (kind().isEmpty()) {
            throw new InvalidSpecException("kind", origin + ": object has no kind");
        }
    }

    /** @return a copy with {@code metadata.namespace} set ({@code ""} removes it) */
    public Manifest withNamespace(String namespace) {
        Checks.notNull(namespace, "namespace");
        return withMetadataEntry("namespace", namespace.isEmpty() ? null : namespace);
    }

    /** @return a copy with one label set */
    public Manifest withLabel(String key, String value) {
        KubernetesNames.requireQualifiedName(key, "label");
        KubernetesNames.requireLabelValue(value, "label[" + key + "]");
        Map<String, Object> labels = new LinkedHashMap<>(labels());
        labels.put(key, value);
        return withMetadataEntry("labels", labels);
    }

    /** @return a copy with one annotation set */
    public Manifest withAnnotation(String key, String value) {
        KubernetesNames.requireQualifiedName(key, "annotation");
        Checks.notNull(value, "annotation value");
        Map<String, Object> annotations = new LinkedHashMap<>(annotations());
        annotations.put(key, value);
        return withMetadataEntry("annotations", annotations);
    }

    /** @return a copy with a top-level field replaced ({@code null} removes it), same origin */
    public Manifest with(String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(tree);
        if (value == null) {
            copy.remove(field);
        } else {
            copy.put(field, value);
        }
        return of(copy, origin);
    }

    /** @return the same tree with another origin */
    public Manifest withOrigin(Origin newOrigin) {
        return new Manifest(tree, Checks.notNull(newOrigin, "origin"));
    }

    private Manifest withMetadataEntry(String field, Object value) {
        Map<String, Object> metadata = new LinkedHashMap<>(metadata());
        if (value == null) {
            metadata.remove(field);
        } else {
            metadata.put(field, value);
        }
        return with("metadata", metadata);
    }

    /** @return canonical JSON of the tree (sorted keys, no whitespace); see {@link JsonTrees#canonicalJson} */
    public String canonicalJson() {
        String c = canonical;
        if (c == null) {
            c = JsonTrees.canonicalJson(tree);
            canonical = c;
        }
        return c;
    }

    /** @return the SHA-256 of {@link #canonicalJson()} as 64 lower-case hex digits; stable across JVMs */
    public String contentHash() {
        String h = hash;
        if (h == null) {
            h = sha256Hex(canonicalJson());
            hash = h;
        }
        return h;
    }

    /** @return the SHA-256 of a UTF-8 string as lower-case hex */
    public static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder b = new StringBuilder(64);
            for (byte x : digest) {
                b.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
            }
            return b.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Manifest && ((Manifest) o).canonicalJson().equals(canonicalJson());
    }

    @Override
    public int hashCode() {
        return canonicalJson().hashCode();
    }

    /** @return kind, namespace/name and origin; never the object's content (it may hold Secret data) */
    @Override
    public String toString() {
        String ns = namespace();
        return kind() + " " + (ns.isEmpty() ? name() : ns + "/" + name()) + " (" + origin + ")";
    }

    private static String string(Object value) {
        return value instanceof String ? (String) value : "";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    private static Map<String, String> stringMap(Object value) {
        if (!(value instanceof Map)) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        ((Map<?, ?>) value).forEach((k, v) -> {
            if (v instanceof String) {
                out.put((String) k, (String) v);
            } else if (v != null && !(v instanceof Map) && !(v instanceof List)) {
                out.put((String) k, String.valueOf(v));
            }
        });
        return java.util.Collections.unmodifiableMap(out);
    }
}
