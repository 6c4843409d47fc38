package io.gitops4j.examples.cli;

import io.gitops4j.api.ObjectReport;
import io.gitops4j.api.health.Health;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.Change;
import io.gitops4j.api.plan.FieldChange;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.WriteFailure;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One object in the output of {@code reconcile}: what the plan meant to do, what happened (empty for a plan that was
 * not carried out), the changed fields (Secret values already redacted by the planner), the object's health after the
 * pass, and why it failed or was skipped.
 *
 * @param key the object
 * @param action the planned action
 * @param outcome what happened, in lower case ({@code created}, {@code configured}, ...); empty for a plan
 * @param fields the changed fields
 * @param health the object's health after the pass; empty when it is gone, was not written, or for a plan
 * @param failure why it failed, when it did
 * @param note a short note ({@code ""} when none): why a change was skipped, or the planner's reason
 */
record ObjectLine(ResourceKey key, Action action, Optional<String> outcome, List<FieldChange> fields,
        Optional<Health> health, Optional<WriteFailure> failure, String note) {
    ObjectLine {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        fields = List.copyOf(fields);
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(note, "note");
    }

    /** @return the line of a planned change */
    static ObjectLine planned(Change change) {
        return new ObjectLine(change.key(), change.action(), Optional.empty(), change.diff(), Optional.empty(),
                Optional.empty(), change.action() == Action.SKIP ? change.reason() : "");
    }

    /** @return the line of what a pass did to one object, with its health when known */
    static ObjectLine done(ObjectReport report, Optional<Health> health) {
        Change planned = report.planned();
        String note = !report.note().isEmpty() ? report.note()
                : planned.action() == Action.SKIP ? planned.reason() : "";
        return new ObjectLine(report.key(), planned.action(), Optional.of(report.outcome().name()
                .toLowerCase(java.util.Locale.ROOT)), report.diff(), health, report.failure(), note);
    }

    /** @return what the line says happened: the outcome, or for a plan the action */
    String verb() {
        return outcome.orElse(action.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** @return {@code namespace/name}, or the name alone for a cluster-scoped object */
    String where() {
        return key.namespace().isEmpty() ? key.name() : key.namespace() + "/" + key.name();
    }

    /** @return the kind with its group, as kubectl names it ({@code Deployment.apps}; {@code ConfigMap}) */
    String kind() {
        return key.group().isEmpty() ? key.kind() : key.kind() + "." + key.group();
    }
}
