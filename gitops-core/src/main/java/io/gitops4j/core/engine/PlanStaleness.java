package io.gitops4j.core.engine;

import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.Change;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.plan.StalePlanException;
import io.gitops4j.api.plan.StalePlanException.Reason;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.target.LiveObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Whether a reviewed plan is still what applying it would do, judged against the same revision planned again now
 * (with its held prunes confirmed): the same desired state, the same live objects (UID and resourceVersion, none
 * appeared or vanished), and the same action for every object, a prune the reviewed plan shows held counting as that
 * prune. Stateless.
 */
final class PlanStaleness {
    private static final int NAMED = 5;

    private PlanStaleness() {}

    /** @return the refusal of a plan whose ref resolves to {@code now}, another commit than the plan's */
    static StalePlanException moved(Plan plan, Revision now) {
        return new StalePlanException(plan.id(), Reason.REVISION_MOVED, List.of(), prefix(plan) + plan.revision()
                .shortRef() + " now points at " + short12(now.id()) + ", the plan shows " + short12(plan.revision()
                .id()));
    }

    /** @return why {@code reviewed} is stale next to {@code fresh} (the same revision planned now), or empty */
    static Optional<StalePlanException> check(Plan reviewed, Plan fresh) {
        if (!reviewed.desired().contentHash().equals(fresh.desired().contentHash())) {
            return Optional.of(new StalePlanException(reviewed.id(), Reason.DESIRED_CHANGED, List.of(),
                    prefix(reviewed) + reviewed.revision() + " renders another desired state now (the Application's "
                    + "settings changed since the plan was computed)"));
        }
        TreeSet<ObjectId> changed = new TreeSet<>();
        TreeSet<ObjectId> all = new TreeSet<>(reviewed.live().keySet());
        all.addAll(fresh.live().keySet());
        for (ObjectId id : all) {
            LiveObject was = reviewed.live().get(id);
            LiveObject is = fresh.live().get(id);
            if (was == null || is == null || !was.uid().equals(is.uid())
                    || !was.resourceVersion().equals(is.resourceVersion())) {
                changed.add(id);
            }
        }
        if (!changed.isEmpty()) {
            return Optional.of(new StalePlanException(reviewed.id(), Reason.LIVE_CHANGED, List.copyOf(changed),
                    prefix(reviewed) + changed.size() + " object(s) changed in the cluster since it was computed: "
                    + names(changed)));
        }
        Map<ObjectId, Action> was = actions(reviewed);
        Map<ObjectId, Action> is = actions(fresh);
        TreeSet<ObjectId> differ = new TreeSet<>(was.keySet());
        differ.addAll(is.keySet());
        differ.removeIf(id -> was.get(id) == is.get(id));
        if (!differ.isEmpty()) {
            return Optional.of(new StalePlanException(reviewed.id(), Reason.CHANGES_DIFFER, List.copyOf(differ),
                    prefix(reviewed) + "planning it again gives other changes for " + differ.stream().limit(NAMED)
                    .map(id -> id.displayName() + " (" + was.get(id) + " → " + is.get(id) + ")")
                    .collect(Collectors.joining(", ")) + more(differ.size())));
        }
        return Optional.empty();
    }

    /**
     * @return true when every prune of {@code fresh} is one {@code reviewed} shows pruned or held, of an object with
     *     the same UID: only then does applying {@code fresh} instead keep the reviewer's confirmation
     */
    static boolean prunesWithin(Plan fresh, Plan reviewed) {
        for (Change c : fresh.changes().withAction(Action.PRUNE)) {
            ObjectId id = c.key().id();
            Optional<Change> shown = reviewed.changes().find(id);
            LiveObject was = reviewed.live().get(id);
            LiveObject is = fresh.live().get(id);
            boolean pruned = shown.isPresent() && (shown.get().action() == Action.PRUNE || shown.get().isHeldPrune());
            if (!pruned || was == null || is == null || !was.uid().equals(is.uid())) {
                return false;
            }
        }
        return true;
    }

    /** Each object's action, a held prune counting as the prune it is once confirmed. */
    private static Map<ObjectId, Action> actions(Plan plan) {
        Map<ObjectId, Action> out = new HashMap<>();
        plan.changes().changes().forEach(c -> out.put(c.key().id(), c.isHeldPrune() ? Action.PRUNE : c.action()));
        return out;
    }

    private static String prefix(Plan plan) {
        return "plan " + plan.id() + " of " + plan.application() + " is stale, nothing was written: ";
    }

    private static String names(TreeSet<ObjectId> ids) {
        return ids.stream().limit(NAMED).map(ObjectId::displayName).collect(Collectors.joining(", "))
                + more(ids.size());
    }

    private static String more(int size) {
        return size > NAMED ? " and " + (size - NAMED) + " more" : "";
    }

    private static String short12(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
