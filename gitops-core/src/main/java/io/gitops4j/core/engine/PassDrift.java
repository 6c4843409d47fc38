package io.gitops4j.core.engine;

import io.gitops4j.api.Drift;
import io.gitops4j.api.ObjectReport;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.Change;
import io.gitops4j.api.plan.ChangeSet;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.core.plan.Planned;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drift of one pass at the revision that last synced (DA-12): what drifted ({@link DriftFinder}); for a pass
 * nobody asked for that corrects, which objects are backed off because they were corrected too often ({@link
 * DriftCorrections}), turned into planned SKIPs so they are not written; and afterwards the {@link Drift} values of
 * the result, counting the corrections made. Not thread-safe; one per pass.
 */
final class PassDrift {
    private static final Logger LOG = LoggerFactory.getLogger(PassDrift.class);

    private final Map<ObjectId, DriftFinder.Found> found;
    private final Map<ObjectId, Long> backedOff;
    private final boolean counted;
    private final DriftCorrections corrections;
    private final long now;
    private final Instant wallNow;

    private PassDrift(Map<ObjectId, DriftFinder.Found> found, Map<ObjectId, Long> backedOff, boolean counted,
            DriftCorrections corrections, long now, Instant wallNow) {
        this.found = found;
        this.backedOff = backedOff;
        this.counted = counted;
        this.corrections = corrections;
        this.now = now;
        this.wallNow = wallNow;
    }

    /** @return no drift: a pass of a new revision, or drift ignored */
    static PassDrift none() {
        return new PassDrift(Map.of(), Map.of(), false, new DriftCorrections(), 0, Instant.EPOCH);
    }

    /**
     * @param unattendedCorrection true when the pass corrects drift on its own (not asked for through
     *     reconcileNow): its corrections are counted and backed off
     */
    static PassDrift of(Plan plan, String manager, boolean unattendedCorrection, DriftCorrections corrections,
            DriftOptions options, Instant wallNow) {
        long now = System.nanoTime();
        Map<ObjectId, DriftFinder.Found> found = DriftFinder.find(plan, manager);
        Map<ObjectId, Long> backedOff = unattendedCorrection
                ? corrections.backedOff(found.keySet(), now, options) : Map.of();
        backedOff.keySet().forEach(id -> LOG.warn("{}: not correcting {} until {}: corrected {} times within {} "
                + "and changed back each time (by {})", plan.application(), found.get(id).change().key()
                .displayName(), until(wallNow, now, backedOff.get(id)), options.maxCorrections(), options.window(),
                competing(found.get(id))));
        return new PassDrift(found, backedOff, unattendedCorrection, corrections, now, wallNow);
    }

    /** @return {@code planned} with every backed-off object's change replaced by a SKIP saying why */
    Planned hold(Planned planned) {
        if (backedOff.isEmpty()) {
            return planned;
        }
        Plan plan = planned.plan();
        List<Change> changes = new ArrayList<>();
        for (Change c : plan.changes().changes()) {
            Long end = backedOff.get(c.key().id());
            changes.add(end == null ? c : new Change(c.key(), Action.SKIP, "drift correction backed off until "
                    + until(wallNow, now, end) + ": changed back each time by " + competing(found.get(c.key().id())),
                    c.diff(), c.stage()));
        }
        Plan held = new Plan(plan.application(), plan.revision(), plan.desired(), plan.live(), new ChangeSet(changes),
                plan.verdicts());
        return new Planned(held, planned.inventory(), planned.unrecorded(), planned.unserved(), planned.disowned());
    }

    /**
     * @param reports what happened to each object (plan order)
     * @param written whether the pass wrote
     * @return the drift values of the result; corrections made are counted for the backoff
     */
    List<Drift> report(List<ObjectReport> reports, boolean written) {
        List<Drift> out = new ArrayList<>();
        for (ObjectReport r : reports) {
            DriftFinder.Found f = found.get(r.key().id());
            if (f == null) {
                continue;
            }
            Long end = backedOff.get(r.key().id());
            Drift.Handling handling;
            if (end != null) {
                handling = Drift.Handling.BACKED_OFF;
            } else if (!written) {
                handling = Drift.Handling.REPORTED;
            } else if (r.isWrite() || r.outcome() == ObjectOutcome.UNCHANGED) {
                handling = Drift.Handling.CORRECTED;
                if (counted && r.isWrite()) {
                    corrections.corrected(r.key().id(), now);
                }
            } else {
                handling = Drift.Handling.NOT_CORRECTED;
            }
            out.add(new Drift(r.key(), handling, f.deleted(), f.fields(), f.lastEdit(),
                    Optional.ofNullable(end).map(e -> until(wallNow, now, e))));
        }
        return out;
    }

    private static Instant until(Instant wallNow, long now, long end) {
        return wallNow.plus(Duration.ofNanos(end - now));
    }

    private static String competing(DriftFinder.Found f) {
        List<String> names = new Drift(f.change().key(), Drift.Handling.REPORTED, f.deleted(), f.fields(),
                f.lastEdit(), Optional.empty()).competingManagers();
        return names.isEmpty() ? "an unknown manager" : String.join(", ", names.stream().map(n -> "\"" + n + "\"")
                .toList());
    }
}
