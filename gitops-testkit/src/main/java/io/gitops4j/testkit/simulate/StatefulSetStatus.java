package io.gitops4j.testkit.simulate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The statefulset controller: on a new generation it sets {@code observedGeneration} and a new
 * {@code updateRevision} with no replica updated yet; when done every count equals {@code spec.replicas} and
 * {@code currentRevision} catches up. {@code replicas} and {@code availableReplicas} are always written, the other
 * counts only when non-zero. StatefulSets have no failed state: {@link Behaviour#FAIL} leaves them progressing.
 */
final class StatefulSetStatus implements StatusRule {

    @Override
    public Simulation simulation() {
        return Simulation.STATEFULSETS;
    }

    @Override
    public String group() {
        return "apps";
    }

    @Override
    public String kind() {
        return "StatefulSet";
    }

    @Override
    public boolean pending(Map<String, Object> sts) {
        return Fields.number(sts, -1, "status", "observedGeneration") < Fields.generation(sts);
    }

    private static String revision(Map<String, Object> sts) {
        return Fields.name(sts) + "-" + Fields.templateHash(sts);
    }

    @Override
    public Optional<Map<String, Object>> started(Map<String, Object> sts, String now) {
        long old = Fields.number(sts, 0, "status", "replicas");
        long available = Fields.number(sts, 0, "status", "availableReplicas");
        String current = Fields.string(sts, "status", "currentRevision");
        return Optional.of(status(sts, old, available, 0, current.isEmpty() ? revision(sts) : current));
    }

    @Override
    public Optional<Map<String, Object>> finished(Map<String, Object> sts, boolean failed, String now) {
        if (failed) {
            return Optional.empty();
        }
        long desired = Fields.number(sts, 1, "spec", "replicas");
        return Optional.of(status(sts, desired, desired, desired, revision(sts)));
    }

    private static Map<String, Object> status(Map<String, Object> sts, long replicas, long available, long updated,
                                              String currentRevision) {
        Map<String, Object> s = new LinkedHashMap<>();
        Fields.count(s, "observedGeneration", Fields.generation(sts), true);
        Fields.count(s, "replicas", replicas, false);
        Fields.count(s, "readyReplicas", available, true);
        Fields.count(s, "currentReplicas", currentRevision.equals(revision(sts)) ? updated : replicas - updated,
                true);
        Fields.count(s, "updatedReplicas", updated, true);
        s.put("currentRevision", currentRevision);
        s.put("updateRevision", revision(sts));
        s.put("collisionCount", 0);
        Fields.count(s, "availableReplicas", available, false);
        return s;
    }
}
