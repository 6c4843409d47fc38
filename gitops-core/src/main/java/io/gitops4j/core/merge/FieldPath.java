package io.gitops4j.core.merge;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A path from the root of an object to one field or list item, e.g. {@code .spec.containers[name="app"].image}.
 *
 * <p>{@link #toString()} is kubectl's text form, the one the API server uses in conflict messages.
 */
public record FieldPath(List<PathElement> elements) implements Comparable<FieldPath> {

    /** The root path (no elements). */
    public static final FieldPath ROOT = new FieldPath(List.of());

    public FieldPath {
        elements = List.copyOf(Objects.requireNonNull(elements, "elements"));
    }

    public static FieldPath of(PathElement... elements) {
        return new FieldPath(List.of(elements));
    }

    /** A path of field names only: {@code FieldPath.fields("spec", "replicas")}. */
    public static FieldPath fields(String... names) {
        List<PathElement> out = new ArrayList<>(names.length);
        for (String n : names) {
            out.add(PathElement.field(n));
        }
        return new FieldPath(out);
    }

    /** This path extended by one element. */
    public FieldPath child(PathElement element) {
        PathElement[] out = elements.toArray(new PathElement[elements.size() + 1]);
        out[out.length - 1] = Objects.requireNonNull(element, "element");
        return new FieldPath(List.of(out)); // already immutable: the constructor's copyOf keeps it
    }

    public boolean isRoot() {
        return elements.isEmpty();
    }

    public int size() {
        return elements.size();
    }

    /** True when {@code other} equals this path or lies below it. */
    public boolean isPrefixOf(FieldPath other) {
        return other.elements.size() >= elements.size() && other.elements.subList(0, elements.size()).equals(elements);
    }

    @Override
    public int compareTo(FieldPath o) {
        int n = Math.min(elements.size(), o.elements.size());
        for (int i = 0; i < n; i++) {
            int c = elements.get(i).compareTo(o.elements.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(elements.size(), o.elements.size());
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (PathElement e : elements) {
            b.append(e);
        }
        return b.toString();
    }
}
