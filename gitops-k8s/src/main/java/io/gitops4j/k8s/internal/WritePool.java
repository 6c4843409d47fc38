package io.gitops4j.k8s.internal;

import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.WriteFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs the writes of a batch with bounded parallelism: at most {@code concurrency} requests in flight for the whole
 * target (batches of concurrent reconciles share the threads), results in request order. A batch in which no write
 * got any answer from the server is a failure of the whole call ({@code UNAVAILABLE}), as the {@code Target}
 * contract says; otherwise each object's result stands on its own.
 *
 * <p>Thread-safe. Threads are daemons, created on demand and ended after 30 idle seconds; {@link #close()} stops
 * them.
 */
public final class WritePool implements AutoCloseable {
    private final ThreadPoolExecutor executor;

    /** One object's result, and whether its request got no answer at all. */
    public record Done(ObjectResult result, boolean noAnswer) {
        /** @return the failure of a write that got an answer, or was never sent */
        public static Done failed(ResourceKey key, WriteFailure failure) {
            return new Done(ObjectResult.failed(key, failure), false);
        }
    }

    /** @param concurrency the most writes in flight at once */
    public WritePool(int concurrency) {
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(concurrency, concurrency, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "gitops4j-k8s-write-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
    }

    /**
     * Runs {@code write} for every item and waits for all.
     *
     * @return one result per item, in order
     * @throws TargetException {@code UNAVAILABLE} when no write got an answer (the first one's failure)
     */
    public <T> List<ObjectResult> run(List<T> items, Function<T, Done> write) {
        if (items.isEmpty()) {
            return List.of();
        }
        if (items.size() == 1) {
            return check(List.of(write.apply(items.get(0))));
        }
        List<Future<Done>> futures = new ArrayList<>(items.size());
        for (T item : items) {
            futures.add(executor.submit(() -> write.apply(item)));
        }
        List<Done> done = new ArrayList<>(items.size());
        try {
            for (Future<Done> f : futures) {
                done.add(f.get());
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new TargetException(null, TargetException.Reason.UNAVAILABLE, "interrupted while writing");
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
        return check(done);
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

    /** Stops the threads; writes in flight are interrupted. Idempotent. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
