package io.gitops4j.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The slot bookkeeping behind DA-23, step by step on threads that wait on latches (no timing): a paused write lets
 * another take its slot, a resumed one waits for a slot, the paused writes are bounded, a thread without a slot is
 * untouched.
 */
class WriteSlotsTest {

    @Test
    @DisplayName("DA-23 a paused write's slot is taken by the next write; the paused one resumes once it is free")
    void da23APausedWritesSlotGoesToTheNextWrite() throws Exception {
        WriteSlots slots = new WriteSlots(1);
        ExecutorService threads = Executors.newCachedThreadPool();
        try {
            CountDownLatch paused = new CountDownLatch(1);
            CountDownLatch mayResume = new CountDownLatch(1);
            CountDownLatch resumed = new CountDownLatch(1);
            CountDownLatch secondMayEnd = new CountDownLatch(1);
            slots.take();
            Future<Boolean> first = threads.submit(() -> slots.holding(() -> {
                boolean gaveBack = slots.pause();
                paused.countDown();
                try {
                    mayResume.await();
                    slots.resume(); // blocks until the second write ends
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                resumed.countDown();
                return gaveBack;
            }));
            assertThat(paused.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(slots.free()).as("the first write gave its slot back").isEqualTo(1);
            slots.take();
            Future<Boolean> second = threads.submit(() -> slots.holding(() -> {
                try {
                    return secondMayEnd.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
            mayResume.countDown();
            assertThat(resumed.await(200, TimeUnit.MILLISECONDS)).as("no slot free while the second write holds it")
                    .isFalse();

            secondMayEnd.countDown();

            assertThat(second.get(20, TimeUnit.SECONDS)).isTrue();
            assertThat(first.get(20, TimeUnit.SECONDS)).as("the first write had given its slot back").isTrue();
            assertThat(slots.paused()).isZero();
            assertThat(slots.free()).as("both ended: their one slot is free").isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    @DisplayName("DA-23 at most 32 writes per slot are paused; one more keeps its slot while it waits")
    void da23PausedWritesAreBounded() throws Exception {
        WriteSlots slots = new WriteSlots(1);
        ExecutorService threads = Executors.newCachedThreadPool();
        CountDownLatch end = new CountDownLatch(1);
        try {
            List<Future<Boolean>> writes = new ArrayList<>();
            List<Boolean> gaveBack = new ArrayList<>();
            for (int i = 0; i < 33; i++) {
                slots.take();
                CompletableFuture<Boolean> pausedOrNot = new CompletableFuture<>();
                writes.add(threads.submit(() -> slots.holding(() -> {
                    pausedOrNot.complete(slots.pause());
                    try {
                        end.await();
                        slots.resume();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return true;
                })));
                gaveBack.add(pausedOrNot.get(20, TimeUnit.SECONDS));
            }

            assertThat(gaveBack.subList(0, 32)).containsOnly(true);
            assertThat(gaveBack.get(32)).as("the 33rd waits in its slot").isFalse();
            assertThat(slots.paused()).isEqualTo(32);
            end.countDown();
            for (Future<Boolean> w : writes) {
                assertThat(w.get(20, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(slots.paused()).isZero();
            assertThat(slots.free()).isEqualTo(1);
        } finally {
            end.countDown();
            threads.shutdownNow();
        }
    }

    @Test
    @DisplayName("DA-23 a write interrupted while it waits for a slot to resume stays paused and ends without one")
    void da23AnInterruptedResumeTakesNoSlot() throws Exception {
        WriteSlots slots = new WriteSlots(1);
        slots.take();
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch mayResume = new CountDownLatch(1);
        CompletableFuture<Throwable> resume = new CompletableFuture<>();
        Thread write = new Thread(() -> slots.holding(() -> {
            slots.pause();
            paused.countDown();
            try {
                mayResume.await();
                slots.resume();
                return resume.complete(null);
            } catch (InterruptedException e) {
                return resume.complete(e);
            }
        }));
        write.start();
        assertThat(paused.await(20, TimeUnit.SECONDS)).isTrue();
        slots.take(); // this thread takes the only slot, so the write cannot resume
        mayResume.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!waitsInResume(write) && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(waitsInResume(write)).isTrue();

        write.interrupt();

        assertThat(resume.get(20, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        write.join(20_000);
        assertThat(slots.paused()).isZero();
        assertThat(slots.free()).as("the interrupted write gave back no slot it did not hold").isZero();
        assertThatThrownBy(() -> slots.holding(() -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(slots.free()).as("a write that threw gave its slot back").isEqualTo(1);
    }

    /** @return true when {@code t} is parked inside {@link WriteSlots#resume()} (waiting for a slot) */
    private static boolean waitsInResume(Thread t) {
        return t.getState() == Thread.State.WAITING && Arrays.stream(t.getStackTrace()).anyMatch(
                f -> f.getClassName().equals(WriteSlots.class.getName()) && f.getMethodName().equals("resume"));
    }

    @Test
    void aThreadWithoutASlotIsNotPaused() throws InterruptedException {
        WriteSlots slots = new WriteSlots(1);
        assertThat(slots.pause()).isFalse();
        slots.resume(); // returns at once
        assertThat(slots.paused()).isZero();
    }
}
