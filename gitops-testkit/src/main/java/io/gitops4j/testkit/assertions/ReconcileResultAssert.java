package io.gitops4j.testkit.assertions;

import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.health.HealthStatus;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.Change;
import io.gitops4j.api.resource.ResourceKey;
import org.assertj.core.api.AbstractAssert;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Assertions on a {@link ReconcileResult}. Keys are compared by group, kind, namespace and name (the version a key
 * was read at does not matter). A failure prints the whole change set, so the actual outcome is visible at once.
 */
public final class ReconcileResultAssert extends AbstractAssert<ReconcileResultAssert, ReconcileResult> {

    ReconcileResultAssert(ReconcileResult actual) {
        super(actual, ReconcileResultAssert.class);
    }

    /** The reconcile ended with {@code expected}. */
    public ReconcileResultAssert hasOutcome(Outcome expected) {
        isNotNull();
        if (actual.outcome() != expected) {
            failWithMessage("%nExpecting reconcile of %s to end %s but it ended %s%s%nchanges:%n%s",
                    actual.application(), expected, actual.outcome(),
                    actual.error().map(e -> " (" + e + ")").orElse(""), changes());
        }
        return this;
    }

    /** Each key was created. */
    public ReconcileResultAssert created(ResourceKey... keys) {
        return has(Action.CREATE, keys);
    }

    /** Each key was updated. */
    public ReconcileResultAssert updated(ResourceKey... keys) {
        return has(Action.UPDATE, keys);
    }

    /** Each key was pruned. */
    public ReconcileResultAssert pruned(ResourceKey... keys) {
        return has(Action.PRUNE, keys);
    }

    /** Each key was left unchanged. */
    public ReconcileResultAssert unchanged(ResourceKey... keys) {
        return has(Action.UNCHANGED, keys);
    }

    /** Each key was skipped. */
    public ReconcileResultAssert skipped(ResourceKey... keys) {
        return has(Action.SKIP, keys);
    }

    /** Exactly {@code n} changes had {@code action}. */
    public ReconcileResultAssert hasCount(Action action, int n) {
        isNotNull();
        int count = actual.changes().withAction(action).size();
        if (count != n) {
            failWithMessage("%nExpecting %d %s change(s) but found %d%nchanges:%n%s", n, action, count, changes());
        }
        return this;
    }

    /** No create, update or prune was made. */
    public ReconcileResultAssert hasNoWrites() {
        isNotNull();
        if (actual.changes().hasWrites()) {
            failWithMessage("%nExpecting a reconcile without writes but it wrote:%n%s", changes());
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

    private ReconcileResultAssert has(Action action, ResourceKey... keys) {
        isNotNull();
        List<String> missing = new ArrayList<>();
        for (ResourceKey key : keys) {
            Change found = actual.changes().changes().stream()
                    .filter(c -> c.key().id().equals(key.id())).findFirst().orElse(null);
            if (found == null) {
                missing.add(key.displayName() + " is not in the change set");
            } else if (found.action() != action) {
                missing.add(key.displayName() + " was " + found.action()
                        + (found.reason().isEmpty() ? "" : " (" + found.reason() + ")"));
            }
        }
        if (!missing.isEmpty()) {
            failWithMessage("%nExpecting %s of%n  %s%nbut%n  %s%nchanges:%n%s", action, keysText(keys),
                    String.join("\n  ", missing), changes());
        }
        return this;
    }

    private static String keysText(ResourceKey... keys) {
        return java.util.Arrays.stream(keys).map(ResourceKey::displayName).collect(Collectors.joining(", "));
    }

    private String changes() {
        if (actual.changes().changes().isEmpty()) {
            return "  (none)";
        }
        return actual.changes().changes().stream()
                .map(c -> "  " + c.action() + " " + c.key().displayName()
                        + (c.reason().isEmpty() ? "" : " (" + c.reason() + ")"))
                .collect(Collectors.joining("\n"));
    }
}
