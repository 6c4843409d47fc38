package io.gitops4j.testkit.assertions;

import io.gitops4j.api.ObjectReport;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.health.HealthStatus;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ObjectOutcome;
import org.assertj.core.api.AbstractAssert;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Assertions on a {@link ReconcileResult}: what happened to each object (its {@link ObjectOutcome}), what was
 * planned ({@link Action}), the pass's failure and health. Keys are compared by identity (the version a key was read
 * at does not matter). A failure prints every object's report, so the actual outcome is visible at once.
 */
public final class ReconcileResultAssert extends AbstractAssert<ReconcileResultAssert, ReconcileResult> {

    ReconcileResultAssert(ReconcileResult actual) {
        super(actual, ReconcileResultAssert.class);
    }

    /** The reconcile ended with {@code expected}. */
    public ReconcileResultAssert hasOutcome(Outcome expected) {
        isNotNull();
        if (actual.outcome() != expected) {
            failWithMessage("%nExpecting reconcile of %s to end %s but it ended %s%s%nobjects:%n%s",
                    actual.application(), expected, actual.outcome(),
                    actual.failure().map(f -> " (" + f + ")").orElse(""), objects());
        }
        return this;
    }

    /** The pass failed (or was blocked) in {@code phase} for {@code reason}. */
    public ReconcileResultAssert hasFailure(ReconcileFailure.Phase phase, Enum<?> reason) {
        isNotNull();
        if (actual.failure().isEmpty()) {
            failWithMessage("%nExpecting reconcile of %s to fail in %s (%s) but it ended %s without failure",
                    actual.application(), phase, reason, actual.outcome());
        } else if (actual.failure().get().phase() != phase || actual.failure().get().reason() != reason) {
            failWithMessage("%nExpecting reconcile of %s to fail in %s (%s) but it failed: %s", actual.application(),
                    phase, reason, actual.failure().get());
        }
        return this;
    }

    /** Each key was created. */
    public ReconcileResultAssert created(ResourceKey... keys) {
        return has(ObjectOutcome.CREATED, keys);
    }

    /** Each key existed and was changed. */
    public ReconcileResultAssert updated(ResourceKey... keys) {
        return has(ObjectOutcome.CONFIGURED, keys);
    }

    /** Each key was deleted and created again (DA-05). */
    public ReconcileResultAssert recreated(ResourceKey... keys) {
        return has(ObjectOutcome.RECREATED, keys);
    }

    /** Each key was pruned (deleted). */
    public ReconcileResultAssert pruned(ResourceKey... keys) {
        return has(ObjectOutcome.DELETED, keys);
    }

    /** Each key was left unchanged. */
    public ReconcileResultAssert unchanged(ResourceKey... keys) {
        return has(ObjectOutcome.UNCHANGED, keys);
    }

    /** Each key was skipped (planned SKIP, not written under the policy, or found gone or disowned by a prune). */
    public ReconcileResultAssert skipped(ResourceKey... keys) {
        return has(ObjectOutcome.SKIPPED, keys);
    }

    /** Each key failed. */
    public ReconcileResultAssert failed(ResourceKey... keys) {
        return has(ObjectOutcome.FAILED, keys);
    }

    /** Each key was planned with {@code action} (whatever happened to it then). */
    public ReconcileResultAssert planned(Action action, ResourceKey... keys) {
        isNotNull();
        List<String> missing = new ArrayList<>();
        for (ResourceKey key : keys) {
            var change = actual.changes().find(key);
            if (change.isEmpty()) {
                missing.add(key.displayName() + " is not in the plan");
            } else if (change.get().action() != action) {
                missing.add(key.displayName() + " was planned " + change.get().action()
                        + (change.get().reason().isEmpty() ? "" : " (" + change.get().reason() + ")"));
            }
        }
        if (!missing.isEmpty()) {
            failWithMessage("%nExpecting %s planned for%n  %s%nbut%n  %s%nobjects:%n%s", action, keysText(keys),
                    String.join("\n  ", missing), objects());
        }
        return this;
    }

    /** Exactly {@code n} objects ended with {@code outcome}. */
    public ReconcileResultAssert hasCount(ObjectOutcome outcome, int n) {
        isNotNull();
        int count = actual.counts().get(outcome);
        if (count != n) {
            failWithMessage("%nExpecting %d object(s) %s but found %d%nobjects:%n%s", n, outcome, count, objects());
        }
        return this;
    }

    /** Exactly {@code n} changes were planned with {@code action}. */
    public ReconcileResultAssert hasCount(Action action, int n) {
        isNotNull();
        int count = actual.changes().withAction(action).size();
        if (count != n) {
            failWithMessage("%nExpecting %d %s change(s) planned but found %d%nobjects:%n%s", n, action, count,
                    objects());
        }
        return this;
    }

    /** Nothing was created, changed, re-created or deleted. */
    public ReconcileResultAssert hasNoWrites() {
        isNotNull();
        if (actual.writes() > 0) {
            failWithMessage("%nExpecting a reconcile without writes but it wrote:%n%s", objects());
        }
        return this;
    }

    /** The aggregated health of the desired objects is {@code expected}. */
    public ReconcileResultAssert hasHealth(HealthStatus expected) {
        isNotNull();
        if (actual.health().status() != expected) {
            failWithMessage("%nExpecting health %s but was %s%s", expected, actual.health().status(),
                    actual.health().message().isEmpty() ? "" : " (" + actual.health().message() + ")");
        }
        return this;
    }

    private ReconcileResultAssert has(ObjectOutcome outcome, ResourceKey... keys) {
        isNotNull();
        List<String> missing = new ArrayList<>();
        for (ResourceKey key : keys) {
            ObjectReport found = actual.object(key).orElse(null);
            if (found == null) {
                missing.add(key.displayName() + " is not in the result");
            } else if (found.outcome() != outcome) {
                missing.add(found.toString());
            }
        }
        if (!missing.isEmpty()) {
            failWithMessage("%nExpecting %s of%n  %s%nbut%n  %s%nobjects:%n%s", outcome, keysText(keys),
                    String.join("\n  ", missing), objects());
        }
        return this;
    }

    private static String keysText(ResourceKey... keys) {
        return java.util.Arrays.stream(keys).map(ResourceKey::displayName).collect(Collectors.joining(", "));
    }

    private String objects() {
        if (actual.objects().isEmpty()) {
            return "  (none)";
        }
        return actual.objects().stream().map(o -> "  " + o + " [planned " + o.planned().action() + "]")
                .collect(Collectors.joining("\n"));
    }
}
