package io.gitops4j.core.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Hands passes to the worker executor fairly and with bounded concurrency (EN-06): at most {@code limit} passes run
 * at once, whatever the executor (a host's unbounded pool included), and when a slot frees, the waiting Application
 * that started a pass least recently goes first (one that never ran before any that did; ties in arrival order). An
 * Application waits at most once: the engine coalesces its triggers into one pass in flight and one follow-up
 * (EN-02), so the queue never holds more entries than there are Applications, and a slow or hung Application holds
 * at most one slot while the others take turns in the rest.
 *
 * <p>{@link #close()} stops dispatching and hands back what never started; {@link #awaitIdle} and
 * {@link #interruptRunning()} let the reconciler's {@code close()} wait for the passes in flight and then interrupt
 * them. Thread-safe; every method synchronizes on this object, and none blocks but {@link #awaitIdle}.
 */
final class PassQueue {
    /** A pass waiting for a slot: what to run, and what to do if it never runs. */
    private record Waiting(AppState app, Runnable pass, Runnable rejected, long lastStart, long arrival) {}

    private final Executor workers;
    private final int limit;
    private final PriorityQueue<Waiting> waiting = new PriorityQueue<>((a, b) -> a.lastStart() != b.lastStart()
            ? Long.compare(a.lastStart(), b.lastStart()) : Long.compare(a.arrival(), b.arrival()));
    private final Set<Thread> running = new HashSet<>();
    private int active;
    private long arrivals;
    private long starts;
    private boolean closed;

    /**
     * @param workers runs the passes (the engine's own pool, or the host's)
     * @param limit how many passes may run at once, at least 1
     */
    PassQueue(Executor workers, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        this.workers = workers;
        this.limit = limit;
    }

    /**
     * Queues the next pass of {@code app}, run when a slot is free and its turn comes.
     *
     * @param rejected run instead of {@code pass} (on the calling thread or in {@link #close()}) when the pass can
     *     never run: the queue is closed or the executor refused it
     */
    void submit(AppState app, Runnable pass, Runnable rejected) {
        List<Runnable> refused;
        synchronized (this) {
            if (closed) {
                refused = List.of(rejected);
            } else {
                waiting.add(new Waiting(app, pass, rejected, app.lastStart(), arrivals++));
                refused = dispatch();
            }
        }
        refused.forEach(Runnable::run);
    }

    /** @return how many passes wait for a slot */
    synchronized int depth() {
        return waiting.size();
    }

    /** @return how many passes run now */
    synchronized int active() {
        return active;
    }

    /**
     * Stops dispatching; @return the passes that never started, whose {@code rejected} actions the caller runs
     * (outside any lock)
     */
    List<Runnable> close() {
        synchronized (this) {
            closed = true;
            List<Runnable> out = new ArrayList<>();
            waiting.forEach(w -> out.add(w.rejected()));
            waiting.clear();
            return out;
        }
    }

    /**
     * Waits, on the monotonic clock, until no pass runs or {@code timeout} passes.
     *
     * @return true when no pass runs
     * @throws InterruptedException when the calling thread is interrupted
     */
    synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (active > 0) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** Interrupts every thread running a pass now. */
    synchronized void interruptRunning() {
        running.forEach(Thread::interrupt);
    }

    /** Starts waiting passes while slots are free; @return the rejected actions of those the executor refused. */
    private List<Runnable> dispatch() {
        List<Runnable> refused = new ArrayList<>(0);
        while (!closed && active < limit && !waiting.isEmpty()) {
            Waiting next = waiting.poll();
            next.app().started(++starts);
            active++;
            try {
                workers.execute(() -> run(next));
            } catch (RejectedExecutionException e) {
                active--;
                refused.add(next.rejected());
            }
        }
        return refused;
    }

    private void run(Waiting next) {
        Thread self = Thread.currentThread();
        synchronized (this) {
            running.add(self);
        }
        try {
            next.pass().run();
        } finally {
            List<Runnable> refused;
            synchronized (this) {
                running.remove(self);
                active--;
                notifyAll();
                refused = dispatch();
            }
            Thread.interrupted(); // an interrupt meant for this pass does not reach the executor's next task
            refused.forEach(Runnable::run);
        }
    }
}
