package io.gitops4j.core.engine;

import io.gitops4j.api.ObjectReport;
import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.ReconcileFailure.EngineReason;
import io.gitops4j.api.ReconcileFailure.Phase;
import io.gitops4j.api.plan.Change;
import io.gitops4j.api.plan.HookPhase;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.DeleteOptions;
import io.gitops4j.api.target.DeleteRequest;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.Precondition;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.WriteFailure;
import io.gitops4j.core.plan.HookDeletePolicy;
import io.gitops4j.core.plan.SyncAnnotations;
import io.gitops4j.core.plan.Tracking;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs the hooks of one phase of a pass — PreSync before anything is applied, PostSync once every object is healthy —
 * in the plan's order, the hooks of one wave together. For each hook: its {@code BeforeHookCreation} policy deletes
 * the objects of its earlier runs (a named hook's is awaited until gone); a named hook without that policy whose
 * object exists is not created again (it is awaited as it is); otherwise the hook's object is created ({@code
 * createAll}: one with {@code generateName} gets a fresh name each run), labelled {@value #PHASE_LABEL} with the
 * phase — the inventory never takes such objects in, so they are never pruned — and awaited until it completes
 * ({@link HookJudge}, woken by the change feed, for at most the hook timeout). {@code HookSucceeded} and {@code
 * HookFailed} delete it afterwards. The first hook that fails, cannot be created, or does not complete in time ends
 * the phase: later hooks do not run, and the pass fails (phase HOOK) with the hook's reason; a hook still running at
 * its timeout is left running. Each report names the hook's object by the name the server gave it. Stateless.
 */
final class HookRunner {
    /** The label on every object created for a hook, naming the phase it ran in. */
    static final String PHASE_LABEL = "gitops4j.io/hook-phase";

    /** What happened to each hook of the phase, and why the phase failed, if it did. */
    record Ran(Map<Change, Written> written, Optional<ReconcileFailure> failure) {
        /** No hook ran, nothing failed. */
        static final Ran NONE = new Ran(Map.of(), Optional.empty());
    }

    private HookRunner() {}

    /** @return true when {@code object} was created for a hook of {@code application} */
    static boolean isHookObject(LiveObject object, String application) {
        Map<String, String> labels = object.manifest().labels();
        return labels.containsKey(PHASE_LABEL) && application.equals(labels.get(Tracking.APPLICATION_LABEL));
    }

    /** @return true when {@code plan} runs hooks in {@code phase} */
    static boolean has(HookPhase phase, Plan plan) {
        return !hooks(phase, plan).isEmpty();
    }

    /** Runs the hooks of {@code phase} in {@code plan}; every hook change of the phase gets a report. */
    static Ran run(HookPhase phase, Plan plan, PassContext pass) {
        TreeMap<Integer, List<Change>> waves = new TreeMap<>();
        for (Change c : hooks(phase, plan)) {
            waves.computeIfAbsent(c.wave(), w -> new ArrayList<>()).add(c);
        }
        Map<Change, Written> out = new LinkedHashMap<>();
        Optional<ReconcileFailure> failure = Optional.empty();
        for (List<Change> wave : waves.values()) {
            failure = runWave(phase, wave, plan, pass, out);
            if (failure.isPresent()) {
                break;
            }
        }
        String why = failure.map(f -> "not run: " + f.message()).orElse("");
        for (Change c : hooks(phase, plan)) {
            out.computeIfAbsent(c, k -> notRun(k, why));
        }
        return new Ran(out, failure);
    }

    /** @return a report per hook of {@code phase}, none of which runs, for {@code why} */
    static Map<Change, Written> notRun(HookPhase phase, Plan plan, String why) {
        Map<Change, Written> out = new LinkedHashMap<>();
        hooks(phase, plan).forEach(c -> out.put(c, notRun(c, why)));
        return out;
    }

    private static List<Change> hooks(HookPhase phase, Plan plan) {
        return plan.changes().changes().stream().filter(c -> c.hook().filter(phase::equals).isPresent()).toList();
    }

    private static Written notRun(Change c, String why) {
        return Written.of(ObjectReport.of(c, ObjectOutcome.SKIPPED, why), Optional.empty());
    }

    private static Optional<ReconcileFailure> runWave(HookPhase phase, List<Change> wave, Plan plan,
            PassContext pass, Map<Change, Written> out) {
        Map<Change, LiveObject> awaited = new LinkedHashMap<>();
        Map<Change, String> reused = new LinkedHashMap<>();
        List<Change> toCreate = new ArrayList<>();
        List<Manifest> objects = new ArrayList<>();
        for (Change c : wave) {
            Manifest hook = plan.hooks().get(c.key().id()).orElseThrow();
            if (SyncAnnotations.deletePolicies(hook).contains(HookDeletePolicy.BEFORE_HOOK_CREATION)) {
                Optional<ReconcileFailure> refused = deleteEarlierRuns(phase, c, hook, pass);
                if (refused.isPresent()) {
                    out.put(c, Written.of(ObjectReport.of(c, ObjectOutcome.SKIPPED, "not run: "
                            + refused.get().message()), Optional.empty()));
                    return refused;
                }
            } else if (!hook.isGenerated()) {
                Optional<LiveObject> there = pass.view().get(hook.key());
                if (there.isPresent()) {
                    awaited.put(c, there.get());
                    reused.put(c, "created by an earlier pass, not created again (no BeforeHookCreation policy); ");
                    continue;
                }
            }
            toCreate.add(c);
            objects.add(hook.withLabel(PHASE_LABEL, phase.annotationValue()));
        }
        Optional<ReconcileFailure> failure = create(phase, toCreate, objects, pass, awaited, out);
        if (failure.isPresent()) {
            awaited.forEach((c, o) -> out.put(c, report(c, o, reused, "not awaited: another hook of its wave could "
                    + "not be created")));
            return failure;
        }
        List<ResourceKey> keys = new ArrayList<>();
        awaited.values().forEach(o -> keys.add(o.key()));
        PassEvents.awaiting(keys, pass.hookTimeout());
        HealthWait.Verdict verdict;
        try {
            verdict = HealthWait.await(pass.view(), keys, HookJudge.of(pass.health()), pass.hookTimeout());
        } catch (TargetException e) {
            awaited.forEach((c, o) -> out.put(c, report(c, o, reused, "not awaited: " + e.getMessage())));
            return Optional.of(PassFailures.ofTarget(Phase.HOOK, e));
        }
        for (Map.Entry<Change, LiveObject> e : awaited.entrySet()) {
            Change c = e.getKey();
            LiveObject o = e.getValue();
            HealthWait.Judged judged = verdict.objects().get(o.key().id());
            Set<HookDeletePolicy> policies = SyncAnnotations.deletePolicies(plan.hooks().get(c.key().id())
                    .orElseThrow());
            String note = switch (judged.state()) {
                case DONE -> "succeeded" + (policies.contains(HookDeletePolicy.HOOK_SUCCEEDED)
                        ? delete(o, pass, "HookSucceeded") : "");
                case FAILED -> "failed: " + judged.health().message() + (policies.contains(HookDeletePolicy
                        .HOOK_FAILED) ? delete(o, pass, "HookFailed") : "");
                case PENDING -> verdict.ending() == HealthWait.Ending.FAILED
                        ? "not awaited further: another hook of its wave failed"
                        : "did not complete within " + pass.hookTimeout().toSeconds() + " s; left running";
            };
            out.put(c, report(c, o, reused, note));
        }
        return failed(phase, verdict, pass);
    }

    /** Creates the hooks' objects; each created one is added to {@code awaited}. */
    private static Optional<ReconcileFailure> create(HookPhase phase, List<Change> toCreate, List<Manifest> objects,
            PassContext pass, Map<Change, LiveObject> awaited, Map<Change, Written> out) {
        if (toCreate.isEmpty()) {
            return Optional.empty();
        }
        List<ObjectResult> results;
        try {
            results = pass.target().createAll(objects, pass.options(), pass.context());
        } catch (TargetException e) {
            results = toCreate.stream().map(c -> ObjectResult.failed(c.key(), WriteFailure.of(e))).toList();
        }
        Optional<ReconcileFailure> failure = Optional.empty();
        for (int i = 0; i < toCreate.size(); i++) {
            Change c = toCreate.get(i);
            ObjectResult r = results.get(i);
            if (r.isFailed()) {
                WriteFailure f = r.failure().orElseThrow();
                out.put(c, Written.of(ObjectReport.failed(c, f), Optional.empty()));
                PassEvents.written(c, ObjectOutcome.FAILED);
                failure = failure.or(() -> Optional.of(new ReconcileFailure(Phase.HOOK, f.reason(),
                        Optional.of(c.key()), "", phase.annotationValue() + " hook " + c.key().displayName()
                                + " could not be created: " + f.message())));
            } else {
                awaited.put(c, r.object().orElseThrow());
                PassEvents.written(GeneratedCreates.renamed(c, r.object().orElseThrow().key()), ObjectOutcome.CREATED);
            }
        }
        return failure;
    }

    /** The failure a wait's verdict means; empty when every hook succeeded. */
    private static Optional<ReconcileFailure> failed(HookPhase phase, HealthWait.Verdict verdict, PassContext pass) {
        if (verdict.ending() == HealthWait.Ending.DONE) {
            return Optional.empty();
        }
        ResourceKey culprit = verdict.culprit().orElseThrow();
        String hook = phase.annotationValue() + " hook " + culprit.displayName();
        String health = verdict.culpritJudged().orElseThrow().health().message();
        return Optional.of(switch (verdict.ending()) {
            case FAILED -> new ReconcileFailure(Phase.HOOK, EngineReason.HOOK_FAILED, Optional.of(culprit), "",
                    hook + " failed: " + health);
            case INTERRUPTED -> new ReconcileFailure(Phase.HOOK, EngineReason.TIMEOUT, Optional.of(culprit), "",
                    hook + ": the wait for it was interrupted (" + health + ")");
            default -> new ReconcileFailure(Phase.HOOK, EngineReason.TIMEOUT, Optional.of(culprit), "",
                    hook + " did not complete within " + pass.hookTimeout().toSeconds() + " s (" + health
                            + "); it was left running");
        });
    }

    /**
     * BeforeHookCreation: deletes the objects earlier runs of {@code hook} left (those of this Application labelled
     * as hook objects: the named one, or every one of its generateName) and, for a named hook, awaits their end.
     *
     * @return why the hook cannot run, when an object of its name is not a hook object of this Application, or the
     *     earlier one cannot be deleted or is not gone in time
     */
    private static Optional<ReconcileFailure> deleteEarlierRuns(HookPhase phase, Change c, Manifest hook,
            PassContext pass) {
        String app = pass.app().name();
        String name = phase.annotationValue() + " hook " + c.key().displayName();
        List<LiveObject> earlier = new ArrayList<>();
        try {
            if (hook.isGenerated()) {
                for (LiveObject o : pass.view().list(hook.groupKind(), hook.namespace(),
                        Map.of(Tracking.APPLICATION_LABEL, app))) {
                    if (isHookObject(o, app) && hook.generateName().equals(o.manifest().generateName())) {
                        earlier.add(o);
                    }
                }
            } else {
                Optional<LiveObject> there = pass.view().get(hook.key());
                if (there.isPresent() && !isHookObject(there.get(), app)) {
                    return Optional.of(new ReconcileFailure(Phase.HOOK, TargetException.Reason.STALE,
                            Optional.of(c.key()), "", name + ": an object of that name exists and is not a hook "
                                    + "object of application " + app + "; it was left alone"));
                }
                there.ifPresent(earlier::add);
            }
            List<DeleteRequest> deletes = new ArrayList<>();
            earlier.stream().filter(o -> !o.isTerminating())
                    .forEach(o -> deletes.add(new DeleteRequest(o.key(), Precondition.uid(o.uid()))));
            List<ObjectResult> results = deletes.isEmpty() ? List.of() : pass.retry().batch(deletes,
                    DeleteRequest::key, d -> pass.target().deleteAll(d, DeleteOptions.defaults(), pass.context()));
            for (ObjectResult r : results) {
                if (r.isFailed() && r.failure().orElseThrow().reason() != TargetException.Reason.STALE) {
                    WriteFailure f = r.failure().orElseThrow();
                    return Optional.of(new ReconcileFailure(Phase.HOOK, f.reason(), Optional.of(r.key()), "",
                            name + ": its earlier object could not be deleted (BeforeHookCreation): "
                                    + f.message()));
                }
            }
            if (hook.isGenerated() || earlier.isEmpty()) {
                return Optional.empty();   // a new object gets a new name: no need to wait for the old ones
            }
            HealthWait.Verdict gone = HealthWait.await(pass.view(), List.of(hook.key()), HookJudge.gone(),
                    pass.hookTimeout());
            return gone.ending() == HealthWait.Ending.DONE ? Optional.empty()
                    : Optional.of(new ReconcileFailure(Phase.HOOK, EngineReason.TIMEOUT, Optional.of(hook.key()), "",
                            name + ": its earlier object is still being deleted after "
                                    + pass.hookTimeout().toSeconds() + " s (BeforeHookCreation)"));
        } catch (TargetException e) {
            return Optional.of(PassFailures.ofTarget(Phase.HOOK, e));
        }
    }

    /** Deletes a hook's object by its policy; @return the note saying so */
    private static String delete(LiveObject o, PassContext pass, String policy) {
        try {
            ObjectResult r = pass.retry().batch(List.of(new DeleteRequest(o.key(), Precondition.uid(o.uid()))),
                    DeleteRequest::key, d -> pass.target().deleteAll(d, DeleteOptions.defaults(), pass.context()))
                    .get(0);
            return r.isFailed() ? "; not deleted (" + policy + "): " + r.failure().orElseThrow().message()
                    : "; deleted (" + policy + ")";
        } catch (TargetException e) {
            return "; not deleted (" + policy + "): " + e.getMessage();
        }
    }

    private static Written report(Change c, LiveObject o, Map<Change, String> reused, String note) {
        boolean wasThere = reused.containsKey(c);
        return Written.of(ObjectReport.of(GeneratedCreates.renamed(c, o.key()), wasThere ? ObjectOutcome.UNCHANGED
                : ObjectOutcome.CREATED, reused.getOrDefault(c, "") + note), Optional.of(o));
    }
}
