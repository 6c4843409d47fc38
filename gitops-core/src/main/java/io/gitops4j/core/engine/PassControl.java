package io.gitops4j.core.engine;

import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.ReconcileFailure.EngineReason;
import io.gitops4j.api.ReconcileFailure.Phase;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.WriteFailure;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What may end one pass early, checked at its safe points (before each phase, between stages, before the prunes,
 * while waiting): the reconciler closing (EN-11: reason STOPPED) and the phase timeouts (EN-06: reason TIMEOUT).
 * A phase runs {@link #within} its timeout: a watchdog on the engine's timer (monotonic) marks the phase as run out
 * and interrupts the pass's thread at the deadline; the interrupt is cleared when the phase ends, so what the pass
 * does next (recording the inventory) is not disturbed by it. Safe points never fall between the write-ahead intent
 * and recording what was written: a pass stopped after its intent still writes its final inventory.
 *
 * <p>One per pass; used by the pass's thread, except the watchdog, which only sets a volatile field and interrupts.
 */
final class PassControl {
    private final ScheduledExecutorService timers;
    private final PhaseTimeouts timeouts;
    private final BooleanSupplier stopping;
    private volatile Phase expired;

    /**
     * @param timers runs the watchdogs
     * @param stopping true once the reconciler is closing
     */
    PassControl(ScheduledExecutorService timers, PhaseTimeouts timeouts, BooleanSupplier stopping) {
        this.timers = timers;
        this.timeouts = timeouts;
        this.stopping = stopping;
    }

    /** @return the timeouts of the phases */
    PhaseTimeouts timeouts() {
        return timeouts;
    }

    /**
     * Runs {@code work} as {@code phase} under that phase's timeout. At the deadline the phase is marked as run out
     * ({@link #checkpoint} reports it from then on) and the calling thread is interrupted; the interrupt is cleared
     * before this method returns.
     *
     * @throws PassFailedException the phase's TIMEOUT, when {@code work} threw after the deadline passed (the
     *     interrupt is the likely cause); an exception thrown before the deadline is rethrown as it is
     */
    <T> T within(Phase phase, Supplier<T> work) {
        Watchdog dog = new Watchdog(phase, Thread.currentThread());
        ScheduledFuture<?> timer = null;
        try {
            timer = timers.schedule(dog::fire, timeouts.of(phase).toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // the timer is shut down: the reconciler is closing, and its close deadline interrupts instead
        }
        try {
            return work.get();
        } catch (RuntimeException e) {
            if (dog.end()) {
                throw new PassFailedException(timedOut(phase), e);
            }
            throw e;
        } finally {
            if (timer != null) {
                timer.cancel(false);
                if (timers instanceof ScheduledThreadPoolExecutor pool && timer instanceof Runnable task) {
                    pool.remove(task);   // not left in the queue until its deadline (a host's timers included)
                }
            }
            dog.end();
        }
    }

    /**
     * A safe point before (or within) {@code phase}.
     *
     * @return STOPPED in {@code phase} when the reconciler is closing, TIMEOUT when a phase ran out of time; empty
     *     when the pass may go on
     */
    Optional<ReconcileFailure> checkpoint(Phase phase) {
        Optional<ReconcileFailure> ranOut = ranOut();
        if (ranOut.isPresent()) {
            return ranOut;
        }
        if (stopping.getAsBoolean()) {
            return Optional.of(new ReconcileFailure(phase, EngineReason.STOPPED, Optional.empty(), "",
                    "stopped before " + phase.name().toLowerCase(java.util.Locale.ROOT) + ": the reconciler is "
                            + "closing"));
        }
        return Optional.empty();
    }

    /** @return the TIMEOUT of the phase that ran out of time, if one did */
    Optional<ReconcileFailure> ranOut() {
        Phase phase = expired;
        return phase == null ? Optional.empty() : Optional.of(timedOut(phase));
    }

    /** As {@link #checkpoint}, throwing. @throws PassFailedException when the pass must not go on */
    void check(Phase phase) {
        Optional<ReconcileFailure> stop = checkpoint(phase);
        if (stop.isPresent()) {
            throw new PassFailedException(stop.get(), null);
        }
    }

    /**
     * Sends one batch of writes of {@code phase}. When the call throws because the pass had to stop meanwhile (its
     * phase ran out and interrupted the call, or the reconciler is closing), each object of the batch fails instead,
     * its message saying that whether it was written is not known; the pass stops at its next safe point, and the
     * inventory keeps the objects' entries so the next pass settles them. Any other exception is rethrown.
     *
     * @param keys the objects of the batch, in request order
     */
    List<ObjectResult> batch(Phase phase, List<ResourceKey> keys, Supplier<List<ObjectResult>> send) {
        try {
            return send.get();
        } catch (RuntimeException e) {
            Optional<ReconcileFailure> stop = checkpoint(phase);
            if (stop.isEmpty()) {
                throw e;
            }
            String why = ": not known whether it was written; the pass stopped: " + stop.get().message();
            return keys.stream().map(k -> ObjectResult.failed(k, new WriteFailure(TargetException.Reason.UNAVAILABLE,
                    k.kind() + " " + (k.namespace().isEmpty() ? "" : k.namespace() + "/") + k.name() + why,
                    List.of()))).toList();
        }
    }

    /** @return true once the reconciler is closing or a phase ran out: a wait in progress should end */
    boolean cancelled() {
        return expired != null || stopping.getAsBoolean();
    }

    private ReconcileFailure timedOut(Phase phase) {
        Duration limit = timeouts.of(phase);
        String what = switch (phase) {
            case SOURCE -> "resolving the revision";
            case PLAN -> "planning";
            case DRY_RUN -> "dry-running";
            case PIN -> "reading the stored pin";
            case APPLY -> "applying";
            case PRUNE -> "pruning";
            default -> "waiting";
        };
        return new ReconcileFailure(phase, EngineReason.TIMEOUT, Optional.empty(), "", what + " took longer than "
                + "its timeout of " + format(limit) + "; nothing after it ran");
    }

    private static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** Interrupts one thread at a phase's deadline, unless the phase ended first. */
    private final class Watchdog {
        private final Phase phase;
        private final Thread thread;
        private boolean ended;
        private boolean fired;

        Watchdog(Phase phase, Thread thread) {
            this.phase = phase;
            this.thread = thread;
        }

        synchronized void fire() {
            if (!ended) {
                fired = true;
                expired = phase;
                thread.interrupt();
            }
        }

        /** Ends the phase: no interrupt after this; clears one that was delivered. @return whether it fired */
        synchronized boolean end() {
            ended = true;
            if (fired && thread == Thread.currentThread()) {
                Thread.interrupted();
            }
            return fired;
        }
    }
}
