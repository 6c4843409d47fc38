package io.gitops4j.core.engine;

import io.gitops4j.api.DriftedField;
import io.gitops4j.api.FieldManager;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.Change;
import io.gitops4j.api.plan.FieldChange;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.core.merge.FieldPath;
import io.gitops4j.core.merge.ManagedFieldsEntry;
import io.gitops4j.core.merge.MergeException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What drifted in a plan computed at the revision that last synced: every desired object the plan updates (someone
 * changed it) or creates (someone deleted it), with the fields of the plan's diff, the other field manager that owns
 * each now, and the other manager that changed the object last — read from the live object's {@code managedFields}
 * (main resource only; the Application's own manager excluded). A field someone removed has no owner. Diff paths are
 * matched to owned paths in kubectl's form ({@code .spec.containers[name="web"].image}); a list item the diff names by
 * position is matched only when an owner holds the whole list. Stateless.
 */
final class DriftFinder {
    /** A drifted object: deleted, or these fields; and who edited it last. */
    record Found(Change change, boolean deleted, List<DriftedField> fields, Optional<FieldManager> lastEdit) {}

    private DriftFinder() {}

    /** @return the drifted objects by identity, in plan order */
    static Map<ObjectId, Found> find(Plan plan, String ourManager) {
        Map<ObjectId, Found> out = new LinkedHashMap<>();
        for (Change c : plan.changes().changes()) {
            ObjectId id = c.key().id();
            if (!plan.desired().contains(id) || c.action() != Action.UPDATE && c.action() != Action.CREATE) {
                continue;
            }
            LiveObject live = plan.live().get(id);
            if (c.action() == Action.CREATE || live == null) {
                out.put(id, new Found(c, true, List.of(), Optional.empty()));
                continue;
            }
            List<ManagedFieldsEntry> others = others(live, ourManager);
            List<DriftedField> fields = new ArrayList<>();
            for (FieldChange f : c.diff()) {
                fields.add(new DriftedField(f, others.stream().filter(e -> owns(e, f.path())).findFirst()
                        .map(DriftFinder::manager)));
            }
            Optional<FieldManager> last = others.stream().map(DriftFinder::manager).filter(m -> m.time().isPresent())
                    .max(Comparator.comparing(m -> m.time().get()));
            out.put(id, new Found(c, false, fields, last));
        }
        return out;
    }

    /** The main-resource entries of managers other than ours, most recent first; none when unreadable. */
    private static List<ManagedFieldsEntry> others(LiveObject live, String ourManager) {
        try {
            return ManagedFieldsEntry.readAll(live.manifest().metadata().get("managedFields")).stream()
                    .filter(e -> e.subresource().isEmpty() && !e.manager().equals(ourManager))
                    .sorted(Comparator.comparing(ManagedFieldsEntry::time).reversed()).toList();
        } catch (MergeException e) {
            return List.of();
        }
    }

    /** True when the entry owns the field at {@code path}, something below it, or an atomic value above it. */
    private static boolean owns(ManagedFieldsEntry entry, String path) {
        for (FieldPath p : entry.fields().paths()) {
            String owned = p.toString();
            if (owned.equals(path) || below(owned, path)) {
                return true;
            }
        }
        for (FieldPath leaf : entry.fields().leaves()) {
            if (below(path, leaf.toString())) {
                return true;
            }
        }
        return false;
    }

    private static boolean below(String path, String ancestor) {
        return path.length() > ancestor.length() && path.startsWith(ancestor)
                && (path.charAt(ancestor.length()) == '.' || path.charAt(ancestor.length()) == '[');
    }

    private static FieldManager manager(ManagedFieldsEntry e) {
        Optional<Instant> time;
        try {
            time = e.time().isEmpty() ? Optional.empty() : Optional.of(Instant.parse(e.time()));
        } catch (DateTimeParseException ex) {
            time = Optional.empty();
        }
        return new FieldManager(e.manager(), e.operation().wireName(), time);
    }
}
