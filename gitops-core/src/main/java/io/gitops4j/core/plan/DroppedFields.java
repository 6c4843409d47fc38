package io.gitops4j.core.plan;

import io.gitops4j.api.plan.FieldChange;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.core.merge.BuiltInSchemas;
import io.gitops4j.core.merge.FieldPath;
import io.gitops4j.core.merge.FieldSet;
import io.gitops4j.core.merge.ManagedFieldsEntry;
import io.gitops4j.core.merge.PathElement;
import io.gitops4j.core.merge.ServerSideApply;
import io.gitops4j.core.merge.TypeSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fields an Application applied before and no longer declares. A desired-subset diff cannot see them (the
 * desired object simply lacks them), but server-side apply removes them on the next apply by the same field
 * manager, so they are a difference. They are the paths of our manager's {@code Apply} entry in the live object's
 * {@code metadata.managedFields} that the desired object's field set (computed with the kind's built-in schema, as
 * the server computes it) neither contains nor covers with a value of its own (an atomic field or list declared
 * whole covers what is below it). An object without such an entry (never applied by us, or a
 * target that keeps no managedFields) has none. Values of a Secret's {@code data}/{@code stringData} are redacted.
 * Stateless and thread-safe.
 */
final class DroppedFields {
    private static final ServerSideApply SSA = new ServerSideApply();
    private static final Set<String> OWNABLE_METADATA = Set.of("labels", "annotations", "finalizers",
            "ownerReferences");

    private DroppedFields() {}

    /** @return one change per topmost dropped path (after: absent), in path order; empty when none or unknown */
    static List<FieldChange> between(Manifest desired, LiveObject live, String manager) {
        try {
            Optional<FieldSet> applied = appliedBy(live.manifest(), manager);
            if (applied.isEmpty()) {
                return List.of();
            }
            TypeSchema schema = BuiltInSchemas.registry().find(desired.apiVersion(), desired.kind())
                    .orElse(TypeSchema.UNTYPED);
            FieldSet declared = SSA.fieldsOf(config(desired), schema);
            FieldSet declaredLeaves = FieldSet.of(declared.leaves());
            boolean secret = desired.kind().equals("Secret") && desired.apiVersion().equals("v1");
            List<FieldPath> dropped = new ArrayList<>();
            List<FieldChange> out = new ArrayList<>();
            for (FieldPath p : applied.get().difference(declared).paths()) {
                if (!ownable(p) || declared.containsAtOrBelow(p) || declaredLeaves.containsAtOrAbove(p)
                        || dropped.stream().anyMatch(d -> d.isPrefixOf(p))) {
                    continue;
                }
                dropped.add(p);
                String path = p.toString();
                boolean redact = secret && (path.startsWith(".data") || path.startsWith(".stringData"));
                out.add(new FieldChange(path, FieldDiff.shown(valueAt(live.manifest().tree(), p), redact), ""));
            }
            return out;
        } catch (RuntimeException | LinkageError e) {
            return List.of(); // malformed managedFields or no schemas: the field diff alone decides
        }
    }

    private static Optional<FieldSet> appliedBy(Manifest live, String manager) {
        for (ManagedFieldsEntry e : ManagedFieldsEntry.readAll(live.metadata().get("managedFields"))) {
            if (e.manager().equals(manager) && e.operation() == ManagedFieldsEntry.Operation.APPLY
                    && e.subresource().isEmpty()) {
                return Optional.of(e.fields());
            }
        }
        return Optional.empty();
    }

    /** The desired object as it is sent: without status and server-owned metadata. */
    private static Map<String, Object> config(Manifest desired) {
        Map<String, Object> tree = new LinkedHashMap<>(desired.tree());
        tree.remove("status");
        return tree;
    }

    private static boolean ownable(FieldPath p) {
        if (p.isRoot() || !(p.elements().get(0) instanceof PathElement.Field top)) {
            return false;
        }
        String name = top.name();
        if (name.equals("apiVersion") || name.equals("kind") || name.equals("status")) {
            return false;
        }
        return !name.equals("metadata") || p.size() >= 2 && p.elements().get(1) instanceof PathElement.Field f
                && OWNABLE_METADATA.contains(f.name());
    }

    /** The live value at {@code path}, or null when it cannot be found. */
    private static Object valueAt(Map<String, Object> tree, FieldPath path) {
        Object v = tree;
        for (PathElement e : path.elements()) {
            if (e instanceof PathElement.Field f && v instanceof Map<?, ?> m) {
                v = m.get(f.name());
            } else if (e instanceof PathElement.Index i && v instanceof List<?> l && i.index() < l.size()) {
                v = l.get(i.index());
            } else if (e instanceof PathElement.Key k && v instanceof List<?> l) {
                v = l.stream().filter(item -> item instanceof Map<?, ?> m && k.fields().entrySet().stream()
                        .allMatch(kv -> FieldDiff.sameValue(kv.getValue(), m.get(kv.getKey())))).findFirst()
                        .orElse(null);
            } else if (e instanceof PathElement.Value val && v instanceof List<?> l) {
                v = l.stream().filter(item -> FieldDiff.sameValue(val.value(), item)).findFirst().orElse(null);
            } else {
                return null;
            }
        }
        return v;
    }
}
