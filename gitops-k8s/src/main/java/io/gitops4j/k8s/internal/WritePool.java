package io.gitops4j.k8s.internal;

import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.WriteFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs the writes of a batch with bounded parallelism: at most {@code concurrency} writes with a request in flight
 * for the whole target (batches of concurrent reconciles share the {@link WriteSlots}), results in request order. A
 * write waiting out a retry gives its slot back for the wait ({@link Retrying} pauses it), so the next write of the
 * batch starts meanwhile; the batch ends when every write has ended, those that waited included. A batch in which no
 * write got any answer from the server is a failure of the whole call ({@code UNAVAILABLE}), as the {@code Target}
 * contract says; otherwise each object's result stands on its own.
 *
 * <p>Thread-safe. Blocks the calling thread until the batch ends. A write takes a slot before it starts, so the
 * threads running writes are at most the slots plus the paused writes ({@link WriteSlots}); threads are daemons,
 * created on demand and ended after 30 idle seconds. An interrupted batch ends at once with {@code UNAVAILABLE}: its
 * writes not started never start, those waiting out a retry are interrupted and send nothing more. {@link #close()}
 * stops the threads.
 */
public final class WritePool implements AutoCloseable {
    private final WriteSlots slots;
    private final ThreadPoolExecutor executor;

    /** One object's result, and whether its request got no answer at all. */
    public record Done(ObjectResult result, boolean noAnswer) {
        /** @return the failure of a write that got an answer, or was never sent */
        public static Done failed(ResourceKey key, WriteFailure failure) {
            return new Done(ObjectResult.failed(key, failure), false);
        }
    }

    /** @param concurrency the most writes with a request in flight at once */
    public WritePool(int concurrency) {
        this.slots = new WriteSlots(concurrency);
        AtomicInteger n = new AtomicInteger();
        // no queue: a write is handed to a thread only once it has its slot, so live writes are bounded by the slots
        this.executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> {
                    Thread t = new Thread(r, "gitops4j-k8s-write-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** @return the slots the writes hold; {@link Retrying} gives a waiting write's slot back through them */
    public WriteSlots slots() {
        return slots;
    }

    /**
     * Runs {@code write} for every item and waits for all.
     *
     * @return one result per item, in order
     * @throws TargetException {@code UNAVAILABLE} when no write got an answer (the first one's failure), or when
     *     interrupted
     */
    public <T> List<ObjectResult> run(List<T> items, Function<T, Done> write) {
        if (items.isEmpty()) {
            return List.of();
        }
        if (items.size() == 1) {
            try {
                slots.take();
            } catch (InterruptedException e) {
                throw interrupted();
            }
            return check(List.of(slots.holding(() -> write.apply(items.get(0)))));
        }
        List<Started> started = new ArrayList<>(items.size());
        List<Done> done = new ArrayList<>(items.size());
        try {
            for (T item : items) {
                slots.take();
                Started s = new Started(() -> write.apply(item));
                try {
                    s.future = executor.submit(s);
                } catch (RejectedExecutionException e) {
                    s.abandon();
                    throw e;
                }
                started.add(s);
            }
            for (Started s : started) {
                done.add(s.future.get());
            }
        } catch (InterruptedException e) {
            started.forEach(Started::abandon);
            throw interrupted();
        } catch (ExecutionException e) {
            started.forEach(Started::abandon);
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (RuntimeException e) {
            started.forEach(Started::abandon);
            throw e;
        }
        return check(done);
    }

    private static TargetException interrupted() {
        Thread.currentThread().interrupt();
        return new TargetException(null, TargetException.Reason.UNAVAILABLE, "interrupted while writing");
    }

    /** A write handed to a thread with the slot taken for it; abandoned, it stops or never starts. */
    private final class Started implements Callable<Done> {
        private final Supplier<Done> write;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private Future<Done> future;

        Started(Supplier<Done> write) {
            this.write = write;
        }

        @Override
        public Done call() {
            if (!claimed.compareAndSet(false, true)) {
                return null; // abandoned before it started: its slot was given back
            }
            return slots.holding(write);
        }

        /** Interrupts the write if it runs; gives its slot back if it never started. */
        void abandon() {
            if (future != null) {
                future.cancel(true);
            }
            if (claimed.compareAndSet(false, true)) {
                slots.giveBack();
            }
        }
    }

    private static List<ObjectResult> check(List<Done> done) {
        List<ObjectResult> out = new ArrayList<>(done.size());
        boolean anyAnswer = false;
        for (Done d : done) {
            out.add(d.result());
            anyAnswer |= !d.noAnswer();
        }
        if (!anyAnswer) {
            ObjectResult first = out.get(0);
            throw first.failure().orElseThrow().toException(first.key());
        }
        return out;
    }

    /** Stops the threads; writes in flight are interrupted, a batch still starting writes fails. Idempotent. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
