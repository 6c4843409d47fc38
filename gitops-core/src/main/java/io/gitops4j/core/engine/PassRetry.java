package io.gitops4j.core.engine;

import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.RetryBudget;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.WriteFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Retries what failed transiently (reason {@code UNAVAILABLE}: throttled, a 5xx, a reset or a timeout) within one
 * pass, with backoff and jitter, spending the pass's {@link RetryBudget} — the same budget the target spends on its
 * own retries, so one pass puts a bounded load on a struggling API server (DA-03, DA-04). Every call retried here is
 * idempotent: server-side applies, deletes with preconditions, inventory reads, and inventory writes with an
 * expected version. Other failures are returned or thrown at once. Thread-safe; blocks while backing off.
 */
final class PassRetry {
    private static final int MAX_RETRIES = 3;
    private static final Duration FIRST_DELAY = Duration.ofMillis(200);
    private static final Duration MAX_DELAY = Duration.ofSeconds(2);

    private final RetryBudget budget;

    PassRetry(RetryBudget budget) {
        this.budget = budget;
    }

    /** @return the budget retries are spent from */
    RetryBudget budget() {
        return budget;
    }

    /**
     * Runs {@code work}, again after a transient {@link TargetException} while the budget allows (at most three
     * times).
     *
     * @throws TargetException the last failure, when it is not transient or the budget is spent
     */
    <T> T call(Supplier<T> work) {
        RetryPolicy<T> policy = RetryPolicy.<T>builder().handleIf(PassRetry::isTransient)
                .withMaxRetries(MAX_RETRIES).withBackoff(FIRST_DELAY, MAX_DELAY).withJitter(0.25).build();
        try {
            return Failsafe.with(policy).get(ctx -> {
                if (ctx.getAttemptCount() > 0 && !budget.tryAcquire()) {
                    throw new Spent((RuntimeException) ctx.getLastException());
                }
                return work.get();
            });
        } catch (Spent spent) {
            throw spent.failure;
        }
    }

    /**
     * Sends a batch, then sends again the requests whose result failed transiently (each retried request spends
     * one retry of the budget; at most three rounds). A transient failure of a whole call is retried by
     * {@link #call}; a call that still fails fails each object it carried, with the call's failure.
     *
     * @param keyOf the object a request is about
     * @param send sends a sub-list of the requests and returns one result per request, in order
     * @return one result per request, in request order: the last result of each
     */
    <R> List<ObjectResult> batch(List<R> requests, Function<R, ResourceKey> keyOf,
            Function<List<R>, List<ObjectResult>> send) {
        ObjectResult[] out = new ObjectResult[requests.size()];
        RetryPolicy<List<Integer>> rounds = RetryPolicy.<List<Integer>>builder()
                .handleResultIf(pending -> !pending.isEmpty()).withMaxRetries(MAX_RETRIES)
                .withBackoff(FIRST_DELAY, MAX_DELAY).withJitter(0.25).build();
        Failsafe.with(rounds).get(ctx -> {
            List<Integer> chosen = new ArrayList<>();
            for (int i = 0; i < out.length; i++) {
                if (out[i] == null || isTransient(out[i]) && budget.tryAcquire()) {
                    chosen.add(i);
                }
            }
            if (chosen.isEmpty()) {
                return List.of();
            }
            List<R> sub = new ArrayList<>(chosen.size());
            chosen.forEach(i -> sub.add(requests.get(i)));
            List<ObjectResult> results;
            try {
                results = call(() -> send.apply(sub));
            } catch (TargetException e) {
                chosen.forEach(i -> out[i] = ObjectResult.failed(keyOf.apply(requests.get(i)), WriteFailure.of(e)));
                return List.of();
            }
            for (int j = 0; j < chosen.size(); j++) {
                out[chosen.get(j)] = results.get(j);
            }
            return chosen.stream().filter(i -> isTransient(out[i])).toList();
        });
        return Arrays.asList(out);
    }

    private static boolean isTransient(Throwable e) {
        return e instanceof TargetException t && t.reason() == TargetException.Reason.UNAVAILABLE;
    }

    private static boolean isTransient(ObjectResult r) {
        return r.failure().filter(f -> f.reason() == TargetException.Reason.UNAVAILABLE).isPresent();
    }

    /** The budget ran out: the last failure stands. */
    private static final class Spent extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient RuntimeException failure;

        Spent(RuntimeException failure) {
            super(null, null, false, false);
            this.failure = failure;
        }
    }
}
