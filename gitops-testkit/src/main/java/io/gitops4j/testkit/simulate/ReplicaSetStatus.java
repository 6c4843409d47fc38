package io.gitops4j.testkit.simulate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The replicaset controller: {@code replicas}/{@code fullyLabeledReplicas} at once, {@code readyReplicas} and
 * {@code availableReplicas} when the pods are up; a failure adds {@code ReplicaFailure=True FailedCreate}.
 * {@code replicas} is always written, the other counts only when non-zero (as the real status).
 */
final class ReplicaSetStatus implements StatusRule {

    @Override
    public Simulation simulation() {
        return Simulation.REPLICASETS;
    }

    @Override
    public String group() {
        return "apps";
    }

    @Override
    public String kind() {
        return "ReplicaSet";
    }

    @Override
    public boolean pending(Map<String, Object> rs) {
        return Fields.number(rs, -1, "status", "observedGeneration") < Fields.generation(rs);
    }

    @Override
    public Optional<Map<String, Object>> started(Map<String, Object> rs, String now) {
        long desired = Fields.number(rs, 1, "spec", "replicas");
        long ready = Math.min(desired, Fields.number(rs, 0, "status", "readyReplicas"));
        return Optional.of(status(rs, desired, ready));
    }

    @Override
    public Optional<Map<String, Object>> finished(Map<String, Object> rs, boolean failed, String now) {
        long desired = Fields.number(rs, 1, "spec", "replicas");
        if (failed) {
            Map<String, Object> s = status(rs, desired, Fields.number(rs, 0, "status", "readyReplicas"));
            s.put("conditions", Fields.list(Fields.condition(rs, "ReplicaFailure", true, "FailedCreate",
                    "pods \"" + Fields.name(rs) + "-" + Fields.templateHash(rs) + "\" is forbidden: exceeded quota",
                    now, null)));
            return Optional.of(s);
        }
        return Optional.of(status(rs, desired, desired));
    }

    private static Map<String, Object> status(Map<String, Object> rs, long replicas, long ready) {
        Map<String, Object> s = new LinkedHashMap<>();
        Fields.count(s, "replicas", replicas, false);
        Fields.count(s, "fullyLabeledReplicas", replicas, true);
        Fields.count(s, "readyReplicas", ready, true);
        Fields.count(s, "availableReplicas", ready, true);
        Fields.count(s, "observedGeneration", Fields.generation(rs), true);
        return s;
    }
}
