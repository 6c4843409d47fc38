package io.gitops4j.core.plan;

import io.gitops4j.api.Application;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.Change;
import io.gitops4j.api.plan.ChangeSet;
import io.gitops4j.api.plan.FieldChange;
import io.gitops4j.api.plan.GuardVerdict;
import io.gitops4j.api.plan.HookPhase;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ManifestSet;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.api.target.Inventory;
import io.gitops4j.api.target.KindInfo;
import io.gitops4j.api.target.LiveObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes a {@link Plan}: reads, through the {@link ClusterView} only, the live object of every desired object
 * (those of kinds served in their version with one {@link ClusterView#getAll} call) and of every inventory entry (one
 * read each), decides an {@link Action} per object, orders the changes (applies
 * by stage, prunes in reverse stage order) and runs the {@link Guards}. Reads only; never writes. Stateless and
 * thread-safe.
 *
 * <p>"Unchanged" is decided locally against the object as the server stores it: the desired fields must hold their
 * values ({@link FieldDiff}), and no field this Application applied before may have left the desired object
 * ({@link DroppedFields}, read from the live object's managedFields entry of our field manager).
 *
 * <p>Ownership rules: a desired object that carries another Application's tracking label is SKIPped (PR-06); an
 * inventory entry is pruned only when the live object still carries this Application's label and, when the
 * inventory knows a UID, has that UID (PR-05). An inventory entry whose kind the cluster no longer serves is kept
 * and reported by the {@value #UNSERVED} verdict (PR-11). Prunes are SKIPped when the policy disables prune, and
 * held (SKIP with the guard's reason) when the blast-radius guard holds them. When a guard blocks, the changes are
 * kept as they would be so a human sees what was stopped.
 */
public final class Planner {
    /** Name of the verdict listing inventory entries whose kind is no longer served. */
    public static final String UNSERVED = "unserved-kinds";

    private final String fieldManager;

    /** @param fieldManager the field manager the engine applies with (its managedFields entry shows dropped fields) */
    public Planner(String fieldManager) {
        this.fieldManager = fieldManager;
    }

    /**
     * @param desired the desired state after {@link DesiredState#of}
     * @param inventory what the Application owns now
     * @param view where live state is read
     * @param scopes the kinds the cluster serves (looked up once each)
     * @param confirmedPrunes whether held prunes were confirmed for this run
     */
    public Planned plan(Application app, Revision revision, DesiredState desired, Inventory inventory,
            ClusterView view, Scopes scopes, boolean confirmedPrunes) {
        Map<ObjectId, LiveObject> live = new TreeMap<>();
        List<Change> applies = new ArrayList<>();
        Map<ResourceKey, LiveObject> found = readAll(desired, view, scopes);
        for (Manifest m : desired.objects()) {
            if (m.isGenerated()) {   // named by the server when created: nothing to read
                applies.add(withWave(new Change(m.key(), Action.CREATE, "not in cluster (created with a name the "
                        + "server picks: generateName)", List.of(), Stages.of(m.key().groupKind())), m));
                continue;
            }
            Optional<LiveObject> current = found.containsKey(m.key()) ? Optional.of(found.get(m.key()))
                    : read(m.key(), view, scopes);
            current.ifPresent(o -> live.put(m.key().id(), o));
            Change c = withWave(decide(app, m, current.orElse(null), scopes), m);
            applies.add(desired.generated().contains(m.key().id()) ? neverApplied(c) : c);
        }
        applies.sort(Comparator.comparingInt(Change::wave).thenComparingInt(Change::stage));

        List<Change> prunes = new ArrayList<>();
        TreeSet<ObjectId> unserved = new TreeSet<>();
        TreeSet<ObjectId> disowned = new TreeSet<>();
        for (Map.Entry<ObjectId, String> owned : inventory.entries().entrySet()) {
            ObjectId id = owned.getKey();
            if (desired.objects().contains(id)) {
                continue;
            }
            if (scopes.served(id.groupKind()).isEmpty()) {
                unserved.add(id);
                continue;
            }
            Optional<LiveObject> current = view.get(id);
            if (current.isPresent()) {
                live.put(id, current.get());
                Change prune = withWave(decidePrune(app, current.get().key(), owned.getValue(), current.get()),
                        current.get().manifest());
                if (prune.action() == Action.SKIP) {
                    disowned.add(id);
                }
                prunes.add(prune);
            }
        }
        prunes.sort(Comparator.comparingInt(Change::wave).thenComparingInt(Change::stage).reversed()
                .thenComparing(Change::key));

        List<Change> all = new ArrayList<>(applies);
        all.addAll(prunes);
        List<GuardVerdict> verdicts = new ArrayList<>(Guards.check(app.syncPolicy(), desired.rendered(), inventory,
                all, confirmedPrunes));
        if (!unserved.isEmpty()) {
            verdicts.add(new GuardVerdict(UNSERVED, GuardVerdict.Decision.ALLOW, unserved.size() + " owned object(s) "
                    + "of kinds the cluster no longer serves are kept in the inventory, not pruned: "
                    + unserved.stream().limit(5).map(ObjectId::displayName).toList()));
        }
        boolean held = verdicts.stream().anyMatch(v -> v.decision() == GuardVerdict.Decision.HOLD_PRUNE);
        if (held || !app.syncPolicy().prune()) {
            String reason = held ? Change.PRUNE_HELD + " (" + Guards.PRUNE_BLAST_RADIUS + ")" : "prune disabled";
            all.replaceAll(c -> c.action() != Action.PRUNE ? c
                    : new Change(c.key(), Action.SKIP, reason, List.of(), c.stage(), c.wave(), Optional.empty()));
        }
        boolean hooks = !desired.hooks().isEmpty() && all.stream().anyMatch(Change::isWrite);
        if (hooks) {   // hooks run only in a pass that writes: a pass with nothing to do runs none
            all.addAll(0, hookChanges(desired.hooks(), HookPhase.PRE_SYNC));
            all.addAll(hookChanges(desired.hooks(), HookPhase.POST_SYNC));
        }
        Plan plan = new Plan(app.name(), revision, desired.objects(), live, new ChangeSet(all), verdicts,
                hooks ? desired.hooks() : ManifestSet.empty());
        return new Planned(plan, inventory, desired.unrecorded(), unserved, disowned);
    }

    /** @return {@code c} in the wave {@code m} is annotated with */
    private static Change withWave(Change c, Manifest m) {
        int wave = SyncAnnotations.waveOf(m);
        return wave == 0 ? c : new Change(c.key(), c.action(), c.reason(), c.diff(), c.stage(), wave, c.hook());
    }

    /** An object created from generateName is never applied: whatever its fields, nothing is written to it. */
    private static Change neverApplied(Change c) {
        if (c.action() != Action.UPDATE) {
            return c;
        }
        return new Change(c.key(), Action.UNCHANGED, "created from generateName, never applied ("
                + c.diff().size() + (c.diff().size() == 1 ? " field differs" : " fields differ") + ")", c.diff(),
                c.stage(), c.wave(), c.hook());
    }

    /** One change per hook that runs in {@code phase}, by wave, stage and key. */
    private static List<Change> hookChanges(ManifestSet hooks, HookPhase phase) {
        List<Change> out = new ArrayList<>();
        for (Manifest h : hooks) {
            if (SyncAnnotations.of(h, false).phases().contains(phase)) {
                out.add(new Change(h.key(), Action.CREATE, phase.annotationValue() + " hook" + (h.isGenerated()
                        ? " (a new object, named by the server)" : ""), List.of(), Stages.of(h.key().groupKind()),
                        SyncAnnotations.waveOf(h), Optional.of(phase)));
            }
        }
        out.sort(Comparator.comparingInt(Change::wave).thenComparingInt(Change::stage).thenComparing(Change::key));
        return out;
    }

    /**
     * The live objects of the desired objects whose kind is served in their own version, read in one call so the view
     * can read many with one list ({@link ClusterView#getAll}).
     */
    private static Map<ResourceKey, LiveObject> readAll(DesiredState desired, ClusterView view, Scopes scopes) {
        List<ResourceKey> keys = new ArrayList<>();
        for (Manifest m : desired.objects()) {
            Optional<KindInfo> kind = scopes.served(m.key().groupKind());
            if (!m.isGenerated() && kind.isPresent() && kind.get().serves(m.key().version())) {
                keys.add(m.key());
            }
        }
        return keys.isEmpty() ? Map.of() : view.getAll(keys);
    }

    /**
     * The live object of a desired one that {@link #readAll} did not find: none when its kind is served in its own
     * version (read already), else read in the kind's preferred version.
     */
    private static Optional<LiveObject> read(ResourceKey key, ClusterView view, Scopes scopes) {
        Optional<KindInfo> kind = scopes.served(key.groupKind());
        if (kind.isEmpty() || kind.get().serves(key.version())) {
            return Optional.empty(); // not served (yet): nothing can exist; or read in its version, not found
        }
        return view.get(key.id());
    }

    private Change decide(Application app, Manifest desired, LiveObject current, Scopes scopes) {
        ResourceKey key = desired.key();
        int stage = Stages.of(key.groupKind());
        if (current == null) {
            String why = scopes.served(key.groupKind()).isPresent() ? "not in cluster"
                    : scopes.definedInDesired(key.groupKind()) ? "not in cluster (its CRD is in this desired state)"
                    : "not in cluster (" + key.groupKind() + " is not served)";
            return new Change(key, Action.CREATE, why, List.of(), stage);
        }
        Optional<String> owner = Tracking.owner(current);
        if (owner.isPresent() && !owner.get().equals(app.name())) {
            return new Change(key, Action.SKIP, "owned by application '" + owner.get() + "'", List.of(), stage);
        }
        List<FieldChange> diff = new ArrayList<>(FieldDiff.between(desired, current.manifest()));
        for (FieldChange dropped : DroppedFields.between(desired, current, fieldManager)) {
            if (diff.stream().noneMatch(d -> within(dropped.path(), d.path()))) {
                diff.add(dropped); // unless the field diff already shows it (a list of another length)
            }
        }
        if (diff.isEmpty()) {
            return new Change(key, Action.UNCHANGED, "in sync", List.of(), stage);
        }
        String reason = owner.isEmpty() ? "adopting: " + diff.size() + " fields differ" : diff.size()
                + (diff.size() == 1 ? " field differs" : " fields differ");
        return new Change(key, Action.UPDATE, reason, diff, stage);
    }

    /** @return true when {@code path} is {@code outer} or below it */
    private static boolean within(String path, String outer) {
        return path.equals(outer) || path.startsWith(outer + ".") || path.startsWith(outer + "[");
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
