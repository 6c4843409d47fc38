package io.gitops4j.core.engine;

import io.gitops4j.api.Application;
import io.gitops4j.api.Drift;
import io.gitops4j.api.DriftMode;
import io.gitops4j.api.DryRun;
import io.gitops4j.api.GitOpsException;
import io.gitops4j.api.ObjectReport;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.ReconcileFailure.Phase;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Timings;
import io.gitops4j.api.Trigger;
import io.gitops4j.api.health.HealthObservation;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.ChangeSet;
import io.gitops4j.api.plan.GuardVerdict;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.PinStore;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.core.coordination.Fence;
import io.gitops4j.core.plan.Planned;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One pass over one Application: the stored pin, read before the first pass ({@link PinPhase}) → resolve (or the
 * pinned revision) → plan ({@link PlanPhase}) → guards and the write decision → write ({@link PlanExecutor}, after a
 * dry run when the Application asks: {@link PlanDryRun}) → health ({@link PassHealth}) → result. A source or render
 * failure, or rendered objects outside the Application's policy (RD-16), end the pass with FAILED before anything
 * is written (PR-02, GS-09); a blocking guard ends it with BLOCKED. Never throws for expected failures: they are the result's
 * typed {@link ReconcileFailure}, and what happened to each object is its {@link ObjectReport}. A pass that can
 * prove it would change nothing ({@link NoOpProof}) reuses the last plan instead of snapshot, render and plan: its
 * phases are {@code resolve}, {@code plan-reused} and {@code health}. Stateless; the caller serializes passes per
 * Application.
 */
final class ReconcileRun {
    private final String destination;
    private final EngineParts parts;
    private final PlanPhase planning;
    private final DriftOptions driftOptions;
    private final ChangeFeeds feeds;

    /**
     * @param destination the name of the target {@code parts} holds, which results carry
     * @param parts what passes run with
     * @param driftOptions when drift corrections back off
     * @param feeds the change feeds of the Applications bound to this target (read only, for {@link NoOpProof})
     */
    ReconcileRun(String destination, EngineParts parts, DriftOptions driftOptions, ChangeFeeds feeds) {
        this.destination = destination;
        this.parts = parts;
        this.planning = new PlanPhase(parts);
        this.driftOptions = driftOptions;
        this.feeds = feeds;
    }

    /**
     * @param trigger why the pass runs: one that {@linkplain Trigger#overridesPolicy() overrides the policy} writes
     *     whatever the policy says, the others write as the policy allows
     * @param askedAt when the pass was asked for ({@link System#nanoTime()}): the ref is resolved as a ref check that
     *     began then or later saw it, so passes asked for together share one check per repository
     * @param lastSynced the last revision that reconciled SYNCED (decides whether changes are drift)
     * @param confirmedPrunes whether held prunes were confirmed
     * @param fence what each write step checks first: the pass stops writing once it fails (EN-03)
     * @param state the Application's drift state: corrections are counted and backed off there by passes nobody
     *     asked for, and the objects a pass planned and saw are recorded there for its change feed
     * @param pin the Application's pin: a pinned pass reconciles the pinned revision instead of the ref's commit; a
     *     pass whose stored pin cannot be read fails in phase PIN before resolving anything
     * @param control the pass's safe points and phase timeouts: a pass stopped before its writes writes nothing, one
     *     stopped after them records what it wrote
     */
    ReconcileResult run(Application app, Trigger trigger, long askedAt, Optional<Revision> lastSynced,
            boolean confirmedPrunes, Fence fence, DriftState state, PinHold pin, PassControl control) {
        Instant started = parts.clock().instant();
        Map<String, Duration> phases = new LinkedHashMap<>();
        Optional<ChangeFeeds.Mark> feedAtStart = feeds.mark(app.name());   // before anything is read
        Optional<Map<GroupKind, Long>> stampsAtStart = feedAtStart.flatMap(
                m -> NoOpProof.stamps(parts.target().view(), m.kinds()));
        PinStore pins = parts.target().pins();
        Optional<ReconcileFailure> unpinnable = PinPhase.load(pin, pins, phases, control);
        if (unpinnable.isPresent()) {   // the Application stays held: nothing resolved, nothing written
            return failed(app, trigger, Optional.empty(), unpinnable.get(), started, phases);
        }
        boolean pinned = pin.current().isPresent();
        Revision head;
        try {
            control.check(Phase.SOURCE);
            head = Phases.timed(phases, "resolve", () -> control.within(Phase.SOURCE,
                    () -> parts.sourceFor(app.source()).resolve(app.source(), askedAt)));
        } catch (GitOpsException e) {
            return failed(app, trigger, Optional.empty(), PassFailures.ofResolve(e), started, phases);
        }
        Revision revision;
        try {
            revision = pin.revisionFor(pins, head);
        } catch (TargetException e) {   // a pin released by a newer commit that could not be removed: still held
            return failed(app, trigger, Optional.empty(), PassFailures.ofTarget(Phase.PIN, e), started, phases);
        }
        PassEvents.revision(revision);
        Optional<ReconcileResult> reused = confirmedPrunes || pinned ? Optional.empty()
                : reused(app, trigger, revision, lastSynced, state.noOp(), started, phases);
        if (reused.isPresent()) {
            return reused.get();
        }
        state.noOp().clear();
        PlanPhase.Output out;
        try {
            out = planning.plan(app, revision, confirmedPrunes, phases, fence, control);
        } catch (GitOpsException e) {
            return failed(app, trigger, Optional.of(revision), PassFailures.ofSourceOrRender(e), started, phases);
        }
        ReconcileResult result = afterPlanning(app, trigger, out, lastSynced, started, phases, state);
        if (!confirmedPrunes && !pinned) {
            state.noOp().keep(app, feedAtStart, stampsAtStart, out.loaded().version(), !out.loaded().rebuilt()
                    && !PlanExecutor.tidies(out.planned(), out.loaded()), out.planned().plan(), result);
        }
        return result;
    }

    /**
     * The result of a pass that reuses the last plan, when {@link NoOpProof} allows, the inventory is still at the
     * version that pass read and every object at the resourceVersion it read (reads the Kubernetes target answers
     * from its caches); its health is the verdict that pass judged from those same objects, observed now.
     *
     * @return empty when the pass must run in full
     */
    private Optional<ReconcileResult> reused(Application app, Trigger trigger, Revision revision,
            Optional<Revision> lastSynced, NoOpProof proof, Instant started, Map<String, Duration> phases) {
        Optional<NoOpProof.Last> last = proof.reusable(app, trigger, revision, lastSynced,
                feeds.mark(app.name()));
        if (last.isEmpty()) {
            return Optional.empty();
        }
        Plan plan = last.get().plan();
        boolean same = Phases.timed(phases, "plan-reused", () -> {
            try {
                boolean inventorySame = parts.target().inventories().read(app.name()).map(s -> s.version())
                        .orElse("").equals(last.get().inventoryVersion());
                return inventorySame && NoOpProof.stillAsPlanned(last.get(), parts.target().view());
            } catch (RuntimeException e) {   // unreadable, unavailable: the full pass will say what is wrong
                return false;
            }
        });
        if (!same || !proof.reusable(app, trigger, revision, lastSynced, feeds.mark(app.name())).equals(last)) {
            phases.remove("plan-reused");
            return Optional.empty();
        }
        HealthObservation health = Phases.timed(phases, "health", () -> HealthObservation.snapshot(
                last.get().health(), parts.clock().instant()));
        return Optional.of(new ReconcileResult(app.name(), destination, Optional.of(revision), trigger,
                Outcome.SYNCED, plan.changes(), last.get().reports(), plan.verdicts(), health,
                new Timings(started, phases), Optional.empty(), List.of()));
    }

    /**
     * The second half of a pass, from its plan: a blocking guard, the write decision, the writes, health, the result.
     *
     * @param out the plan and what writing it needs
     * @param started when the pass started
     * @param phases the pass's phase timings so far, added to
     * @param state the Application's drift state, as for {@link #run}
     */
    ReconcileResult afterPlanning(Application app, Trigger trigger, PlanPhase.Output out,
            Optional<Revision> lastSynced, Instant started, Map<String, Duration> phases, DriftState state) {
        Plan plan = out.planned().plan();
        Revision revision = plan.revision();
        Result result = new Result(app, destination, trigger, revision, plan, started, phases, List.of());
        if (plan.isBlocked()) {
            String why = plan.verdicts().stream().filter(v -> v.decision() == GuardVerdict.Decision.BLOCK)
                    .map(GuardVerdict::message).findFirst().orElse("blocked");
            return result.of(Outcome.BLOCKED, Reports.notWritten(plan, "not written: blocked by a guard"),
                    notAssessed("not assessed: blocked"), Optional.of(PassFailures.blocked(why)));
        }
        boolean drift = lastSynced.map(revision::equals).orElse(false);
        DriftMode mode = app.syncPolicy().drift();
        if (!trigger.overridesPolicy() && drift && mode == DriftMode.IGNORE) {
            return new ReconcileResult(app.name(), destination, Optional.of(revision), trigger, Outcome.SYNCED,
                    ChangeSet.empty(), List.of(), plan.verdicts(), health(plan, Map.of(), phases),
                    new Timings(started, phases), Optional.empty(), List.of());
        }
        boolean automatedWrite = app.syncPolicy().isAutomated()
                && (!drift || mode == DriftMode.CORRECT);
        boolean write = trigger.overridesPolicy() || automatedWrite;
        PassDrift drifted = drift ? PassDrift.of(plan, parts.applyOptions().fieldManager(),
                write && !trigger.overridesPolicy(), state.corrections(), driftOptions, started) : PassDrift.none();
        Planned planned = drifted.hold(out.planned());
        plan = planned.plan();
        if (!write || !plan.changes().hasWrites() && !out.loaded().rebuilt()
                && !PlanExecutor.tidies(planned, out.loaded())) {
            String why = !app.syncPolicy().isAutomated() ? "not written: manual sync policy"
                    : "not written: drift is reported, not corrected (drift mode " + mode + ")";
            List<ObjectReport> reports = Reports.notWritten(plan, why);
            Outcome outcome = plan.changes().hasWrites() ? Outcome.OUT_OF_SYNC : inSyncOrNot(reports, plan);
            seen(state, plan, Map.of());
            return result.with(plan, drifted.report(reports, false))
                    .of(outcome, reports, health(plan, Map.of(), phases), Optional.empty());
        }
        Optional<ReconcileFailure> stop = out.pass().control().checkpoint(Phase.INVENTORY);   // last safe point before writing
        if (stop.isPresent()) {
            List<ObjectReport> reports = Reports.notWritten(plan, "not written: " + stop.get().message());
            return result.with(plan, drifted.report(reports, false))
                    .of(Outcome.FAILED, reports, notAssessed("not assessed: not written"), stop);
        }
        PlanExecutor.Executed done = PlanExecutor.execute(planned, out.loaded(), out.inventory(), out.pass(),
                phases);
        Outcome outcome = done.failure().isPresent() ? Outcome.FAILED : inSyncOrNot(done.reports(), plan);
        seen(state, plan, done.objects());
        return result.with(plan, drifted.report(done.reports(), true))
                .of(outcome, done.reports(), health(plan, done.objects(), phases), done.failure(), done.dryRun());
    }

    /** @return the name of the destination this runner reconciles into */
    String destination() {
        return destination;
    }

    /** Computes the plan of a revision without writing, each phase within its timeout. */
    Plan plan(Application app, Revision revision, boolean confirmedPrunes, Map<String, Duration> phases,
            PassControl control) {
        return planning.plan(app, revision, confirmedPrunes, phases, Fence.open(), control).planned().plan();
    }

    /** Records the objects the pass planned and their last state (read by the plan, or returned by a write). */
    private static void seen(DriftState state, Plan plan, Map<ObjectId, LiveObject> written) {
        Map<ObjectId, LiveObject> last = new HashMap<>(plan.live());
        last.putAll(written);
        state.owned().passed(plan.changes().changes().stream().map(c -> c.key().id()).collect(Collectors.toSet()),
                last.values());
    }

    /**
     * Computes the plan of a revision and what writing it needs, without writing.
     *
     * @throws GitOpsException when the source, the render or the reads fail
     */
    PlanPhase.Output planned(Application app, Revision revision, boolean confirmedPrunes,
            Map<String, Duration> phases, Fence fence, PassControl control) {
        return planning.plan(app, revision, confirmedPrunes, phases, fence, control);
    }

    /** The health right after the writes, judged once from the objects the pass holds: a snapshot. */
    private HealthObservation health(Plan plan, Map<ObjectId, LiveObject> after, Map<String, Duration> phases) {
        return Phases.timed(phases, "health", () -> HealthObservation.snapshot(PassHealth.of(plan, after,
                parts.health()), parts.clock().instant()));
    }

    private HealthObservation notAssessed(String why) {
        return HealthObservation.notAssessed(why, parts.clock().instant());
    }

    /** OUT_OF_SYNC when an object was left alone on purpose (planned SKIP) or prunes are held, else SYNCED. */
    private static Outcome inSyncOrNot(List<ObjectReport> reports, Plan plan) {
        boolean skipped = reports.stream().anyMatch(r -> r.planned().action() == Action.SKIP);
        return skipped || plan.isPruneHeld() ? Outcome.OUT_OF_SYNC : Outcome.SYNCED;
    }

    /** @return the result of a pass that failed before its plan was written (nothing written) */
    ReconcileResult failed(Application app, Trigger trigger, Optional<Revision> revision,
            ReconcileFailure failure, Instant started, Map<String, Duration> phases) {
        return new ReconcileResult(app.name(), destination, revision, trigger, Outcome.FAILED, ChangeSet.empty(),
                List.of(), List.of(), notAssessed("not assessed: reconcile failed"), new Timings(started, phases),
                Optional.of(failure), List.of());
    }

    /** The parts of a result fixed once the plan (with the drift it found) exists. */
    private record Result(Application app, String destination, Trigger trigger, Revision revision, Plan plan,
            Instant started, Map<String, Duration> phases, List<Drift> drift) {
        Result with(Plan held, List<Drift> found) {
            return new Result(app, destination, trigger, revision, held, started, phases, found);
        }

        ReconcileResult of(Outcome outcome, List<ObjectReport> reports, HealthObservation health,
                Optional<ReconcileFailure> failure) {
            return of(outcome, reports, health, failure, DryRun.NONE);
        }

        ReconcileResult of(Outcome outcome, List<ObjectReport> reports, HealthObservation health,
                Optional<ReconcileFailure> failure, DryRun dryRun) {
            return new ReconcileResult(app.name(), destination, Optional.of(revision), trigger, outcome,
                    plan.changes(), reports, plan.verdicts(), health, new Timings(started, phases), failure, drift,
                    dryRun);
        }
    }
}
