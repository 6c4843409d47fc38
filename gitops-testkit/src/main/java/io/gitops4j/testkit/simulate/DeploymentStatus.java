package io.gitops4j.testkit.simulate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The deployment controller: on a new generation it records {@code observedGeneration} and starts the rollout
 * ({@code Progressing=True ReplicaSetUpdated}, or {@code NewReplicaSetCreated} for a new Deployment, with
 * {@code Available=False MinimumReplicasUnavailable} while nothing is available); when the new ReplicaSet is
 * available every count equals {@code spec.replicas} and the conditions read {@code MinimumReplicasAvailable} /
 * {@code NewReplicaSetAvailable}; a failed rollout turns {@code Progressing} False with
 * {@code ProgressDeadlineExceeded}. Counts are left out when zero, as the real status omits them. Paused
 * Deployments only get their {@code observedGeneration}. No ReplicaSet or Pod objects are created.
 */
final class DeploymentStatus implements StatusRule {

    @Override
    public Simulation simulation() {
        return Simulation.DEPLOYMENTS;
    }

    @Override
    public String group() {
        return "apps";
    }

    @Override
    public String kind() {
        return "Deployment";
    }

    @Override
    public boolean pending(Map<String, Object> d) {
        return Fields.number(d, -1, "status", "observedGeneration") < Fields.generation(d);
    }

    private static String replicaSet(Map<String, Object> d) {
        return Fields.name(d) + "-" + Fields.templateHash(d);
    }

    @Override
    public Optional<Map<String, Object>> started(Map<String, Object> d, String now) {
        long desired = Fields.number(d, 1, "spec", "replicas");
        long previouslyAvailable = Fields.number(d, 0, "status", "availableReplicas");
        boolean paused = Boolean.TRUE.equals(Fields.value(d, "spec", "paused"));
        Map<String, Object> s = new LinkedHashMap<>();
        Fields.count(s, "observedGeneration", Fields.generation(d), true);
        if (paused) {
            copyCounts(d, s);
            s.put("conditions", Fields.list(
                    availableCondition(d, previouslyAvailable >= desired, now),
                    Fields.condition(d, "Progressing", false, "DeploymentPaused", "Deployment is paused", now,
                            "lastUpdateTime")));
            return Optional.of(s);
        }
        boolean fresh = !(Fields.value(d, "status", "conditions") instanceof java.util.List<?>);
        long available = Math.min(previouslyAvailable, desired);
        Fields.count(s, "replicas", desired, true);
        Fields.count(s, "updatedReplicas", fresh ? desired : 0, true);
        Fields.count(s, "readyReplicas", available, true);
        Fields.count(s, "availableReplicas", available, true);
        Fields.count(s, "unavailableReplicas", desired - available, true);
        String rs = replicaSet(d);
        s.put("conditions", Fields.list(
                availableCondition(d, desired == 0 || available > 0, now),
                fresh ? Fields.condition(d, "Progressing", true, "NewReplicaSetCreated",
                        "Created new replica set \"" + rs + "\"", now, "lastUpdateTime")
                        : Fields.condition(d, "Progressing", true, "ReplicaSetUpdated",
                        "ReplicaSet \"" + rs + "\" is progressing.", now, "lastUpdateTime")));
        return Optional.of(s);
    }

    @Override
    public Optional<Map<String, Object>> finished(Map<String, Object> d, boolean failed, String now) {
        if (Boolean.TRUE.equals(Fields.value(d, "spec", "paused"))) {
            return Optional.empty();
        }
        String rs = replicaSet(d);
        Map<String, Object> s = new LinkedHashMap<>();
        Fields.count(s, "observedGeneration", Fields.generation(d), true);
        if (failed) {
            copyCounts(d, s);
            s.put("conditions", Fields.list(
                    availableCondition(d, Fields.number(d, 0, "status", "availableReplicas") > 0, now),
                    Fields.condition(d, "Progressing", false, "ProgressDeadlineExceeded",
                            "ReplicaSet \"" + rs + "\" has timed out progressing.", now, "lastUpdateTime")));
            return Optional.of(s);
        }
        long desired = Fields.number(d, 1, "spec", "replicas");
        for (String f : new String[] {"replicas", "updatedReplicas", "readyReplicas", "availableReplicas"}) {
            Fields.count(s, f, desired, true);
        }
        s.put("conditions", Fields.list(availableCondition(d, true, now),
                Fields.condition(d, "Progressing", true, "NewReplicaSetAvailable",
                        "ReplicaSet \"" + rs + "\" has successfully progressed.", now, "lastUpdateTime")));
        return Optional.of(s);
    }

    private static Map<String, Object> availableCondition(Map<String, Object> d, boolean available, String now) {
        return available
                ? Fields.condition(d, "Available", true, "MinimumReplicasAvailable",
                        "Deployment has minimum availability.", now, "lastUpdateTime")
                : Fields.condition(d, "Available", false, "MinimumReplicasUnavailable",
                        "Deployment does not have minimum availability.", now, "lastUpdateTime");
    }

    private static void copyCounts(Map<String, Object> d, Map<String, Object> s) {
        for (String f : new String[] {"replicas", "updatedReplicas", "readyReplicas", "availableReplicas",
                "unavailableReplicas"}) {
            Fields.count(s, f, Fields.number(d, 0, "status", f), true);
        }
    }
}
