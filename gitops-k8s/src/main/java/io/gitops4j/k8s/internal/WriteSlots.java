package io.gitops4j.k8s.internal;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The write slots of a target: a write sends requests only while its thread holds one of {@code slots} slots, so
 * at most that many writes have a request in flight at once. A write told to come back later (a {@code Retry-After},
 * a backoff) gives its slot back for the wait ({@link #pause()}) and takes one again before its next attempt
 * ({@link #resume()}), so the other writes go on meanwhile, as client-go waits out each request's retry on its own.
 * At most {@code 32 × slots} writes are paused at once (each is a thread waiting); a write that would be one more
 * waits holding its slot, so the threads of a target stay bounded however long the server keeps it waiting.
 *
 * <p>Slots are taken in the order they are asked for (a fair semaphore), so a write coming back from its wait is not
 * overtaken by writes asked for after it. A thread that holds no slot (a reader, a watch) is not affected:
 * {@link #pause()} and {@link #resume()} do nothing on it.
 *
 * <p>Thread-safe. {@link #take()} and {@link #resume()} block until a slot is free.
 */
public final class WriteSlots {
    /** What the calling thread has. */
    private enum Held { NOTHING, SLOT, PAUSED }

    private final Semaphore free;
    private final int maxPaused;
    private final AtomicInteger paused = new AtomicInteger();
    private final ThreadLocal<Held> held = ThreadLocal.withInitial(() -> Held.NOTHING);

    /** @param slots the most writes with a request in flight at once */
    public WriteSlots(int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1");
        }
        this.free = new Semaphore(slots, true);
        this.maxPaused = 32 * slots;
    }

    /**
     * Takes a slot for a write that {@link #holding} will run, on this thread or another.
     *
     * @throws InterruptedException when interrupted while every slot is taken (no slot is taken then)
     */
    void take() throws InterruptedException {
        free.acquire();
    }

    /** Gives back a slot {@link #take()} took for a write that will never run. */
    void giveBack() {
        free.release();
    }

    /**
     * Runs a write on the calling thread with the slot {@link #take()} took for it, and gives that slot back when the
     * write ends (unless the write ended paused: its slot was given back already).
     */
    <R> R holding(Supplier<R> write) {
        held.set(Held.SLOT);
        try {
            return write.get();
        } finally {
            Held end = held.get();
            held.remove();
            if (end == Held.SLOT) {
                free.release();
            } else if (end == Held.PAUSED) {
                paused.decrementAndGet();
            }
        }
    }

    /**
     * Called by a thread about to wait before its request's next attempt: gives its slot back, unless it holds none
     * or {@code 32 × slots} writes are paused already.
     *
     * @return true when the slot was given back ({@link #resume()} takes one again)
     */
    public boolean pause() {
        if (held.get() != Held.SLOT) {
            return false;
        }
        if (paused.incrementAndGet() > maxPaused) {
            paused.decrementAndGet();
            return false;
        }
        held.set(Held.PAUSED);
        free.release();
        return true;
    }

    /**
     * Called by a thread before it sends a request: when it {@linkplain #pause() paused}, takes a slot again, waiting
     * until one is free; otherwise returns at once.
     *
     * @throws InterruptedException when interrupted while waiting for a slot (the thread stays paused, sends nothing)
     */
    public void resume() throws InterruptedException {
        if (held.get() != Held.PAUSED) {
            return;
        }
        free.acquire();
        held.set(Held.SLOT);
        paused.decrementAndGet();
    }

    /** @return the writes paused now (given their slot back for a wait, or waiting to take one again) */
    int paused() {
        return paused.get();
    }

    /** @return the slots free now */
    int free() {
        return free.availablePermits();
    }
}
