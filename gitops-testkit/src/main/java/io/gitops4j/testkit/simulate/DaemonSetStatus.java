package io.gitops4j.testkit.simulate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The daemonset controller over {@code nodes} nodes: on a new generation every node is scheduled but nothing is
 * ready or updated yet; when done every number equals the node count. {@code currentNumberScheduled},
 * {@code numberMisscheduled}, {@code desiredNumberScheduled} and {@code numberReady} are always written, the others
 * only when non-zero. DaemonSets have no failed state: {@link Behaviour#FAIL} leaves them progressing.
 */
final class DaemonSetStatus implements StatusRule {
    private final int nodes;

    DaemonSetStatus(int nodes) {
        this.nodes = nodes;
    }

    @Override
    public Simulation simulation() {
        return Simulation.DAEMONSETS;
    }

    @Override
    public String group() {
        return "apps";
    }

    @Override
    public String kind() {
        return "DaemonSet";
    }

    @Override
    public boolean pending(Map<String, Object> ds) {
        return Fields.number(ds, -1, "status", "observedGeneration") < Fields.generation(ds);
    }

    @Override
    public Optional<Map<String, Object>> started(Map<String, Object> ds, String now) {
        return Optional.of(status(ds, 0, Math.min(nodes, Fields.number(ds, 0, "status", "numberAvailable"))));
    }

    @Override
    public Optional<Map<String, Object>> finished(Map<String, Object> ds, boolean failed, String now) {
        return failed ? Optional.empty() : Optional.of(status(ds, nodes, nodes));
    }

    private Map<String, Object> status(Map<String, Object> ds, long updated, long available) {
        Map<String, Object> s = new LinkedHashMap<>();
        Fields.count(s, "currentNumberScheduled", nodes, false);
        Fields.count(s, "numberMisscheduled", 0, false);
        Fields.count(s, "desiredNumberScheduled", nodes, false);
        Fields.count(s, "numberReady", available, false);
        Fields.count(s, "observedGeneration", Fields.generation(ds), true);
        Fields.count(s, "updatedNumberScheduled", updated, true);
        Fields.count(s, "numberAvailable", available, true);
        Fields.count(s, "numberUnavailable", nodes - available, true);
        return s;
    }
}
