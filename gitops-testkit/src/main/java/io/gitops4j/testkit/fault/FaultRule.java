package io.gitops4j.testkit.fault;

import java.util.Objects;

/**
 * A registered rule: a {@link RequestMatch}, a {@link Frequency} and the {@link Fault} to inject. A handle to
 * {@linkplain #clear() remove it} and to see how often it {@linkplain #fired() fired}.
 *
 * <p>Thread-safe; its counters are guarded by the owning {@link Faults}.
 */
public final class FaultRule {
    private final Faults owner;
    private final RequestMatch match;
    private final Frequency frequency;
    private final Fault fault;
    private long fired;

    FaultRule(Faults owner, RequestMatch match, Frequency frequency, Fault fault) {
        this.owner = owner;
        this.match = Objects.requireNonNull(match, "match");
        this.frequency = Objects.requireNonNull(frequency, "frequency");
        this.fault = Objects.requireNonNull(fault, "fault");
    }

    /** Which requests it applies to. */
    public RequestMatch match() {
        return match;
    }

    /** How often it fires. */
    public Frequency frequency() {
        return frequency;
    }

    /** What it injects. */
    public Fault fault() {
        return fault;
    }

    /** How many requests it has hit so far. */
    public long fired() {
        synchronized (owner) {
            return fired;
        }
    }

    /** Whether a "next N" rule has used up its N. */
    public boolean isSpent() {
        synchronized (owner) {
            return frequency.times() >= 0 && fired >= frequency.times();
        }
    }

    /** Removes the rule; requests it would have hit are served normally. Idempotent. */
    public void clear() {
        owner.remove(this);
    }

    /** Called by the owner, under its lock: whether the rule fires on this matching request. */
    boolean fire(java.util.Random random) {
        if (frequency.times() >= 0 && fired >= frequency.times()) {
            return false;
        }
        if (frequency.fraction() < 1.0 && random.nextDouble() >= frequency.fraction()) {
            return false;
        }
        fired++;
        return true;
    }

    @Override
    public String toString() {
        return fault.describe() + " on " + match + " (" + frequency + ")";
    }
}
