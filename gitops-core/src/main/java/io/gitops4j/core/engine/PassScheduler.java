package io.gitops4j.core.engine;

import io.gitops4j.api.Application;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileListener;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Timings;
import io.gitops4j.api.Trigger;
import io.gitops4j.api.health.HealthObservation;
import io.gitops4j.api.plan.ChangeSet;
import io.gitops4j.api.plan.StalePlanException;
import io.gitops4j.core.coordination.Fence;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When passes run: a trigger queues a pass in the fair queue ({@link PassQueue}: bounded concurrency, least recently
 * started Application first, EN-06) unless one is in flight for the Application, in which case it joins the one
 * follow-up pass (EN-02); a plan to apply runs as a pass of its own ({@link PlanApply}), queued behind the pass in
 * flight and before the follow-up; each pass runs with its safe points and phase timeouts ({@link PassControl}),
 * stopping at the next safe point once the reconciler closes (EN-11); a pass that can never run (the reconciler
 * closed, the executor refused it) fails its future. After a pass the result is recorded, delivered to the listeners,
 * the Application's change feed follows the kinds the pass planned, and — with background scheduling — the next
 * tick is set at the interval, or after failures at a capped exponential backoff with jitter (EN-07). The first
 * tick of an automated Application comes at a random moment within the first tenth of its interval. With replicas
 * sharing the work (EN-03) a pass runs only while this replica owns the Application, under a fence taken as it
 * starts: a tick or a push for an Application another replica owns does nothing (no result is recorded) and the
 * next tick is set as usual; a {@code reconcileNow} gets a result failed in phase OWNERSHIP naming the holder.
 * Thread-safe.
 */
final class PassScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(PassScheduler.class);

    private final Destinations destinations;
    private final PassQueue queue;
    private final ScheduledExecutorService timers;
    private final PhaseTimeouts timeouts;
    private final boolean background;
    private final List<ReconcileListener> listeners;
    private final BooleanSupplier closed;
    private final ReplicaOwnership ownership;

    PassScheduler(Destinations destinations, PassQueue queue, PhaseTimeouts timeouts,
            GitOpsReconciler.Resources resources, List<ReconcileListener> listeners, BooleanSupplier closed,
            ReplicaOwnership ownership) {
        this.destinations = destinations;
        this.queue = queue;
        this.timeouts = timeouts;
        this.timers = resources.timers();
        this.background = resources.background();
        this.listeners = listeners;
        this.closed = closed;
        this.ownership = ownership;
    }

    /** Sets the first tick of a (re-)registered Application, with background scheduling on. */
    void registered(AppState state) {
        if (background) {
            schedule(state, initialDelay(state.application()));
        }
    }

    /** @return the pass that applies {@code order}: now, or after the passes in flight and queued before it */
    CompletableFuture<ReconcileResult> apply(AppState state, PlanApply.Order order) {
        AppState.Start start = new AppState.Start(new CompletableFuture<>(), Trigger.PLAN_APPLY, Optional.of(order),
                System.nanoTime());
        if (state.exclusive(start)) {
            submit(state, start);
        }
        return start.future();
    }

    /** @return the pass that runs for this trigger: a new one, or the follow-up of the one in flight */
    CompletableFuture<ReconcileResult> trigger(AppState state, Trigger trigger) {
        @SuppressWarnings("unchecked")
        CompletableFuture<ReconcileResult>[] joined = new CompletableFuture[1];
        AppState.Start start = state.begin(trigger, joined);
        if (start == null) {
            return joined[0];
        }
        submit(state, start);
        return start.future();
    }

    /** @return a control for one pass: the phase timeouts, and the reconciler's closing as the stop signal */
    PassControl control() {
        return new PassControl(timers, timeouts, closed);
    }

    private void submit(AppState state, AppState.Start start) {
        Application app = state.application();
        queue.submit(state, PassEvents.scoped(listeners, app, destinations.of(app).name(), start.trigger(),
                () -> runPass(state, start)), () -> {
            IllegalStateException why = new IllegalStateException(closed.getAsBoolean() ? "reconciler is closed"
                    : "the worker executor refused the pass");
            state.abandon(why);
            start.future().completeExceptionally(why);
        });
    }

    private void runPass(AppState state, AppState.Start start) {
        Application app = state.application();
        Destinations.Destination to = destinations.of(app);
        Optional<Fence> fence = ownership.fence(app.name());
        if (fence.isEmpty() && !start.trigger().overridesPolicy()) {
            skip(state, start, app, to.name());
            return;
        }
        ReconcileResult result;
        try {
            result = fence.isEmpty() ? notOwner(app, to.name(), start.trigger())
                    : start.plan().isPresent()
                    ? to.planApply().apply(app, start.plan().get(), state.lastSynced(), fence.get(), state.drift(),
                            control())
                    : to.run().run(app, start.trigger(), start.askedAt(), state.lastSynced(), false, fence.get(),
                            state.drift(), state.pin(), control());
        } catch (StalePlanException e) {
            AppState.Start next = state.finish(null);   // refused: nothing written, nothing to record
            start.future().completeExceptionally(e);
            continueWith(state, next);
            return;
        } catch (Error e) {   // the pass cannot end normally: free the Application, fail whoever waits
            state.abandon(new IllegalStateException("the pass ended with " + e.getClass().getName()));
            start.future().completeExceptionally(e);
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("reconcile of {} failed unexpectedly: {}", app.name(), e.getClass().getName());
            Instant now = Instant.now();
            result = new ReconcileResult(app.name(), to.name(), Optional.empty(), start.trigger(), Outcome.FAILED,
                    ChangeSet.empty(), List.of(), List.of(), HealthObservation.notAssessed("not assessed", now),
                    new Timings(now, Map.of()), Optional.of(PassFailures.internal(e)), List.of());
        }
        if (!state.isRemoved()) {
            to.feeds().follow(app.name(), result.changes(), state.drift().owned());
        }
        AppState.Start next = state.finish(result);
        PassEvents.finished(result);
        notifyListeners(result);
        start.future().complete(result);
        continueWith(state, next);
    }

    /** Starts the next pass ({@code next}, when one waits), or sets the next tick. */
    private void continueWith(AppState state, AppState.Start next) {
        if (next != null) {
            submit(state, next);
        } else if (background && !state.isRemoved() && !closed.getAsBoolean()) {
            schedule(state, nextDelay(state));
        }
    }

    /** A pass for an Application another replica owns: nothing recorded, the next tick set as usual. */
    private void skip(AppState state, AppState.Start start, Application app, String destination) {
        AppState.Start next = state.skip();
        start.future().complete(notOwner(app, destination, start.trigger()));
        continueWith(state, next);
    }

    private ReconcileResult notOwner(Application app, String destination, Trigger trigger) {
        Instant now = Instant.now();
        return new ReconcileResult(app.name(), destination, Optional.empty(), trigger, Outcome.FAILED,
                ChangeSet.empty(), List.of(), List.of(),
                HealthObservation.notAssessed("not assessed: not reconciled by this replica", now),
                new Timings(now, Map.of()), Optional.of(PassFailures.notOwner(ownership.notOwned(app.name(),
                        trigger == Trigger.MANUAL))), List.of());
    }

    private void notifyListeners(ReconcileResult result) {
        for (ReconcileListener l : listeners) {
            try {
                l.onResult(result);
            } catch (RuntimeException e) {
                LOG.warn("a reconcile listener failed: {}", e.getClass().getName());
            }
        }
    }

    private void schedule(AppState state, Duration delay) {
        if (closed.getAsBoolean()) {
            return;
        }
        try {
            state.tick(timers.schedule(() -> trigger(state, Trigger.SCHEDULE), delay.toMillis(), TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException e) {
            // closing: no more ticks
        }
    }

    private static Duration initialDelay(Application app) {
        long jitter = ThreadLocalRandom.current().nextLong(Math.max(1, app.syncPolicy().interval().toMillis() / 10));
        return app.syncPolicy().isAutomated() ? Duration.ofMillis(jitter) : app.syncPolicy().interval();
    }

    private static Duration nextDelay(AppState state) {
        Application app = state.application();
        int failures = state.failures();
        if (failures == 0) {
            return app.syncPolicy().interval();
        }
        Duration base = app.syncPolicy().retry().backoff(failures);
        double jitter = app.syncPolicy().retry().jitter() * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis((long) (base.toMillis() * (1 + jitter)));
    }
}
