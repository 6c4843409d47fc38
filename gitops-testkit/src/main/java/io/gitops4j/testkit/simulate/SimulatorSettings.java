package io.gitops4j.testkit.simulate;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of {@link StatusSimulators}.
 *
 * @param delay   how long a rollout, Job, claim or load balancer takes from start to done (default 0: done as soon
 *                as the simulator thread gets to it)
 * @param enabled the simulations that run (default all)
 * @param nodes   the node count DaemonSets schedule on (default 1)
 * @param clock   the clock for condition times, {@code startTime} and {@code completionTime}
 */
public record SimulatorSettings(Duration delay, Set<Simulation> enabled, int nodes, Clock clock) {

    public SimulatorSettings {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must be >= 0: " + delay);
        }
        enabled = enabled.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(enabled));
        if (nodes < 0) {
            throw new IllegalArgumentException("nodes must be >= 0: " + nodes);
        }
        Objects.requireNonNull(clock, "clock");
    }

    /** Every simulation, no delay, one node, the UTC system clock. */
    public static SimulatorSettings defaults() {
        return new SimulatorSettings(Duration.ZERO, EnumSet.allOf(Simulation.class), 1, Clock.systemUTC());
    }

    public SimulatorSettings withDelay(Duration value) {
        return new SimulatorSettings(value, enabled, nodes, clock);
    }

    /** These simulations only. */
    public SimulatorSettings withOnly(Simulation first, Simulation... rest) {
        return new SimulatorSettings(delay, EnumSet.of(first, rest), nodes, clock);
    }

    /** Every enabled simulation but these. */
    public SimulatorSettings without(Simulation first, Simulation... rest) {
        EnumSet<Simulation> left = enabled.isEmpty() ? EnumSet.noneOf(Simulation.class) : EnumSet.copyOf(enabled);
        left.remove(first);
        for (Simulation s : rest) {
            left.remove(s);
        }
        return new SimulatorSettings(delay, left, nodes, clock);
    }

    /** No simulation at all (statuses stay as written). */
    public SimulatorSettings withNone() {
        return new SimulatorSettings(delay, Set.of(), nodes, clock);
    }

    public SimulatorSettings withNodes(int value) {
        return new SimulatorSettings(delay, enabled, value, clock);
    }

    public SimulatorSettings withClock(Clock value) {
        return new SimulatorSettings(delay, enabled, nodes, value);
    }

    /** Whether {@code simulation} runs. */
    public boolean isEnabled(Simulation simulation) {
        return enabled.contains(simulation);
    }
}
