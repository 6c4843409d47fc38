package io.gitops4j.testkit.fault;

/**
 * How often a rule fires on the requests it matches.
 *
 * @param times    how many matching requests it fires on before it is spent; {@code -1} for no limit
 * @param fraction the probability (0 &lt; p &le; 1) that it fires on one matching request, drawn from the seeded
 *                 random of its {@link Faults}
 */
public record Frequency(long times, double fraction) {

    public Frequency {
        if (times < -1 || times == 0) {
            throw new IllegalArgumentException("times must be positive (or -1 for no limit): " + times);
        }
        if (!(fraction > 0.0 && fraction <= 1.0)) {
            throw new IllegalArgumentException("fraction must be in (0, 1]: " + fraction);
        }
    }

    /** Every matching request until the rule is cleared. */
    public static Frequency untilCleared() {
        return new Frequency(-1, 1.0);
    }

    /** The next {@code n} matching requests. */
    public static Frequency next(long n) {
        return new Frequency(n, 1.0);
    }

    /** Each matching request with probability {@code p}, until cleared. */
    public static Frequency fraction(double p) {
        return new Frequency(-1, p);
    }

    @Override
    public String toString() {
        if (fraction < 1.0) {
            return "fraction " + fraction;
        }
        return times < 0 ? "until cleared" : "next " + times;
    }
}
