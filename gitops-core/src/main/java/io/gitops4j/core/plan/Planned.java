package io.gitops4j.core.plan;

import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.target.Inventory;
import java.util.Set;

/**
 * A plan with what writing it needs besides: the inventory it was computed against (read once per pass), the
 * desired objects the inventory must not record, and the inventory entries kept although neither desired nor
 * found, because their kind is no longer served (PR-11), and the entries found owned by someone else now (PR-05),
 * which the inventory drops.
 *
 * @param plan the plan
 * @param inventory the inventory the plan was computed against
 * @param unrecorded desired objects the inventory does not record
 * @param unserved inventory entries of kinds the cluster no longer serves
 * @param disowned inventory entries whose live object carries another owner or another UID
 */
public record Planned(Plan plan, Inventory inventory, Set<ObjectId> unrecorded, Set<ObjectId> unserved,
        Set<ObjectId> disowned) {
    /** Copies the sets. */
    public Planned {
        unrecorded = Set.copyOf(unrecorded);
        unserved = Set.copyOf(unserved);
        disowned = Set.copyOf(disowned);
    }
}
