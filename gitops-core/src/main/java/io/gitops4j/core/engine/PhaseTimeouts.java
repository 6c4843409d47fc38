package io.gitops4j.core.engine;

import io.gitops4j.api.Checks;
import io.gitops4j.api.ReconcileFailure.Phase;
import java.time.Duration;

/**
 * How long each phase of a pass may take (EN-06), measured on the monotonic clock. A phase that runs out ends the
 * pass FAILED with that phase and reason {@code TIMEOUT}, and nothing after it runs: a timed-out resolve or plan
 * writes nothing; a timed-out apply applies no later stage and prunes nothing; a timed-out prune deletes no later
 * group; what was written before is still recorded in the inventory. At the deadline the pass's thread is
 * interrupted, so a blocking call that honours interrupts returns at once; one that does not (a request already sent)
 * ends at the target's own request timeout, and the pass stops at the next safe point.
 *
 * <p>Rendering has no timeout here: each renderer bounds its own work where it runs (the {@code timeout} of
 * {@code KustomizeOptions} and {@code HelmOptions}, enforced in their child processes; the plain YAML renderer is
 * bounded by its size limits); a render that runs out fails the pass in phase RENDER with reason TIMEOUT. A custom
 * renderer bounds its own time.
 *
 * @param resolve resolving the revision and opening its snapshot (a Git fetch also has its own budget)
 * @param plan reading the inventory and the live objects and computing the plan; also reading the Application's
 *     stored pin before its first pass (phase PIN)
 * @param apply applying every stage, the waits between stages included; also the limit of each call of a dry run
 *     ({@code SyncPolicy.dryRunFirst})
 * @param prune deleting what left the desired state
 * @param stageWait how long a pass waits after a stage for its CustomResourceDefinitions and Namespaces to become
 *     Established and Active (DA-07)
 */
public record PhaseTimeouts(Duration resolve, Duration plan, Duration apply, Duration prune, Duration stageWait) {
    private static final Duration MIN = Duration.ofSeconds(1);
    private static final Duration MAX = Duration.ofHours(24);

    /** @throws IllegalArgumentException naming the field when a timeout is outside 1 s – 24 h */
    public PhaseTimeouts {
        check(resolve, "resolve");
        check(plan, "plan");
        check(apply, "apply");
        check(prune, "prune");
        check(stageWait, "stageWait");
    }

    /** @return resolve 5 minutes, plan 5 minutes, apply 10 minutes, prune 5 minutes, stage wait 2 minutes */
    public static PhaseTimeouts defaults() {
        return new PhaseTimeouts(Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(10),
                Duration.ofMinutes(5), Duration.ofMinutes(2));
    }

    /** @return a copy with another resolve timeout */
    public PhaseTimeouts withResolve(Duration value) {
        return new PhaseTimeouts(value, plan, apply, prune, stageWait);
    }

    /** @return a copy with another plan timeout */
    public PhaseTimeouts withPlan(Duration value) {
        return new PhaseTimeouts(resolve, value, apply, prune, stageWait);
    }

    /** @return a copy with another apply timeout */
    public PhaseTimeouts withApply(Duration value) {
        return new PhaseTimeouts(resolve, plan, value, prune, stageWait);
    }

    /** @return a copy with another prune timeout */
    public PhaseTimeouts withPrune(Duration value) {
        return new PhaseTimeouts(resolve, plan, apply, value, stageWait);
    }

    /** @return a copy with another stage wait */
    public PhaseTimeouts withStageWait(Duration value) {
        return new PhaseTimeouts(resolve, plan, apply, prune, value);
    }

    /**
     * @return the timeout of {@code phase}: SOURCE is resolve, PLAN and PIN plan, APPLY apply (each call of a
     *     DRY_RUN too), PRUNE prune, WAIT stageWait
     * @throws IllegalArgumentException for a phase without a timeout of its own
     */
    Duration of(Phase phase) {
        return switch (phase) {
            case SOURCE -> resolve;
            case PLAN, PIN -> plan;
            case APPLY, DRY_RUN -> apply;
            case PRUNE -> prune;
            case WAIT -> stageWait;
            default -> throw new IllegalArgumentException("no timeout for phase " + phase);
        };
    }

    private static void check(Duration value, String name) {
        Checks.notNull(value, name);
        if (value.compareTo(MIN) < 0 || value.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("timeout " + name + " must be between 1s and 24h, was " + value);
        }
    }
}
