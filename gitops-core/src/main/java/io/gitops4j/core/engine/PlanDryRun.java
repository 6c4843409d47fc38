package io.gitops4j.core.engine;

import io.gitops4j.api.DryRun;
import io.gitops4j.api.ObjectReport;
import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.ReconcileFailure.Phase;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.Change;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.ApplyRequest;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.WriteFailure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The server's dry run of the objects a pass creates or updates, before it writes them ({@code
 * SyncPolicy.dryRunFirst}, DA-06). {@link #beforeWrites} sends every such object with the target's dry run — an
 * apply as the pass will send it (same request, same precondition), an object the server names as a create — before
 * the pass's first write (its PreSync hooks and its inventory intent included); when the server refuses any, the pass
 * fails in phase {@link Phase#DRY_RUN} naming each refused object with the server's reason, and writes nothing.
 *
 * <p>Some objects cannot be judged before an earlier stage of the same pass is written: a custom resource whose
 * CustomResourceDefinition the pass creates or updates (the kind, or its new version, is not served yet) and an object
 * in a Namespace the pass creates. These are left out of that first dry run and dry-run by {@link #beforeStage} just
 * before their stage is applied; a refusal there stops the pass before that stage, so the earlier stages stay written
 * (and recorded) and nothing of that stage or later ones is.
 *
 * <p>Not dry-run: hooks (each is created fresh when it runs, and one with a fixed name would collide with its
 * previous run's object, which its delete policy removes only just before), prunes, objects left unchanged. An
 * update refused as IMMUTABLE passes when its manifest allows re-creation (DA-05), since the pass will delete and
 * re-create it. Off ({@link #off()}) when the Application does not ask for it: then it sends nothing.
 *
 * <p>One per pass; thread-confined (the pass's thread). The target redacts Secret values from its failures; this
 * class only repeats them.
 */
final class PlanDryRun {
    /** How many refused objects the pass's failure message names; the object reports name every one. */
    private static final int NAMED = 20;
    private static final String CRD = "CustomResourceDefinition";

    /** What a dry run found: the reports of the refused objects, and the failure that stops the pass, if any. */
    record Checked(Map<Change, Written> rejected, Optional<ReconcileFailure> failure) {
        static final Checked PASSED = new Checked(Map.of(), Optional.empty());
    }

    private final List<Change> first;
    private final Set<ObjectId> deferred;
    private DryRun counts = DryRun.NONE;

    private PlanDryRun(List<Change> first, Set<ObjectId> deferred) {
        this.first = first;
        this.deferred = deferred;
    }

    /** @return a dry run of {@code plan} when its Application asks for one ({@code dryRunFirst}), else {@link #off()} */
    static PlanDryRun of(Plan plan, PassContext pass) {
        if (!pass.app().syncPolicy().dryRunFirst()) {
            return off();
        }
        Set<ObjectId> deferred = deferred(plan);
        return new PlanDryRun(plan.changes().changes().stream()
                .filter(c -> isChecked(c, plan) && !deferred.contains(c.key().id())).toList(), deferred);
    }

    /** @return a dry run that checks nothing and sends nothing */
    static PlanDryRun off() {
        return new PlanDryRun(List.of(), Set.of());
    }

    /** @return true when {@link #beforeWrites} has objects to dry-run */
    boolean checksBeforeWrites() {
        return !first.isEmpty();
    }

    /** @return what was dry-run so far, and how much of it the server refused */
    DryRun counts() {
        return counts;
    }

    /**
     * Dry-runs every object {@code plan} creates or updates except those deferred to their stage. Blocks on the
     * target's calls, within the pass's retry budget.
     *
     * @return the refused objects' reports and the pass's failure; {@link Checked#PASSED} when none was refused
     */
    Checked beforeWrites(Plan plan, PassContext pass) {
        return check(first, plan, pass, false);
    }

    /**
     * Just before {@code stage} is applied: dry-runs its objects that could not be dry-run before the first write.
     *
     * @return as {@link #beforeWrites}
     */
    Checked beforeStage(List<Change> stage, Plan plan, PassContext pass) {
        if (deferred.isEmpty()) {
            return Checked.PASSED;
        }
        return check(stage.stream().filter(c -> deferred.contains(c.key().id())).toList(), plan, pass, true);
    }

    private Checked check(List<Change> changes, Plan plan, PassContext pass, boolean beforeStage) {
        if (changes.isEmpty()) {
            return Checked.PASSED;
        }
        ApplyOptions options = pass.options().withDryRun(true);
        List<Change> applied = new ArrayList<>();
        List<Change> created = new ArrayList<>();
        changes.forEach(c -> (GeneratedCreates.isCreate(c, plan) ? created : applied).add(c));
        Map<Change, ObjectResult> results = new LinkedHashMap<>();
        try {
            if (!applied.isEmpty()) {
                List<ApplyRequest> requests = applied.stream().map(c -> ApplyStages.request(c, plan, pass.exact()))
                        .toList();
                List<ObjectResult> answers = pass.control().within(Phase.DRY_RUN, () -> pass.retry().batch(requests,
                        ApplyRequest::key, r -> pass.target().applyAll(r, options, pass.context())));
                for (int i = 0; i < applied.size(); i++) {
                    results.put(applied.get(i), answers.get(i));
                }
            }
            if (!created.isEmpty()) {
                List<Manifest> templates = created.stream()
                        .map(c -> GeneratedCreates.template(plan.desired().get(c.key().id()).orElseThrow())).toList();
                List<ObjectResult> answers = pass.control().within(Phase.DRY_RUN,
                        () -> pass.target().createAll(templates, options, pass.context()));
                for (int i = 0; i < created.size(); i++) {
                    results.put(created.get(i), answers.get(i));
                }
            }
        } catch (PassFailedException e) {   // a call ran past the apply timeout: nothing was written
            return new Checked(Map.of(), Optional.of(e.failure()));
        } catch (TargetException e) {
            return new Checked(Map.of(), Optional.of(new ReconcileFailure(Phase.DRY_RUN, e.reason(), e.key(), "",
                    "the dry run could not be sent, so nothing " + (beforeStage ? "from this stage on " : "")
                            + "was written: " + e.getMessage())));
        }
        Map<Change, Written> rejected = new LinkedHashMap<>();
        for (Change c : changes) {
            refusal(c, results.get(c), plan).ifPresent(f -> rejected.put(c, Written.of(new ObjectReport(c,
                    ObjectOutcome.FAILED, Optional.of(f), "refused by the dry run"),
                    Optional.ofNullable(plan.live().get(c.key().id())))));
        }
        int n = changes.size();
        counts = counts.plus(new DryRun(beforeStage ? 0 : n, beforeStage ? n : 0, rejected.size()));
        List<ResourceKey> keys = rejected.keySet().stream().map(Change::key).toList();
        PassEvents.dryRun(n, keys, beforeStage);
        return rejected.isEmpty() ? Checked.PASSED
                : new Checked(rejected, Optional.of(failure(rejected, n, beforeStage)));
    }

    /** @return why the server refused {@code c}'s dry run; empty when it passed or the pass will re-create it */
    private static Optional<WriteFailure> refusal(Change c, ObjectResult result, Plan plan) {
        if (!result.isFailed()) {
            return Optional.empty();
        }
        WriteFailure f = result.failure().orElseThrow();
        LiveObject live = plan.live().get(c.key().id());
        if (f.reason() == TargetException.Reason.IMMUTABLE && live != null) {
            Manifest desired = plan.desired().get(c.key().id()).orElseThrow();
            Optional<String> notRecreated = Recreation.refusal(c.key(), desired);
            if (notRecreated.isEmpty()) {
                return Optional.empty();   // the pass deletes and re-creates it (DA-05)
            }
            return Optional.of(new WriteFailure(f.reason(), f.message() + " (" + notRecreated.get() + ")",
                    f.details()));
        }
        return Optional.of(f);
    }

    private static ReconcileFailure failure(Map<Change, Written> rejected, int checked, boolean beforeStage) {
        StringBuilder message = new StringBuilder("the dry run refused ").append(rejected.size()).append(" of ")
                .append(checked).append(" object(s)")
                .append(beforeStage ? " of the next stage; nothing from that stage on was written: "
                        : "; nothing was written: ");
        int named = 0;
        for (Written w : rejected.values()) {
            if (named == NAMED) {
                message.append("; and ").append(rejected.size() - NAMED).append(" more (see the object reports)");
                break;
            }
            String name = w.report().key().displayName();
            String why = w.report().failure().orElseThrow().message();
            message.append(named++ == 0 ? "" : "; ").append(why.startsWith(name) ? why : name + ": " + why);
        }
        Written first = rejected.values().iterator().next();
        return new ReconcileFailure(Phase.DRY_RUN, first.report().failure().orElseThrow().reason(),
                Optional.of(first.report().key()), "", message.toString());
    }

    private static boolean isChecked(Change c, Plan plan) {
        return !c.isHook() && plan.desired().contains(c.key().id())
                && (c.action() == Action.CREATE || c.action() == Action.UPDATE);
    }

    /**
     * @return the objects of {@code plan} the server cannot judge before an earlier stage is written: custom resources
     *     of a kind a CRD the plan creates or updates defines, and objects in a Namespace the plan creates
     */
    private static Set<ObjectId> deferred(Plan plan) {
        Set<GroupKind> definedHere = new HashSet<>();
        Set<String> namespacesHere = new HashSet<>();
        for (Change c : plan.changes().changes()) {
            if (!isChecked(c, plan)) {
                continue;
            }
            ResourceKey k = c.key();
            if (k.group().equals("apiextensions.k8s.io") && k.kind().equals(CRD)) {
                Manifest crd = plan.desired().get(k.id()).orElseThrow();
                Object group = crd.get("spec", "group").orElse("");
                Object kind = crd.get("spec", "names", "kind").orElse("");
                definedHere.add(new GroupKind(String.valueOf(group), String.valueOf(kind)));
            } else if (k.group().isEmpty() && k.kind().equals("Namespace") && c.action() == Action.CREATE) {
                namespacesHere.add(k.name());
            }
        }
        Set<ObjectId> out = new HashSet<>();
        for (Change c : plan.changes().changes()) {
            ResourceKey k = c.key();
            if (isChecked(c, plan) && (definedHere.contains(k.groupKind())
                    || !k.namespace().isEmpty() && namespacesHere.contains(k.namespace()))) {
                out.add(k.id());
            }
        }
        return Set.copyOf(out);
    }
}
