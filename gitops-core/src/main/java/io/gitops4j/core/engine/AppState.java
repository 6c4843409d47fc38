package io.gitops4j.core.engine;

import com.google.common.base.Ticker;
import io.gitops4j.api.Application;
import io.gitops4j.api.ApplicationStatus;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Trigger;
import io.gitops4j.api.coordination.Ownership;
import io.gitops4j.api.source.Revision;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * The engine's bookkeeping for one registered Application: the single-flight gate with a coalesced follow-up
 * (EN-02) and a queue of plans to apply (never coalesced), bounded history, the last synced revision, the failure
 * count, the pin, when it last started a pass (for the fair queue, {@link PassQueue}) and since when it has been
 * waiting for a pass that gets through (EN-09). Every method synchronizes on this object.
 *
 * <p>Progress (EN-09): the Application is <em>settled</em> after a pass that ended other than FAILED (SYNCED,
 * OUT_OF_SYNC, BLOCKED: the engine got through and said what is what). It becomes unsettled when a pass is asked
 * for, and stays so through queueing, running and failed passes until one gets through. Time is read from the
 * reconciler's monotonic {@link Ticker}, never from the wall clock (EN-10).
 */
final class AppState {
    private Application application;
    private final int historySize;
    private final Ticker ticker;
    private final Deque<ReconcileResult> history = new ArrayDeque<>();
    private boolean running;
    private CompletableFuture<ReconcileResult> followUp;
    private Trigger followUpTrigger;
    private long followUpAskedAt;
    private final Deque<Start> queued = new ArrayDeque<>();
    private Optional<Revision> lastSynced = Optional.empty();
    private int failures;
    private ScheduledFuture<?> tick;
    private boolean removed;
    private final DriftState drift;
    private final PinHold pin;
    private long lastStart = -1;
    private boolean unsettled;
    private long unsettledSince;

    AppState(Application application, int historySize, Ticker ticker) {
        this.application = application;
        this.historySize = historySize;
        this.drift = DriftState.of(application.name());
        this.pin = new PinHold(application.name());
        this.ticker = ticker;
    }

    synchronized Application application() {
        return application;
    }

    synchronized void replace(Application app) {
        this.application = app;
    }

    /**
     * A reconcile to start now, why it runs, the reviewed plan it applies, if it applies one, and when it was asked for
     * ({@link System#nanoTime()}; for a follow-up, its latest trigger): the pass's source may answer from a ref check
     * that began then or later ({@link io.gitops4j.api.source.Source#resolve(io.gitops4j.api.source.SourceSpec,
     * long)}).
     */
    record Start(CompletableFuture<ReconcileResult> future, Trigger trigger, Optional<PlanApply.Order> plan,
            long askedAt) {
        Start(CompletableFuture<ReconcileResult> future, Trigger trigger) {
            this(future, trigger, Optional.empty(), System.nanoTime());
        }
    }

    /**
     * @return a start ticket when nothing runs; otherwise null after attaching the request to the follow-up (whose
     *     trigger becomes this one's when this one overrides the policy, else stays the first one's), whose future is
     *     returned through
     *     {@code joined}
     */
    synchronized Start begin(Trigger trigger, CompletableFuture<ReconcileResult>[] joined) {
        asked();
        if (running) {
            if (followUp == null) {
                followUp = new CompletableFuture<>();
                followUpTrigger = trigger;
            } else if (trigger.overridesPolicy()) {
                followUpTrigger = trigger;
            }
            followUpAskedAt = System.nanoTime();   // the follow-up answers the latest trigger too
            joined[0] = followUp;
            return null;
        }
        running = true;
        return new Start(new CompletableFuture<>(), trigger);
    }

    /**
     * @return true when {@code order} is to start now; false after queueing it behind the pass in flight (a plan to
     *     apply is never coalesced: each runs as a pass of its own, in the order asked)
     */
    synchronized boolean exclusive(Start order) {
        asked();
        if (running) {
            queued.addLast(order);
            return false;
        }
        running = true;
        return true;
    }

    /**
     * Records a finished pass ({@code null}: a pass that did nothing to record, such as a refused plan); @return what
     * to start next — a queued plan first, then the coalesced follow-up — or null (then the gate opens).
     */
    synchronized Start finish(ReconcileResult result) {
        if (result != null) {
            record(result);
        }
        if (result != null && result.outcome() != Outcome.FAILED) {   // got through; what is queued waits from now
            settle();
        }
        if (!queued.isEmpty() && !removed) {
            return queued.pollFirst();
        }
        if (followUp != null && !removed) {
            Start next = new Start(followUp, followUpTrigger, Optional.empty(), followUpAskedAt);
            followUp = null;
            followUpTrigger = null;
            return next;
        }
        running = false;
        return null;
    }

    private void record(ReconcileResult result) {
        history.addFirst(result);
        while (history.size() > historySize) {
            history.removeLast();
        }
        if (result.outcome() == Outcome.SYNCED) {
            lastSynced = result.revision();
            failures = 0;
        } else if (result.outcome() == Outcome.FAILED) {
            failures++;
        }
    }

    /**
     * Ends a pass that did not run (another replica owns the Application) without recording anything.
     *
     * @return what to start next, as {@link #finish}, or null (then the gate opens)
     */
    synchronized Start skip() {
        settle();   // another replica reconciles it: no progress is owed here
        return finish(null);
    }

    /** @return the Application's pin, kept across registrations (thread-safe on its own) */
    PinHold pin() {
        return pin;
    }

    /** A pass was asked for: unless the Application already waits, it waits from now. */
    private void asked() {
        if (!unsettled) {
            unsettled = true;
            unsettledSince = ticker.read();
        }
    }

    /** The Application got through: it is settled unless another pass already waits, which waits from now. */
    private void settle() {
        unsettled = (followUp != null || !queued.isEmpty()) && !removed;
        unsettledSince = ticker.read();
    }

    /** @return what the engine keeps about this Application's drift (thread-safe on its own) */
    DriftState drift() {
        return drift;
    }

    /** Forgets the last synced revision: the Application moved to another cluster, which it never synced. */
    synchronized void forgetSynced() {
        lastSynced = Optional.empty();
    }

    /**
     * A pass that was asked for will never run (the reconciler closed, the executor refused it): opens the gate and
     * fails the follow-up and the plans waiting behind it with {@code why}.
     */
    synchronized void abandon(RuntimeException why) {
        running = false;
        if (followUp != null) {
            followUp.completeExceptionally(why);
            followUp = null;
            followUpTrigger = null;
        }
        queued.forEach(q -> q.future().completeExceptionally(why));
        queued.clear();
    }

    /** The fair queue started a pass of this Application; {@code sequence} grows with every start. */
    synchronized void started(long sequence) {
        lastStart = sequence;
    }

    /** @return the fair queue's sequence number of this Application's last start; -1 before the first */
    synchronized long lastStart() {
        return lastStart;
    }

    synchronized Optional<Revision> lastSynced() {
        return lastSynced;
    }

    synchronized int failures() {
        return failures;
    }

    synchronized List<ReconcileResult> history() {
        return List.copyOf(new ArrayList<>(history));
    }

    /**
     * @param destination the name of the target the Application reconciles into
     * @param ownership whether this replica reconciles it (EN-03)
     * @param noProgressAfter how long an Application may wait for a pass that gets through before its status says
     *     it made no progress
     */
    synchronized ApplicationStatus status(String destination, Ownership ownership, Duration noProgressAfter) {
        Optional<Duration> stalled = Optional.empty();
        if (unsettled) {
            Duration waited = Duration.ofNanos(ticker.read() - unsettledSince);
            if (waited.compareTo(noProgressAfter) >= 0) {
                stalled = Optional.of(waited);
            }
        }
        return new ApplicationStatus(application, destination, Optional.ofNullable(history.peekFirst()), lastSynced,
                running, failures, ownership, pin.current(), stalled);
    }

    synchronized void tick(ScheduledFuture<?> next) {
        if (tick != null) {
            tick.cancel(false);
        }
        tick = removed ? null : next;
        if (removed && next != null) {
            next.cancel(false);
        }
    }

    synchronized void remove() {
        removed = true;
        if (tick != null) {
            tick.cancel(false);
        }
        if (followUp != null) {
            followUp.cancel(false);
            followUp = null;
        }
        queued.forEach(q -> q.future().cancel(false));
        queued.clear();
    }

    synchronized boolean isRemoved() {
        return removed;
    }
}
