package io.gitops4j.core.health;

import io.gitops4j.api.health.Health;
import io.gitops4j.api.health.HealthCheck;
import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.target.LiveObject;

/**
 * Rollout health of Deployments, StatefulSets, DaemonSets and ReplicaSets, judged the way {@code kubectl rollout
 * status} does: the controller must have observed the current generation, then every replica must be updated and
 * available. A Deployment whose Progressing condition says {@code ProgressDeadlineExceeded} is DEGRADED; a paused
 * one is SUSPENDED.
 */
public final class WorkloadHealth implements HealthCheck {
    private final GroupKind kind;

    private WorkloadHealth(String kind) {
        this.kind = new GroupKind("apps", kind);
    }

    /** @return the rule for apps/Deployment */
    public static WorkloadHealth deployment() {
        return new WorkloadHealth("Deployment");
    }

    /** @return the rule for apps/StatefulSet */
    public static WorkloadHealth statefulSet() {
        return new WorkloadHealth("StatefulSet");
    }

    /** @return the rule for apps/DaemonSet */
    public static WorkloadHealth daemonSet() {
        return new WorkloadHealth("DaemonSet");
    }

    /** @return the rule for apps/ReplicaSet */
    public static WorkloadHealth replicaSet() {
        return new WorkloadHealth("ReplicaSet");
    }

    @Override
    public GroupKind kind() {
        return kind;
    }

    @Override
    public Health assess(LiveObject o) {
        long generation = o.generation();
        long observed = Status.number(o, "status", "observedGeneration", -1);
        if (observed < generation) {
            return Health.progressing("waiting for the controller to observe generation " + generation);
        }
        if (kind.kind().equals("Deployment")) {
            if (Status.bool(o, "spec", "paused")) {
                return Health.suspended("rollout is paused");
            }
            var progressing = Status.condition(o, "Progressing");
            if (progressing.isPresent() && "ProgressDeadlineExceeded".equals(progressing.get().get("reason"))) {
                return Health.degraded("rollout exceeded its progress deadline: " + Status.message(progressing.get()));
            }
        }
        if (kind.kind().equals("DaemonSet")) {
            long desired = Status.number(o, "status", "desiredNumberScheduled", 0);
            long updated = Status.number(o, "status", "updatedNumberScheduled", 0);
            long available = Status.number(o, "status", "numberAvailable", 0);
            if (updated < desired || available < desired) {
                return Health.progressing(available + " of " + desired + " pods available, " + updated + " updated");
            }
            return Health.healthy();
        }
        long desired = Status.number(o, "spec", "replicas", 1);
        long updated = Status.number(o, "status", "updatedReplicas", kind.kind().equals("ReplicaSet") ? desired : 0);
        long ready = Status.number(o, "status", kind.kind().equals("StatefulSet") ? "readyReplicas" : "availableReplicas", 0);
        long total = Status.number(o, "status", "replicas", 0);
        if (updated < desired) {
            return Health.progressing(updated + " of " + desired + " replicas updated");
        }
        if (total > updated) {
            return Health.progressing((total - updated) + " old replicas pending termination");
        }
        if (ready < desired) {
            return Health.progressing(ready + " of " + desired + " replicas available");
        }
        return Health.healthy();
    }
}
