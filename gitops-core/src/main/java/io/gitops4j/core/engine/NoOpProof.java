package io.gitops4j.core.engine;

import io.gitops4j.api.Application;
import io.gitops4j.api.ObjectReport;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.health.Health;
import io.gitops4j.api.health.HealthObservation;
import io.gitops4j.api.Trigger;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.Change;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.ObjectOutcome;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What lets a pass skip snapshot, render and plan (docs/engine.md, "A pass that changes nothing"): the last full pass
 * that planned every object UNCHANGED and wrote nothing, with where the Application's change feed stood when that
 * pass started and the inventory version it read. A later pass may reuse that plan only when it can prove the plan
 * would come out the same: a SCHEDULE, PUSH or MANUAL pass, no pin and no confirmed prunes (the caller's part), the
 * same Application (record equality: source, render, options, destination), the same resolved revision, which is
 * also the last one synced, the same feed subscription with no event concerning the Application delivered since (a
 * re-list of its kinds, any event about an object it planned or that carries its label, the engine's own writes
 * included; {@link ChangeFeeds}), the same inventory version, and every object still at the UID and resourceVersion
 * that pass read ({@link #stillAsPlanned}: told by the view's cache stamps, or read), so the health verdict that pass
 * judged from them (health rules are pure functions of the object) still holds. Anything else, and any pass that is
 * not itself reused, drops the proof. Thread-safe.
 */
final class NoOpProof {
    /**
     * A full pass that changed nothing.
     *
     * @param app the Application as that pass reconciled it
     * @param revision the revision it reconciled
     * @param feed where the Application's change feed stood when it started
     * @param inventoryVersion the version of the inventory it read ({@code ""}: none stored)
     * @param plan its plan (every change UNCHANGED)
     * @param reports its reports (every object UNCHANGED)
     * @param seen each planned object as that plan read it, in the plan's order
     * @param health the health verdict that pass judged from those objects
     * @param stamps the view's {@linkplain ClusterView#cacheStamp cache stamps} of the feed's kinds when that pass
     *     started; empty when the view could not tell one of them
     */
    record Last(Application app, Revision revision, ChangeFeeds.Mark feed, String inventoryVersion, Plan plan,
            List<ObjectReport> reports, List<Seen> seen, Health health, Optional<Map<GroupKind, Long>> stamps) {}

    /** One object as a plan read it: a later read at the same UID and resourceVersion is the same object. */
    record Seen(ObjectId id, String uid, String resourceVersion) {}

    /** Triggers that may reuse a plan: DRIFT follows an event, PIN and UNPIN change the revision, a plan applies. */
    private static final Set<Trigger> REUSING = EnumSet.of(Trigger.SCHEDULE, Trigger.PUSH, Trigger.MANUAL);

    private final AtomicReference<Last> last = new AtomicReference<>();

    /** Drops the proof: a full pass (or a plan applied) runs, whatever it finds. */
    void clear() {
        last.set(null);
    }

    /**
     * Keeps the proof of a full pass when its result shows it changed nothing: SYNCED, no failure, no drift, no
     * write, every change and report UNCHANGED, the inventory neither rebuilt nor in need of tidying.
     *
     * @param feed where the feed stood when the pass started; empty (no live subscription) keeps nothing
     * @param stamps the view's cache stamps of the feed's kinds when the pass started, before it read anything
     *     ({@link #stamps})
     * @param inventoryClean true when the inventory was read as stored and says what the plan saw
     */
    void keep(Application app, Optional<ChangeFeeds.Mark> feed, Optional<Map<GroupKind, Long>> stamps,
            String inventoryVersion, boolean inventoryClean, Plan plan, ReconcileResult result) {
        boolean unchanged = result.outcome() == Outcome.SYNCED && result.failure().isEmpty()
                && result.drift().isEmpty() && result.writes() == 0 && inventoryClean && !plan.isBlocked()
                && !plan.isPruneHeld() && result.revision().equals(Optional.of(plan.revision()))
                && result.changes().equals(plan.changes()) && !plan.changes().changes().isEmpty()
                && plan.changes().changes().stream().allMatch(c -> c.action() == Action.UNCHANGED)
                && result.objects().size() == plan.changes().changes().size()
                && result.objects().stream().allMatch(r -> r.outcome() == ObjectOutcome.UNCHANGED)
                && result.health().basis() == HealthObservation.Basis.SNAPSHOT;
        boolean watched = feed.isPresent() && feed.get().kinds().containsAll(plan.changes().changes().stream()
                .map(c -> c.key().groupKind()).toList());
        Optional<List<Seen>> seen = unchanged && watched ? seen(plan) : Optional.empty();
        last.set(seen.isPresent() ? new Last(app, plan.revision(), feed.get(), inventoryVersion, plan,
                result.objects(), seen.get(), result.health().verdict(), stamps) : null);
    }

    /** @return every planned object as the plan read it; empty when one was not read */
    private static Optional<List<Seen>> seen(Plan plan) {
        List<Seen> seen = new ArrayList<>(plan.changes().changes().size());
        for (Change c : plan.changes().changes()) {
            ObjectId id = c.key().id();
            LiveObject before = plan.live().get(id);
            if (before == null) {
                return Optional.empty();
            }
            seen.add(new Seen(id, before.uid(), before.resourceVersion()));
        }
        return Optional.of(List.copyOf(seen));
    }

    /**
     * @return the view's cache stamp of each kind; empty when it cannot tell one of them (or {@code kinds} is empty)
     */
    static Optional<Map<GroupKind, Long>> stamps(ClusterView view, Set<GroupKind> kinds) {
        Map<GroupKind, Long> stamps = new HashMap<>();
        for (GroupKind kind : kinds) {
            OptionalLong stamp = view.cacheStamp(kind);
            if (stamp.isEmpty()) {
                return Optional.empty();
            }
            stamps.put(kind, stamp.getAsLong());
        }
        return stamps.isEmpty() ? Optional.empty() : Optional.of(stamps);
    }

    /**
     * Tells whether every object of a reused plan is still as that plan read it. When the view's cache stamps of the
     * feed's kinds are the ones it answered when that pass started (before it read anything), every object that pass
     * read came from the view's cache, which has not changed since: nothing is read. Otherwise each object is read
     * through the view (which the Kubernetes target answers from its watch cache) and compared with what that plan
     * read: the same UID and resourceVersion mean the same object, unchanged (so its health is the verdict that pass
     * judged). Either way this covers what a change feed may not tell: a change made before its first list was in.
     *
     * @return true when every object is still as that plan read it
     * @throws RuntimeException when the view cannot be read (the caller runs the full pass)
     */
    static boolean stillAsPlanned(Last last, ClusterView view) {
        if (last.stamps().isPresent() && stamps(view, last.stamps().get().keySet()).equals(last.stamps())) {
            return true;
        }
        for (Seen s : last.seen()) {
            Optional<LiveObject> current = view.get(s.id());
            if (current.isEmpty() || !current.get().uid().equals(s.uid())
                    || !current.get().resourceVersion().equals(s.resourceVersion())) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param trigger why the pass runs: only SCHEDULE, PUSH and MANUAL may reuse a plan
     * @param lastSynced the last revision that reconciled SYNCED
     * @param feedNow where the Application's change feed stands now
     * @return the last no-op pass when this pass may reuse its plan without reading the inventory; the caller must
     *     still compare the inventory version ({@link Last#inventoryVersion()})
     */
    Optional<Last> reusable(Application app, Trigger trigger, Revision revision,
            Optional<Revision> lastSynced, Optional<ChangeFeeds.Mark> feedNow) {
        Last l = last.get();
        if (l == null || !REUSING.contains(trigger)) {
            return Optional.empty();
        }
        boolean same = l.app().equals(app) && l.revision().equals(revision)
                && lastSynced.equals(Optional.of(revision)) && feedNow.equals(Optional.of(l.feed()));
        return same ? Optional.of(l) : Optional.empty();
    }
}
