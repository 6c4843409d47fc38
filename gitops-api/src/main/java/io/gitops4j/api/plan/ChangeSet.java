package io.gitops4j.api.plan;

import io.gitops4j.api.Checks;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.resource.ResourceKey;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The ordered changes of one plan (applies by stage, then prunes in reverse dependency order).
 *
 * @param changes the changes in execution order
 */
public record ChangeSet(List<Change> changes) {
    /** Copies the list. */
    public ChangeSet {
        changes = List.copyOf(Checks.notNull(changes, "changes"));
    }

    /** @return an empty change set */
    public static ChangeSet empty() {
        return new ChangeSet(List.of());
    }

    /** @return the changes with this action, in order */
    public List<Change> withAction(Action action) {
        return changes.stream().filter(c -> c.action() == action).collect(Collectors.toUnmodifiableList());
    }

    /** @return the keys with this action, in order */
    public List<ResourceKey> keys(Action action) {
        return changes.stream().filter(c -> c.action() == action).map(Change::key)
                .collect(Collectors.toUnmodifiableList());
    }

    /** @return the change for an object, or empty */
    public Optional<Change> find(ObjectId id) {
        return changes.stream().filter(c -> c.key().id().equals(id)).findFirst();
    }

    /** @return the change for the object {@code key} names, in whatever version the change is keyed, or empty */
    public Optional<Change> find(ResourceKey key) {
        return find(key.id());
    }

    /** @return the number of changes per action (every action present, zero when none) */
    public Map<Action, Integer> counts() {
        Map<Action, Integer> counts = new EnumMap<>(Action.class);
        for (Action a : Action.values()) {
            counts.put(a, 0);
        }
        changes.forEach(c -> counts.merge(c.action(), 1, Integer::sum));
        return counts;
    }

    /** @return true when at least one change writes (create, update, prune) */
    public boolean hasWrites() {
        return changes.stream().anyMatch(Change::isWrite);
    }

    /** @return the number of changes */
    public int size() {
        return changes.size();
    }
}
