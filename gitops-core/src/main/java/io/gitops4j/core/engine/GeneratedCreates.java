package io.gitops4j.core.engine;

import io.gitops4j.api.ObjectReport;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.Change;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.WriteFailure;
import io.gitops4j.core.plan.GeneratedObjects;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creates the objects of the desired state the server names ({@code metadata.generateName}): with the target's
 * {@code createAll}, never an apply, and never sent twice by the engine (the target decides what is safe to retry),
 * so a lost answer cannot leave two objects. Each report names the object by the name the server gave it. Also
 * used for an object created from generateName before that has vanished since it was planned: it is created again
 * from its template, never applied under its old name. Stateless.
 */
final class GeneratedCreates {
    private GeneratedCreates() {}

    /** @return true when {@code change} of {@code plan} creates an object the server names */
    static boolean isCreate(Change change, Plan plan) {
        return change.action() == Action.CREATE && plan.desired().get(change.key().id())
                .map(m -> m.isGenerated() || m.annotations().containsKey(GeneratedObjects.GENERATED_FROM)).orElse(false);
    }

    /** Creates the objects of {@code changes}; one written entry per change, in order. */
    static Map<Change, Written> create(List<Change> changes, Plan plan, PassContext pass) {
        Map<Change, Written> out = new LinkedHashMap<>();
        if (changes.isEmpty()) {
            return out;
        }
        List<Manifest> templates = new ArrayList<>();
        changes.forEach(c -> templates.add(template(plan.desired().get(c.key().id()).orElseThrow())));
        List<ObjectResult> results;
        try {
            results = pass.target().createAll(templates, pass.options(), pass.context());
        } catch (TargetException e) {
            changes.forEach(c -> out.put(c, Written.of(ObjectReport.failed(c, WriteFailure.of(e)), Optional.empty())));
            return out;
        }
        for (int i = 0; i < changes.size(); i++) {
            Change c = changes.get(i);
            ObjectResult r = results.get(i);
            if (r.isFailed()) {
                out.put(c, Written.of(ObjectReport.failed(c, r.failure().orElseThrow()), Optional.empty()));
            } else {
                ResourceKey given = r.object().orElseThrow().key();
                out.put(c, Written.of(ObjectReport.of(renamed(c, given), ObjectOutcome.CREATED, "created from "
                        + "generateName " + templates.get(i).generateName()), r.object()));
            }
            PassEvents.written(out.get(c).report().planned(), out.get(c).report().outcome());
        }
        return out;
    }

    /** @return {@code c} about the object {@code key} names (the object the server created for it) */
    static Change renamed(Change c, ResourceKey key) {
        return new Change(key, c.action(), c.reason(), c.diff(), c.stage(), c.wave(), c.hook());
    }

    /** The object to create: as planned, without the name of an object created from it earlier. */
    static Manifest template(Manifest planned) {
        if (planned.isGenerated()) {
            return planned;
        }
        Map<String, Object> metadata = new LinkedHashMap<>(planned.metadata());
        metadata.remove("name");
        metadata.putIfAbsent("generateName", planned.annotations().get(GeneratedObjects.GENERATED_FROM));
        return planned.with("metadata", metadata);
    }
}
