package io.gitops4j.core.merge;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An immutable set of {@link FieldPath}s, stored as a trie, with the set algebra server-side apply needs and the
 * FieldsV1 encoding used in {@code metadata.managedFields}.
 *
 * <p>FieldsV1: every element is a key ({@code f:}, {@code k:}, {@code v:}, {@code i:}); a path in the set whose
 * children are also in the set carries {@code ".": {}}; a leaf is {@code {}}. Serialization is deterministic
 * ({@code .} first, then elements in {@link PathElement} order). Thread-safe.
 */
public final class FieldSet {

    private static final FieldSet EMPTY = new FieldSet(false, Collections.emptyNavigableMap());

    private final boolean member;
    private final Map<PathElement, FieldSet> children;

    private FieldSet(boolean member, Map<PathElement, FieldSet> children) {
        this.member = member;
        this.children = children;
    }

    public static FieldSet empty() {
        return EMPTY;
    }

    public static FieldSet of(FieldPath... paths) {
        return of(List.of(paths));
    }

    public static FieldSet of(Collection<FieldPath> paths) {
        Node root = new Node();
        for (FieldPath p : paths) {
            root.insert(p.elements(), 0);
        }
        return root.freeze(false);
    }

    /** True when the set holds no path. */
    public boolean isEmpty() {
        return children.isEmpty();
    }

    /** Number of paths in the set. */
    public int size() {
        int n = 0;
        for (FieldSet c : children.values()) {
            n += (c.member ? 1 : 0) + c.size();
        }
        return n;
    }

    public boolean contains(FieldPath path) {
        if (path.isRoot()) {
            return false;
        }
        FieldSet node = this;
        for (PathElement e : path.elements()) {
            node = node.children.get(e);
            if (node == null) {
                return false;
            }
        }
        return node.member;
    }

    /** True when the set holds {@code path} or any path below it. */
    public boolean containsAtOrBelow(FieldPath path) {
        FieldSet node = at(path);
        return node != null && (node.member || !node.children.isEmpty());
    }

    /** True when the set holds {@code path} or one of its ancestors. */
    public boolean containsAtOrAbove(FieldPath path) {
        FieldSet node = this;
        for (PathElement e : path.elements()) {
            node = node.children.get(e);
            if (node == null) {
                return false;
            }
            if (node.member) {
                return true;
            }
        }
        return false;
    }

    /** The paths below {@code prefix}, relative to it (empty when none). */
    public FieldSet childrenOf(FieldPath prefix) {
        FieldSet node = at(prefix);
        return node == null ? EMPTY : new FieldSet(false, node.children);
    }

    private FieldSet at(FieldPath path) {
        FieldSet node = this;
        for (PathElement e : path.elements()) {
            node = node.children.get(e);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /** All paths, in depth-first {@link PathElement} order (a parent before its children). */
    public List<FieldPath> paths() {
        List<FieldPath> out = new ArrayList<>();
        collect(FieldPath.ROOT, out, false);
        return out;
    }

    /** Only the paths that have no children in the set. */
    public List<FieldPath> leaves() {
        List<FieldPath> out = new ArrayList<>();
        collect(FieldPath.ROOT, out, true);
        return out;
    }

    private void collect(FieldPath prefix, List<FieldPath> out, boolean leavesOnly) {
        for (Map.Entry<PathElement, FieldSet> e : children.entrySet()) {
            FieldPath p = prefix.child(e.getKey());
            FieldSet c = e.getValue();
            if (c.member && (!leavesOnly || c.children.isEmpty())) {
                out.add(p);
            }
            c.collect(p, out, leavesOnly);
        }
    }

    public FieldSet union(FieldSet other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        return combine(this, other, Op.UNION);
    }

    /** Paths of this set that are not in {@code other} (exact paths; children are compared one by one). */
    public FieldSet difference(FieldSet other) {
        if (other.isEmpty() || isEmpty()) {
            return this;
        }
        return combine(this, other, Op.DIFFERENCE);
    }

    /** Paths of this set that are in {@code other} too. */
    public FieldSet intersection(FieldSet other) {
        if (other.isEmpty() || isEmpty()) {
            return EMPTY;
        }
        return combine(this, other, Op.INTERSECTION);
    }

    /** Paths of this set that are neither in {@code other} nor below a path of {@code other}. */
    public FieldSet recursiveDifference(FieldSet other) {
        if (other.isEmpty() || isEmpty()) {
            return this;
        }
        Map<PathElement, FieldSet> out = new TreeMap<>();
        for (Map.Entry<PathElement, FieldSet> e : children.entrySet()) {
            FieldSet o = other.children.get(e.getKey());
            if (o == null) {
                out.put(e.getKey(), e.getValue());
            } else if (!o.member) {
                FieldSet c = e.getValue();
                FieldSet rest = new FieldSet(false, c.children).recursiveDifference(new FieldSet(false, o.children));
                if (c.member || !rest.isEmpty()) {
                    out.put(e.getKey(), new FieldSet(c.member, rest.children));
                }
            }
        }
        return out.isEmpty() ? EMPTY : new FieldSet(false, Collections.unmodifiableMap(out));
    }

    private enum Op { UNION, DIFFERENCE, INTERSECTION }

    private static FieldSet combine(FieldSet a, FieldSet b, Op op) {
        Map<PathElement, FieldSet> out = new TreeMap<>();
        if (op != Op.INTERSECTION) {
            for (Map.Entry<PathElement, FieldSet> e : a.children.entrySet()) {
                FieldSet o = b.children.get(e.getKey());
                put(out, e.getKey(), o == null ? e.getValue() : merge(e.getValue(), o, op));
            }
            if (op == Op.UNION) {
                for (Map.Entry<PathElement, FieldSet> e : b.children.entrySet()) {
                    out.putIfAbsent(e.getKey(), e.getValue());
                }
            }
        } else {
            for (Map.Entry<PathElement, FieldSet> e : a.children.entrySet()) {
                FieldSet o = b.children.get(e.getKey());
                if (o != null) {
                    put(out, e.getKey(), merge(e.getValue(), o, op));
                }
            }
        }
        return out.isEmpty() ? EMPTY : new FieldSet(false, Collections.unmodifiableMap(out));
    }

    private static FieldSet merge(FieldSet a, FieldSet b, Op op) {
        boolean m = switch (op) {
            case UNION -> a.member || b.member;
            case DIFFERENCE -> a.member && !b.member;
            case INTERSECTION -> a.member && b.member;
        };
        FieldSet kids = combine(new FieldSet(false, a.children), new FieldSet(false, b.children), op);
        return new FieldSet(m, kids.children);
    }

    private static void put(Map<PathElement, FieldSet> out, PathElement e, FieldSet c) {
        if (c.member || !c.children.isEmpty()) {
            out.put(e, c);
        }
    }

    // ------------------------------------------------------------------ FieldsV1

    /** This set as a FieldsV1 tree ({@code {"f:data": {"f:a": {}}}}), freshly allocated and mutable. */
    public Map<String, Object> toFieldsV1() {
        Map<String, Object> out = new LinkedHashMap<>();
        if (member && !children.isEmpty()) {
            out.put(".", new LinkedHashMap<>());
        }
        for (Map.Entry<PathElement, FieldSet> e : children.entrySet()) {
            out.put(e.getKey().fieldsV1(), e.getValue().toFieldsV1());
        }
        return out;
    }

    /**
     * Parses a FieldsV1 tree.
     *
     * @throws MergeException when the tree is not valid FieldsV1
     */
    public static FieldSet fromFieldsV1(Map<String, ?> fieldsV1) {
        Objects.requireNonNull(fieldsV1, "fieldsV1");
        return parse(fieldsV1, false);
    }

    private static FieldSet parse(Map<String, ?> tree, boolean member) {
        Map<PathElement, FieldSet> out = new TreeMap<>();
        boolean self = member;
        for (Map.Entry<String, ?> e : tree.entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> sub)) {
                throw new MergeException("invalid FieldsV1: value of " + JsonText.write(e.getKey())
                        + " is not an object");
            }
            if (".".equals(e.getKey())) {
                self = true;
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, ?> child = (Map<String, ?>) sub;
            FieldSet c = parse(child, child.isEmpty());
            out.put(PathElement.parseFieldsV1(e.getKey()), c);
        }
        return new FieldSet(self, out.isEmpty() ? Collections.emptyNavigableMap() : Collections.unmodifiableMap(out));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldSet f && f.member == member && f.children.equals(children);
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(member) * 31 + children.hashCode();
    }

    /** The paths in kubectl's text form, one per line. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (FieldPath p : paths()) {
            if (b.length() > 0) {
                b.append('\n');
            }
            b.append(p);
        }
        return b.toString();
    }

    /** Mutable trie used while building. */
    private static final class Node {
        boolean member;
        final Map<PathElement, Node> kids = new java.util.HashMap<>(8);

        void insert(List<PathElement> path, int from) {
            if (from == path.size()) {
                member = true;
                return;
            }
            kids.computeIfAbsent(path.get(from), k -> new Node()).insert(path, from + 1);
        }

        FieldSet freeze(boolean asMember) {
            if (kids.isEmpty()) {
                return asMember ? new FieldSet(true, Collections.emptyNavigableMap()) : EMPTY;
            }
            Map<PathElement, FieldSet> out = new TreeMap<>();
            kids.forEach((k, v) -> out.put(k, v.freeze(v.member)));
            return new FieldSet(asMember, Collections.unmodifiableMap(out));
        }
    }

    /** A mutable builder of field sets; not thread-safe. */
    public static final class Builder {
        private final Node root = new Node();

        public Builder add(FieldPath path) {
            if (!path.isRoot()) {
                root.insert(path.elements(), 0);
            }
            return this;
        }

        public FieldSet build() {
            return root.freeze(false);
        }
    }

    public static Builder builder() {
        return new Builder();
    }
}
