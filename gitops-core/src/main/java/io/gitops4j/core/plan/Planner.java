package io.gitops4j.core.plan;

import io.gitops4j.api.Application;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.Change;
import io.gitops4j.api.plan.ChangeSet;
import io.gitops4j.api.plan.FieldChange;
import io.gitops4j.api.plan.GuardVerdict;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ManifestSet;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.target.Inventory;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.Target;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Computes a {@link Plan}: reads the live object for every desired key and every inventory entry, decides an
 * {@link Action} per object, orders the changes (applies by stage, prunes in reverse stage order) and runs the
 * {@link Guards}. Reads only; never writes. Stateless and thread-safe.
 *
 * <p>Ownership rules: a desired object that carries another Application's tracking label is SKIPped (PR-06); an
 * inventory entry is pruned only when the live object still carries this Application's label and, when the
 * inventory knows a UID, has that UID (PR-05). Prunes are SKIPped when the policy disables prune, and held (SKIP
 * with the guard's reason) when the blast-radius guard holds them. When a guard blocks, the changes are kept as
 * they would be so a human sees what was stopped.
 */
public final class Planner {
    private Planner() {}

    /**
     * @param desired the desired state after {@link DesiredState#of}
     * @param inventory what the Application owns now
     * @param confirmedPrunes whether held prunes were confirmed for this run
     */
    public static Plan plan(Application app, Revision revision, ManifestSet desired, Inventory inventory,
            Target target, boolean confirmedPrunes) {
        Map<ObjectId, LiveObject> live = new TreeMap<>();
        List<Change> applies = new ArrayList<>();
        for (Manifest m : desired) {
            ResourceKey key = m.key();
            Optional<LiveObject> current = target.get(key);
            current.ifPresent(o -> live.put(key.id(), o));
            applies.add(decide(app, m, current.orElse(null)));
        }
        applies.sort(Comparator.comparingInt(Change::stage));

        List<Change> prunes = new ArrayList<>();
        for (Map.Entry<ObjectId, String> owned : inventory.entries().entrySet()) {
            ObjectId id = owned.getKey();
            if (desired.contains(id)) {
                continue;
            }
            Optional<LiveObject> current = target.view().get(id);
            if (current.isEmpty()) {
                continue;
            }
            live.put(id, current.get());
            prunes.add(decidePrune(app, current.get().key(), owned.getValue(), current.get()));
        }
        prunes.sort(Comparator.comparingInt(Change::stage).reversed().thenComparing(Change::key));

        List<Change> all = new ArrayList<>(applies);
        all.addAll(prunes);
        List<GuardVerdict> verdicts = Guards.check(app.syncPolicy(), desired, inventory, all, confirmedPrunes);
        boolean held = verdicts.stream().anyMatch(v -> v.decision() == GuardVerdict.Decision.HOLD_PRUNE);
        if (held || !app.syncPolicy().prune()) {
            String reason = held ? "prune held until confirmed (" + Guards.PRUNE_BLAST_RADIUS + ")" : "prune disabled";
            all.replaceAll(c -> c.action() == Action.PRUNE
                    ? new Change(c.key(), Action.SKIP, reason, List.of(), c.stage()) : c);
        }
        return new Plan(app.name(), revision, desired, live, new ChangeSet(all), verdicts);
    }

    private static Change decide(Application app, Manifest desired, LiveObject current) {
        ResourceKey key = desired.key();
        int stage = Stages.of(key.groupKind());
        if (current == null) {
            return new Change(key, Action.CREATE, "not in cluster", List.of(), stage);
        }
        Optional<String> owner = Tracking.owner(current);
        if (owner.isPresent() && !owner.get().equals(app.name())) {
            return new Change(key, Action.SKIP, "owned by application '" + owner.get() + "'", List.of(), stage);
        }
        List<FieldChange> diff = FieldDiff.between(desired, current.manifest());
        if (diff.isEmpty()) {
            return new Change(key, Action.UNCHANGED, "in sync", List.of(), stage);
        }
        String reason = owner.isEmpty() ? "adopting: " + diff.size() + " fields differ" : diff.size()
                + (diff.size() == 1 ? " field differs" : " fields differ");
        return new Change(key, Action.UPDATE, reason, diff, stage);
    }

    private static Change decidePrune(Application app, ResourceKey key, String uid, LiveObject current) {
        int stage = Stages.of(key.groupKind());
        Optional<String> owner = Tracking.owner(current);
        if (owner.isEmpty() || !owner.get().equals(app.name())) {
            return new Change(key, Action.SKIP, "ownership changed: now "
                    + owner.map(o -> "owned by application '" + o + "'").orElse("unlabelled"), List.of(), stage);
        }
        if (!uid.isEmpty() && !uid.equals(current.uid())) {
            return new Change(key, Action.SKIP, "ownership changed: object was re-created (different UID)",
                    List.of(), stage);
        }
        return new Change(key, Action.PRUNE, "no longer in desired state", List.of(), stage);
    }
}
