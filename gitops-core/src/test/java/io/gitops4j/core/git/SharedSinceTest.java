package io.gitops4j.core.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link SharedSince}: a caller gets a run that began at or after it asked, never an older one (GS-22). */
@Timeout(30)
class SharedSinceTest {
    private final AtomicLong clock = new AtomicLong(1_000);
    private final SharedSince<Integer> shared = new SharedSince<>(clock::get);
    private final AtomicInteger runs = new AtomicInteger();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private Integer work() {
        return runs.incrementAndGet();
    }

    @Test
    @DisplayName("GS-22 callers that asked before a run began share it, also after it ended")
    void gs22CallersAskedBeforeARunBeganShareIt() {
        long asked = clock.get();
        clock.addAndGet(10);
        assertThat(shared.get(asked, this::work)).isEqualTo(1);
        assertThat(shared.get(asked, this::work)).as("asked before run 1 began").isEqualTo(1);
        assertThat(shared.get(clock.get(), this::work)).as("asked when run 1 began").isEqualTo(1);
        clock.addAndGet(1);
        assertThat(shared.get(clock.get(), this::work)).as("asked after run 1 began").isEqualTo(2);
        assertThat(shared.get(asked, this::work)).as("the newest run answers older askers").isEqualTo(2);
        assertThat(runs).hasValue(2);
    }

    @Test
    @DisplayName("GS-22 a caller that asked after the run in flight began waits for it and gets the next run")
    void gs22ACallerAskedAfterTheRunInFlightBeganGetsTheNextOne() throws Exception {
        CountDownLatch inFirst = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger overlap = new AtomicInteger();
        java.util.function.Supplier<Integer> slow = () -> {
            if (inFlight.incrementAndGet() > 1) {
                overlap.incrementAndGet();
            }
            try {
                int n = runs.incrementAndGet();
                if (n == 1) {
                    inFirst.countDown();
                    release.await();
                }
                return n;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                inFlight.decrementAndGet();
            }
        };
        long early = clock.get();
        Future<Integer> first = pool.submit(() -> shared.get(early, slow));
        assertThat(inFirst.await(10, TimeUnit.SECONDS)).isTrue();
        Future<Integer> joiner = pool.submit(() -> shared.get(early, slow));
        clock.addAndGet(5);
        long late = clock.get();
        List<Future<Integer>> lates = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            lates.add(pool.submit(() -> shared.get(late, slow)));
        }
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(joiner.get(10, TimeUnit.SECONDS)).as("asked before run 1 began").isEqualTo(1);
        for (Future<Integer> f : lates) {
            assertThat(f.get(10, TimeUnit.SECONDS)).as("never the run that began before it asked").isEqualTo(2);
        }
        assertThat(runs).as("the late callers share one run").hasValue(2);
        assertThat(overlap).as("one run in flight at a time").hasValue(0);
    }

    @Test
    @DisplayName("GS-22 a failed run is shared by its waiters but never kept: the next caller runs anew")
    void gs22AFailureIsSharedButNotKept() {
        long asked = clock.get();
        assertThatThrownBy(() -> shared.get(asked, () -> {
            throw new SourceException(Reason.UNAUTHORIZED, "refused");
        })).isInstanceOf(SourceException.class);
        assertThat(shared.get(asked, this::work)).isEqualTo(1);
    }
}
