package io.gitops4j.api.plan;

import io.gitops4j.api.Checks;
import io.gitops4j.api.resource.ManifestSet;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.target.LiveObject;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a reconcile would do, computed without writing: the desired state, the live view it was compared with, the
 * ordered changes and the guards' verdicts. A value to show a human or a pipeline ("preview this commit").
 *
 * @param application the Application's name
 * @param revision the revision the desired state comes from
 * @param desired the rendered desired state
 * @param live the live objects the plan was computed against, by identity (absent identities did not exist)
 * @param changes the ordered changes
 * @param verdicts the guards' verdicts
 */
public record Plan(String application, Revision revision, ManifestSet desired, Map<ObjectId, LiveObject> live,
        ChangeSet changes, List<GuardVerdict> verdicts) {
    /** Copies collections. */
    public Plan {
        Checks.notBlank(application, "application");
        Checks.notNull(revision, "revision");
        Checks.notNull(desired, "desired");
        live = Collections.unmodifiableMap(new TreeMap<>(Checks.notNull(live, "live")));
        Checks.notNull(changes, "changes");
        verdicts = List.copyOf(Checks.notNull(verdicts, "verdicts"));
    }

    /** @return true when a guard blocks every write */
    public boolean isBlocked() {
        return verdicts.stream().anyMatch(v -> v.decision() == GuardVerdict.Decision.BLOCK);
    }

    /** @return true when a guard holds the prunes */
    public boolean isPruneHeld() {
        return verdicts.stream().anyMatch(v -> v.decision() == GuardVerdict.Decision.HOLD_PRUNE);
    }

    /** @return true when the cluster already matches (no create, update or prune) */
    public boolean isInSync() {
        return !changes.hasWrites();
    }
}
