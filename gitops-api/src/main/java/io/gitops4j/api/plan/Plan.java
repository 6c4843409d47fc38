package io.gitops4j.api.plan;

import io.gitops4j.api.Checks;
import io.gitops4j.api.resource.Manifest;
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
 * @param desired the rendered desired state, hooks apart
 * @param live the live objects the plan was computed against, by identity (absent identities did not exist)
 * @param changes the ordered changes
 * @param verdicts the guards' verdicts
 * @param hooks the hooks the plan runs, as declared (a {@linkplain Change#hook() hook change} names one by key);
 *     empty when the plan runs none
 */
public record Plan(String application, Revision revision, ManifestSet desired, Map<ObjectId, LiveObject> live,
        ChangeSet changes, List<GuardVerdict> verdicts, ManifestSet hooks) {
    /** Copies collections. */
    public Plan {
        Checks.notBlank(application, "application");
        Checks.notNull(revision, "revision");
        Checks.notNull(desired, "desired");
        live = Collections.unmodifiableMap(new TreeMap<>(Checks.notNull(live, "live")));
        Checks.notNull(changes, "changes");
        verdicts = List.copyOf(Checks.notNull(verdicts, "verdicts"));
        Checks.notNull(hooks, "hooks");
    }

    /** A plan that runs no hook. */
    public Plan(String application, Revision revision, ManifestSet desired, Map<ObjectId, LiveObject> live,
            ChangeSet changes, List<GuardVerdict> verdicts) {
        this(application, revision, desired, live, changes, verdicts, ManifestSet.empty());
    }

    /** @return true when a guard blocks every write */
    public boolean isBlocked() {
        return verdicts.stream().anyMatch(v -> v.decision() == GuardVerdict.Decision.BLOCK);
    }

    /** @return true when a guard holds the prunes */
    public boolean isPruneHeld() {
        return verdicts.stream().anyMatch(v -> v.decision() == GuardVerdict.Decision.HOLD_PRUNE);
    }

    /** @return the prunes a guard holds until confirmed (PR-03), in order; applying this plan confirms them */
    public List<Change> heldPrunes() {
        return changes.changes().stream().filter(Change::isHeldPrune).toList();
    }

    /** @return true when the cluster already matches (no create, update or prune) */
    public boolean isInSync() {
        return !changes.hasWrites();
    }

    /**
     * A short name for this plan's content, for a host that keeps plans to apply later (a review page, an HTTP
     * endpoint): the first 16 hex digits of a SHA-256 over the Application, the revision, the desired state, the
     * hooks, the UID and resourceVersion of every live object, the changes (with their waves and hook phases) and
     * the verdicts. Two plans with the same id show
     * the same thing; a plan computed again after anything of that changed has another id.
     *
     * @return 16 lower-case hex digits
     */
    public String id() {
        StringBuilder b = new StringBuilder();
        b.append(application).append('\n').append(revision.ref()).append('@').append(revision.id()).append('\n')
                .append(desired.contentHash()).append('\n');
        if (!hooks.isEmpty()) {
            b.append("hooks ").append(hooks.contentHash()).append('\n');
        }
        live.forEach((id, o) -> b.append(id).append(' ').append(o.uid()).append(' ').append(o.resourceVersion())
                .append('\n'));
        for (Change c : changes.changes()) {
            b.append(c.key()).append(' ').append(c.action()).append(' ').append(c.stage()).append(' ')
                    .append(c.reason()).append('\n');
            if (c.wave() != 0 || c.isHook()) {
                b.append("  wave ").append(c.wave()).append(c.hook().map(h -> " " + h.annotationValue()).orElse(""))
                        .append('\n');
            }
            c.diff().forEach(d -> b.append("  ").append(d.path()).append('\t').append(d.before()).append('\t')
                    .append(d.after()).append('\n'));
        }
        verdicts.forEach(v -> b.append(v.guard()).append(' ').append(v.decision()).append(' ').append(v.message())
                .append('\n'));
        return Manifest.sha256Hex(b.toString()).substring(0, 16);
    }
}
