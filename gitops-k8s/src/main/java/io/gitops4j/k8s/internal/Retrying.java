package io.gitops4j.k8s.internal;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.gitops4j.api.target.RetryBudget;
import io.gitops4j.k8s.RetryOptions;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends requests with retries (Failsafe): a 429, 500, 502, 503 or 504 answer and an I/O failure (reset connection,
 * timeout; not a TLS handshake that refused the server's certificate, {@link ApiFailures#untrusted}) are tried again
 * after the server's {@code Retry-After} when the answer carries one, else after exponential backoff with jitter
 * ({@link Backoff}), up to {@link RetryOptions#maxAttempts()} attempts. The thread that sent a request waits out its
 * retries itself; a write holding one of the target's {@link WriteSlots} gives its slot back for the wait and takes
 * one again before the next attempt, so the other writes go on meanwhile while no more requests than the slots are in
 * flight. Each retry first spends one retry of the caller's {@link RetryBudget}; once that is spent, the last answer
 * stands at once, without a wait. Every request we send is idempotent (server-side apply, a delete with
 * preconditions, a named create or an update with a resourceVersion), so a retry after a lost answer cannot
 * duplicate anything; {@link Sent#unanswered()} tells a caller that an earlier attempt may have taken effect.
 *
 * <p>Thread-safe; blocks while waiting between attempts (and for a slot after the wait). A thread interrupted while
 * it waits sends nothing more: the request fails with an {@link InterruptedIOException}, the interrupt kept.
 */
public final class Retrying {
    private final ApiTransport transport;
    private final RetryOptions options;
    private final Backoff backoff;
    private final WriteSlots slots;

    /**
     * Requests sent by threads that hold no write slot (reads, watches, leases).
     *
     * @param transport where requests go; @param options attempts and delays
     */
    public Retrying(ApiTransport transport, RetryOptions options) {
        this(transport, options, new WriteSlots(1)); // slots nobody holds: no wait gives anything back
    }

    /**
     * @param transport where requests go; @param options attempts and delays
     * @param slots the write slots a waiting writer gives back ({@link WritePool#slots()})
     */
    public Retrying(ApiTransport transport, RetryOptions options, WriteSlots slots) {
        this.transport = transport;
        this.options = options;
        this.backoff = new Backoff(options);
        this.slots = slots;
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
        AtomicInteger attempts = new AtomicInteger();
        RetryPolicy<ApiResponse> policy = RetryPolicy.<ApiResponse>builder()
                .handle(IOException.class)
                .handleResultIf(ApiResponse::isTransient)
                // a refused certificate stays refused: the remedy is in the configuration, not in waiting
                .abortOn(ApiFailures::untrusted)
                .withMaxAttempts(options.maxAttempts())
                .withDelayFn(ctx -> backoff.before(ctx.getAttemptCount(), ctx.getLastResult()))
                // the budget is asked before the wait, so a request whose pass has no retry left fails at once
                .abortIf((answer, failure) -> attempts.get() < options.maxAttempts() && !budget.tryAcquire())
                // a writer told to wait lets another write use its slot meanwhile (taken again before the attempt)
                .onRetryScheduled(e -> slots.pause())
                .build();
        try {
            ApiResponse r = Failsafe.with(policy).get(ctx -> {
                if (ctx.getAttemptCount() > 0 && (ctx.getLastException() != null
                        || (ctx.getLastResult() != null && ctx.getLastResult().code() != 429))) {
                    unanswered.set(true);
                }
                slots.resume();
                attempts.incrementAndGet();
                return transport.send(request);
            });
            return new Sent(r, attempts.get(), unanswered.get());
        } catch (FailsafeException e) {
            throw io(e.getCause());
        }
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
}
