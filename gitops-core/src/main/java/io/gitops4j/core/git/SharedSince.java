package io.gitops4j.core.git;

import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One piece of work (a ref check) shared by every caller that accepts a result of work <em>started</em> at or after the
 * moment it asked: a caller that asked at {@code t} gets the result of a run that began at {@code t} or later, never
 * one that began before. So callers asked for together (a resync of many Applications, one push to all of them) share
 * one run, and a caller that asked after a change (a commit pushed, credentials revoked) always gets a run that began
 * after it. At most one run is in flight: a caller that cannot use the run in flight waits for it to end and then
 * starts or joins the next one.
 *
 * <p>The last successful result is kept with its start time and answers later callers that asked before that start
 * (a pass asked for in a resync that reaches a worker late). A failed run is shared by the callers waiting for it and
 * never kept. Times are {@link System#nanoTime()} readings (monotonic, EN-10). Thread-safe; {@link #get} blocks while
 * it waits, and a caller interrupted while it waits fails with {@code UNAVAILABLE} (the run itself goes on for the
 * others).
 */
final class SharedSince<V> {
    /** A run: when it began and its outcome. */
    private record Run<V>(long started, CompletableFuture<V> outcome) {}

    private final LongSupplier clock;
    private Run<V> running;
    private Run<V> last;

    SharedSince() {
        this(System::nanoTime);
    }

    /** @param clock the monotonic clock runs are stamped with (tests pass their own) */
    SharedSince(LongSupplier clock) {
        this.clock = clock;
    }

    /**
     * @param askedAt when the caller asked (a reading of this object's clock): the result comes from a run that began
     *     at that moment or later
     * @param work the run, executed on the calling thread when this caller starts it; its exception is every waiting
     *     caller's
     */
    V get(long askedAt, Supplier<V> work) {
        while (true) {
            Run<V> mine;
            Run<V> wait;
            synchronized (this) {
                if (last != null && last.started() - askedAt >= 0) {
                    return last.outcome().join();
                }
                if (running == null) {
                    running = new Run<>(clock.getAsLong(), new CompletableFuture<>());
                    mine = running;
                    wait = null;
                } else {
                    mine = null;
                    wait = running;
                }
            }
            if (mine != null) {
                return lead(mine, work);
            }
            if (wait.started() - askedAt >= 0) {
                return await(wait, true);
            }
            await(wait, false);   // began before this caller asked: wait for it to end, then start or join the next
        }
    }

    private V lead(Run<V> run, Supplier<V> work) {
        try {
            V value = work.get();
            synchronized (this) {
                last = run;
                running = null;
            }
            run.outcome().complete(value);
            return value;
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                running = null;
            }
            run.outcome().completeExceptionally(e);
            throw e;
        }
    }

    /** Waits for a run to end; with {@code share} its value or exception is this caller's, else only its end. */
    private V await(Run<V> run, boolean share) {
        try {
            return run.outcome().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException(Reason.UNAVAILABLE, "interrupted while waiting for a shared ref check");
        } catch (ExecutionException e) {
            if (!share) {
                return null;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
