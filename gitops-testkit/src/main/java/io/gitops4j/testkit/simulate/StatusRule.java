package io.gitops4j.testkit.simulate;

import java.util.Map;
import java.util.Optional;

/**
 * What one simulated controller writes into an object's status. Implementations are stateless; the
 * {@link StatusSimulators} engine decides when each step runs.
 */
interface StatusRule {

    /** The simulation this rule belongs to. */
    Simulation simulation();

    /** The API group and kind handled. */
    String group();

    String kind();

    /** Whether the controller has work on this object (its status is behind its spec). */
    boolean pending(Map<String, Object> object);

    /** The status right after the controller noticed the object (rollout started); empty to go straight on. */
    Optional<Map<String, Object>> started(Map<String, Object> object, String now);

    /** The status once the work is done ({@code failed}: failed); empty to leave the status as it is. */
    Optional<Map<String, Object>> finished(Map<String, Object> object, boolean failed, String now);
}
