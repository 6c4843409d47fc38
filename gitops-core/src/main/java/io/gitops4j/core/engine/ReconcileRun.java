package io.gitops4j.core.engine;

import io.gitops4j.api.Application;
import io.gitops4j.api.DriftMode;
import io.gitops4j.api.GitOpsException;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Timings;
import io.gitops4j.api.health.Health;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.ChangeSet;
import io.gitops4j.api.plan.GuardVerdict;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.resource.ManifestSet;
import io.gitops4j.api.source.Ref;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SnapshotPaths;
import io.gitops4j.api.source.Source;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.Inventory;
import io.gitops4j.core.plan.DesiredState;
import io.gitops4j.core.plan.Planner;
import io.gitops4j.core.render.RenderPolicyCheck;
import io.gitops4j.core.render.RendererDetection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One pass over one Application: resolve → snapshot → render → plan → (apply → prune) → health → result. A
 * source or render failure, or rendered objects outside the Application's policy (RD-16), end the pass with FAILED
 * before anything is written (PR-02, GS-09); a blocking guard ends it with BLOCKED. Never throws for expected failures: they are results. Stateless; the caller
 * serializes passes per Application.
 */
final class ReconcileRun {
    /** Why a pass runs: a schedule tick writes only per policy; a manual request always writes. */
    enum Trigger { SCHEDULED, MANUAL }

    private final EngineParts parts;

    ReconcileRun(EngineParts parts) {
        this.parts = parts;
    }

    /**
     * @param lastSynced the last revision that reconciled SYNCED (decides whether changes are drift)
     * @param confirmedPrunes whether held prunes were confirmed
     */
    ReconcileResult run(Application app, Trigger trigger, Optional<Revision> lastSynced, boolean confirmedPrunes) {
        Instant started = parts.clock().instant();
        Map<String, Duration> phases = new LinkedHashMap<>();
        Revision revision;
        try {
            revision = timed(phases, "resolve", () -> parts.sourceFor(app.source()).resolve(app.source()));
        } catch (GitOpsException e) {
            return failed(app, Optional.empty(), "source: " + e.getMessage(), started, phases);
        }
        Planned planned;
        try {
            planned = planned(app, revision, confirmedPrunes, phases);
        } catch (GitOpsException e) {
            return failed(app, Optional.of(revision), e.getMessage(), started, phases);
        }
        Plan plan = planned.plan();
        if (plan.isBlocked()) {
            String why = plan.verdicts().stream().filter(v -> v.decision() == GuardVerdict.Decision.BLOCK)
                    .map(GuardVerdict::message).findFirst().orElse("blocked");
            return new ReconcileResult(app.name(), Optional.of(revision), Outcome.BLOCKED, plan.changes(),
                    plan.verdicts(), Health.unknown("not assessed: blocked"), new Timings(started, phases),
                    Optional.of(why));
        }
        boolean drift = lastSynced.map(revision::equals).orElse(false);
        DriftMode mode = app.syncPolicy().drift();
        if (trigger == Trigger.SCHEDULED && drift && mode == DriftMode.IGNORE) {
            return new ReconcileResult(app.name(), Optional.of(revision), Outcome.SYNCED, ChangeSet.empty(),
                    plan.verdicts(), health(plan, phases), new Timings(started, phases), Optional.empty());
        }
        boolean write = trigger == Trigger.MANUAL || (app.syncPolicy().isAutomated()
                && (!drift || (mode == DriftMode.CORRECT && app.syncPolicy().selfHeal())));
        if (!write || !plan.changes().hasWrites()) {
            Outcome outcome = plan.changes().hasWrites() ? Outcome.OUT_OF_SYNC : outcomeOf(plan.changes(), 0, plan);
            return new ReconcileResult(app.name(), Optional.of(revision), outcome, plan.changes(), plan.verdicts(),
                    health(plan, phases), new Timings(started, phases), Optional.empty());
        }
        PlanExecutor.Executed done;
        try {
            done = timed(phases, "apply", () -> PlanExecutor.execute(plan, planned.inventory(), parts.target(),
                    parts.applyOptions()));
        } catch (GitOpsException e) {
            return failed(app, Optional.of(revision), "apply: " + e.getMessage(), started, phases);
        }
        ChangeSet executed = new ChangeSet(done.changes());
        Outcome outcome = outcomeOf(executed, done.failures(), plan);
        Optional<String> error = done.failures() == 0 ? Optional.empty()
                : Optional.of(done.failures() + " object(s) failed: " + firstFailure(executed));
        return new ReconcileResult(app.name(), Optional.of(revision), outcome, executed, plan.verdicts(),
                health(plan, phases), new Timings(started, phases), error);
    }

    /** A plan and the inventory it was computed against (read once per pass). */
    private record Planned(Plan plan, Inventory inventory) {}

    /** Computes the plan of a revision without writing. */
    Plan plan(Application app, Revision revision, boolean confirmedPrunes, Map<String, Duration> phases) {
        return planned(app, revision, confirmedPrunes, phases).plan();
    }

    private Planned planned(Application app, Revision revision, boolean confirmedPrunes,
            Map<String, Duration> phases) {
        SourceSpec spec = app.source();
        Source source = parts.sourceFor(spec);
        Revision resolved = revision.isResolved() ? revision
                : timed(phases, "resolve", () -> source.resolve(spec.withRef(Ref.parse(revision.ref()))));
        ManifestSet desired;
        try (Snapshot snapshot = timed(phases, "snapshot", () -> source.open(spec, resolved))) {
            RenderSpec asked = app.render().withPath(SnapshotPaths.resolve(spec.path(), app.render().path()));
            ManifestSet rendered = timed(phases, "render", () -> {
                RenderSpec render = RendererDetection.resolve(snapshot, asked, app.name());   // auto: per pass
                return parts.renderer(render.renderer()).render(snapshot, render);
            });
            RenderPolicyCheck.check(rendered, app.policy(), app.targetNamespace());
            desired = DesiredState.of(app, rendered);
        }
        Inventory inventory = parts.target().readInventory(app.name()).orElse(Inventory.empty(app.name()));
        Plan plan = timed(phases, "plan", () -> Planner.plan(app, resolved, desired, inventory, parts.target(),
                confirmedPrunes));
        return new Planned(plan, inventory);
    }

    private Health health(Plan plan, Map<String, Duration> phases) {
        return timed(phases, "health", () -> {
            List<Health> verdicts = new ArrayList<>();
            plan.desired().keys().forEach(k -> verdicts.add(parts.target().health(k)));
            return Health.worst(verdicts);
        });
    }

    private static Outcome outcomeOf(ChangeSet changes, int failures, Plan plan) {
        if (failures > 0) {
            return Outcome.FAILED;
        }
        boolean skipped = changes.changes().stream().anyMatch(c -> c.action() == Action.SKIP);
        return skipped || plan.isPruneHeld() ? Outcome.OUT_OF_SYNC : Outcome.SYNCED;
    }

    /** The first failed change's message, led by its object's display name (once: target messages start with it). */
    private static String firstFailure(ChangeSet executed) {
        return executed.changes().stream().filter(c -> c.reason().startsWith("failed: "))
                .map(c -> {
                    String message = c.reason().substring("failed: ".length());
                    String name = c.key().displayName();
                    return message.startsWith(name) ? message : name + ": " + message;
                })
                .findFirst().orElse("");
    }

    private ReconcileResult failed(Application app, Optional<Revision> revision, String error, Instant started,
            Map<String, Duration> phases) {
        return new ReconcileResult(app.name(), revision, Outcome.FAILED, ChangeSet.empty(), List.of(),
                Health.unknown("not assessed: reconcile failed"), new Timings(started, phases), Optional.of(error));
    }

    private static <T> T timed(Map<String, Duration> phases, String phase, Supplier<T> work) {
        long t0 = System.nanoTime();
        try {
            return work.get();
        } finally {
            phases.merge(phase, Duration.ofNanos(System.nanoTime() - t0), Duration::plus);
        }
    }
}
