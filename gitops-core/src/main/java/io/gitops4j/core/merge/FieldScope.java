package io.gitops4j.core.merge;

import java.util.Objects;
import java.util.Set;

/**
 * Which top-level fields of an object a write may change and own. The API server ignores {@code status} in
 * writes to the main resource of a kind with a status subresource, and everything but {@code status} in writes
 * to {@code /status}. Ignored fields keep their live value in the result and are never owned.
 *
 * <p>Independently of the scope, {@code apiVersion}, {@code kind} and all of {@code metadata} except
 * {@code labels}, {@code annotations}, {@code finalizers} and {@code ownerReferences} are never owned.
 *
 * @param fields the top-level field names
 * @param only   true: only {@code fields} are in scope; false: {@code fields} are ignored
 */
public record FieldScope(Set<String> fields, boolean only) {

    public FieldScope {
        fields = Set.copyOf(Objects.requireNonNull(fields, "fields"));
    }

    /** Every top-level field is in scope. */
    public static FieldScope all() {
        return new FieldScope(Set.of(), false);
    }

    /** The given top-level fields are ignored, e.g. {@code ignoring("status")}. */
    public static FieldScope ignoring(String... topLevelFields) {
        return new FieldScope(Set.of(topLevelFields), false);
    }

    /** Only the given top-level fields are in scope, e.g. {@code only("status")} for {@code /status}. */
    public static FieldScope only(String... topLevelFields) {
        return new FieldScope(Set.of(topLevelFields), true);
    }

    /** True when a write may change the top-level field. */
    public boolean includes(String topLevelField) {
        return only == fields.contains(topLevelField);
    }
}
