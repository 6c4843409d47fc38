package io.gitops4j.core.merge;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the schema of a top-level kind by {@code apiVersion} ({@code v1}, {@code apps/v1}) and {@code kind}.
 *
 * <p>Implementations must be thread-safe. A caller with no schema for a kind uses {@link TypeSchema#UNTYPED}.
 */
@FunctionalInterface
public interface SchemaRegistry {

    /** The schema of the kind, or empty when this registry does not know it. Never null. */
    Optional<TypeSchema> find(String apiVersion, String kind);

    /** This registry, falling back to {@code other} for kinds it does not know. */
    default SchemaRegistry orElse(SchemaRegistry other) {
        Objects.requireNonNull(other, "other");
        return (apiVersion, kind) -> {
            Optional<TypeSchema> t = find(apiVersion, kind);
            return t.isPresent() ? t : other.find(apiVersion, kind);
        };
    }

    /** A registry that knows nothing. */
    static SchemaRegistry empty() {
        return (apiVersion, kind) -> Optional.empty();
    }

    /** A fixed registry keyed by {@link #key(String, String)}. */
    static SchemaRegistry of(Map<String, TypeSchema> byKey) {
        Map<String, TypeSchema> copy = Map.copyOf(byKey);
        return (apiVersion, kind) -> Optional.ofNullable(copy.get(key(apiVersion, kind)));
    }

    /** The lookup key used by {@link #of(Map)}: {@code apiVersion + "/" + kind}, e.g. {@code apps/v1/Deployment}. */
    static String key(String apiVersion, String kind) {
        return Objects.requireNonNull(apiVersion, "apiVersion") + "/" + Objects.requireNonNull(kind, "kind");
    }
}
