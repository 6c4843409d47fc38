package io.gitops4j.api.target;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many retries one reconcile pass may spend on transient failures (429, 5xx, timeouts, resets), across every
 * request it makes, so a struggling API server gets a bounded load (DA-03, DA-04). Thread-safe.
 */
public final class RetryBudget {
    private final int limit;
    private final AtomicInteger used = new AtomicInteger();

    private RetryBudget(int limit) {
        this.limit = limit;
    }

    /** @return a budget of {@code retries} retries; 0 means none */
    public static RetryBudget of(int retries) {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative");
        }
        return new RetryBudget(retries);
    }

    /** @return true and spends one retry when any is left; false when the budget is spent */
    public boolean tryAcquire() {
        while (true) {
            int n = used.get();
            if (n >= limit) {
                return false;
            }
            if (used.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** @return the retries spent */
    public int used() {
        return used.get();
    }

    /** @return the retries left */
    public int remaining() {
        return Math.max(0, limit - used.get());
    }

    @Override
    public String toString() {
        return "RetryBudget[" + used.get() + "/" + limit + " used]";
    }
}
