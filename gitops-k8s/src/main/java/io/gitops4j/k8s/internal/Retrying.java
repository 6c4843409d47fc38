package io.gitops4j.k8s.internal;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.gitops4j.api.target.RetryBudget;
import io.gitops4j.k8s.RetryOptions;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends requests with retries (Failsafe): a 429, 500, 502, 503 or 504 answer and an I/O failure (reset connection,
 * timeout) are tried again after exponential backoff with jitter (a random wait between half and all of the
 * doubled delay), or after the server's {@code Retry-After} when it is longer (see {@link RetryOptions}), up to {@link RetryOptions#maxAttempts()} attempts. Each retry first spends one retry of the
 * caller's {@link RetryBudget}; once that is spent, the last answer stands. Every request we send is idempotent
 * (server-side apply, a delete with preconditions, a named create or an update with a resourceVersion), so a retry
 * after a lost answer cannot duplicate anything; {@link Sent#unanswered()} tells a caller that an earlier attempt
 * may have taken effect.
 *
 * <p>Thread-safe; blocks while waiting between attempts.
 */
public final class Retrying {
    private final ApiTransport transport;
    private final RetryOptions options;

    /** @param transport where requests go; @param options attempts and delays */
    public Retrying(ApiTransport transport, RetryOptions options) {
        this.transport = transport;
        this.options = options;
    }

    /**
     * The last answer to a request, and whether some earlier attempt got no answer or a server error (so it may
     * have taken effect).
     *
     * @param response the answer
     * @param attempts how many attempts were made
     * @param unanswered true when an earlier attempt failed without a definite answer
     */
    public record Sent(ApiResponse response, int attempts, boolean unanswered) {}

    /** @return the transport, for streaming requests */
    public ApiTransport transport() {
        return transport;
    }

    /** Sends a read (no shared budget: up to the configured attempts). */
    public ApiResponse read(ApiRequest request) throws IOException {
        return send(request, RetryBudget.of(options.maxAttempts() - 1)).response();
    }

    /**
     * Sends a request, retrying transient failures while {@code budget} allows.
     *
     * @throws IOException when the last attempt got no answer
     */
    public Sent send(ApiRequest request, RetryBudget budget) throws IOException {
        AtomicBoolean unanswered = new AtomicBoolean();
        RetryPolicy<ApiResponse> policy = RetryPolicy.<ApiResponse>builder()
                .handle(IOException.class)
                .handleResultIf(ApiResponse::isTransient)
                .withMaxAttempts(options.maxAttempts())
                .withDelayFn(ctx -> delay(ctx.getAttemptCount(), ctx.getLastResult()))
                .build();
        int[] attempts = {0};
        ApiResponse[] last = {null};
        try {
            ApiResponse r = Failsafe.with(policy).get(ctx -> {
                if (ctx.getAttemptCount() > 0) {
                    if (!budget.tryAcquire()) {
                        throw new BudgetSpent(ctx.getLastException());
                    }
                    if (ctx.getLastException() != null || (ctx.getLastResult() != null
                            && ctx.getLastResult().code() != 429)) {
                        unanswered.set(true);
                    }
                }
                attempts[0]++;
                ApiResponse answer = transport.send(request);
                last[0] = answer;
                return answer;
            });
            return new Sent(r, attempts[0], unanswered.get());
        } catch (BudgetSpent e) {
            if (last[0] != null && e.getCause() == null) {
                return new Sent(last[0], attempts[0], unanswered.get());
            }
            throw io(e.getCause());
        } catch (FailsafeException e) {
            if (e.getCause() instanceof BudgetSpent spent) {
                if (last[0] != null && spent.getCause() == null) {
                    return new Sent(last[0], attempts[0], unanswered.get());
                }
                throw io(spent.getCause());
            }
            throw io(e.getCause());
        }
    }

    private Duration delay(int attempt, ApiResponse last) {
        long cap = options.maxDelay().toMillis();
        long exp = Math.min(cap, options.initialDelay().toMillis() << Math.min(20, Math.max(0, attempt - 1)));
        long jittered = ThreadLocalRandom.current().nextLong(exp / 2, exp + 1);
        if (last != null && last.retryAfter().isPresent()) {
            long wanted = Math.min(last.retryAfter().get().toMillis(), RetryOptions.MAX_RETRY_AFTER_SECONDS * 1000L);
            return Duration.ofMillis(Math.max(jittered, wanted));
        }
        return Duration.ofMillis(jittered);
    }

    private static IOException io(Throwable t) {
        if (t instanceof IOException e) {
            return e;
        }
        if (t instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new InterruptedIOException("interrupted while waiting to retry");
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        return new IOException(t);
    }

    /** Thrown inside an attempt when no retry is left in the budget; not handled by the policy. */
    private static final class BudgetSpent extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BudgetSpent(Throwable lastFailure) {
            super(null, lastFailure, false, false);
        }
    }
}
