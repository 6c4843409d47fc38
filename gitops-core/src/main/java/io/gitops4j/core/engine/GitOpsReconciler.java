package io.gitops4j.core.engine;

import com.google.common.base.Ticker;
import io.gitops4j.api.Application;
import io.gitops4j.api.ApplicationStatus;
import io.gitops4j.api.Checks;
import io.gitops4j.api.DriftMode;
import io.gitops4j.api.ReconcileListener;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.Trigger;
import io.gitops4j.api.UnknownApplicationException;
import io.gitops4j.api.deploy.Deployment;
import io.gitops4j.api.deploy.Pin;
import io.gitops4j.api.deploy.PinOptions;
import io.gitops4j.api.plan.ApplyPlanOptions;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.progress.DriftSeen;
import io.gitops4j.api.progress.ShardOwnershipChanged;
import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.source.Ref;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.Source;
import io.gitops4j.api.target.PinStore;
import io.gitops4j.core.coordination.ShardListener;
import io.gitops4j.core.coordination.ShardState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Reconciler} of gitops4j. Build one with {@code GitOps.reconciler()}.
 *
 * <p>Automated Applications get their first pass at a random moment within the first tenth of their interval after
 * {@link #register} (spreading the start of many registrations), then one every interval (after failures: capped
 * exponential backoff with jitter, EN-07); manual ones are planned on schedule and written only through {@link
 * #reconcileNow}. With {@link ReconcilerBuilder#backgroundScheduling(boolean) backgroundScheduling(false)} nothing
 * runs on a timer; {@link #reconcileNow}, {@link #onPush} and drift start passes. One pass per Application at a time;
 * requests arriving meanwhile share one follow-up pass (EN-02). Passes run on the worker executor, at most the
 * builder's {@code workerThreads} at once, the Application that started a pass least recently first ({@link
 * PassQueue}, EN-06), each phase within its timeout ({@link PhaseTimeouts}); timers on a single scheduler thread
 * ({@link PassScheduler}). Every timer, timeout and duration runs on monotonic time (the timer executor, the
 * builder's {@code Ticker}); the wall clock only stamps results (EN-10). Each Application's change feed follows the
 * kinds of its objects ({@link ChangeFeeds}); a change someone else made to one of its objects starts a pass after
 * the debounce of {@link DriftOptions} ({@link DriftTriggers}), unless its drift mode is IGNORE — whether or not
 * background scheduling is on. Such a pass applies the drift mode: correct, or report (DA-12).
 *
 * <p>With {@link ReconcilerBuilder#coordination coordination}, replicas share the work: this one reconciles only
 * the Applications of the shards whose leases it holds, and a pass stops writing once it no longer holds them
 * (EN-03); {@link #status} says who owns each Application, {@link #shards()} who holds each shard.
 *
 * <p>Many clusters: each Application goes to the target its {@link Application#destination() destination} names
 * (registered by name on the builder; one may be the default), whose view, writes, inventory and Kubernetes version
 * its passes use and whose change feed tells only the Applications bound to it ({@link Destinations}); results and
 * status name the destination.
 *
 * <p>{@link #register} refuses an Application that no registered source, renderer or target can serve (EN-05),
 * through the same lookups every pass uses. {@link #close()} closes the parts the builder created (see {@link
 * ReconcilerBuilder}), never the host's.
 */
public final class GitOpsReconciler implements Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(GitOpsReconciler.class);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private final EngineParts parts;
    private final Destinations destinations;
    private final PassScheduler scheduler;
    private final DriftTriggers driftTriggers;
    private final DeployTracker deploys;
    private final PassQueue queue;
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    private final boolean ownsExecutors;
    private final List<AutoCloseable> owned;
    private final int historySize;
    private final Duration closeTimeout;
    private final ReplicaOwnership ownership;
    private final Ticker ticker;
    private final Duration noProgressAfter;
    private final Map<String, AppState> apps = new ConcurrentHashMap<>();
    private final List<ReconcileListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /**
     * What a reconciler runs on and what it owns.
     *
     * @param workers runs passes
     * @param concurrency how many passes may run at once
     * @param timers runs schedule ticks and the phase timeouts' watchdogs
     * @param ownsExecutors whether {@code close()} shuts the executors down
     * @param background whether passes are scheduled in the background
     * @param owned parts the builder created, closed (in order) by {@code close()}
     * @param ownership which Applications this replica reconciles (all of them without coordination)
     * @param ticker the monotonic clock for durations (the no-progress signal)
     */
    record Resources(ExecutorService workers, int concurrency, ScheduledExecutorService timers,
            boolean ownsExecutors, boolean background, List<AutoCloseable> owned, ReplicaOwnership ownership,
            Ticker ticker) {
        Resources {
            owned = List.copyOf(owned);
        }
    }

    /**
     * What {@code close()} and the status report need.
     *
     * @param historySize results kept per Application
     * @param closeTimeout how long {@code close()} waits for passes to reach a safe point before interrupting them
     * @param noProgressAfter how long an Application may wait for a pass that gets through before its status says
     *     it made no progress (EN-09)
     */
    record Limits(int historySize, Duration closeTimeout, Duration noProgressAfter) {}

    GitOpsReconciler(EngineParts parts, Destinations.Registered targets, Resources resources, DriftOptions drift,
            Limits limits) {
        this.parts = parts;
        this.destinations = new Destinations(targets, parts, drift, this::drifted);
        this.ownership = resources.ownership();
        this.queue = new PassQueue(resources.workers(), resources.concurrency());
        this.scheduler = new PassScheduler(destinations, queue, parts.timeouts(), resources, listeners, () -> closed,
                ownership);
        this.deploys = new DeployTracker(resources.timers());
        listeners.add(deploys);
        this.driftTriggers = new DriftTriggers(resources.timers(), drift.debounce(), this::driftPass);
        this.workers = resources.workers();
        this.timers = resources.timers();
        this.ownsExecutors = resources.ownsExecutors();
        this.owned = resources.owned();
        this.ticker = resources.ticker();
        this.historySize = limits.historySize();
        this.closeTimeout = limits.closeTimeout();
        this.noProgressAfter = limits.noProgressAfter();
    }

    /**
     * {@inheritDoc}
     *
     * <p>With background scheduling on, an automated Application's first pass starts at a random moment within the
     * first tenth of its interval; a replaced Application keeps its history and is rescheduled the same way.
     *
     * @throws io.gitops4j.api.InvalidSpecException when no registered source serves the Application's URL scheme
     *     or no registered renderer has its renderer's name (EN-05; {@code auto} is resolved on every pass, and a
     *     pass whose resolved renderer is not registered fails saying so), or when its destination names no
     *     registered target (or it names none and there is no default target); an Application registered before
     *     under the same name stays as it was. Registered again with another destination, it is treated as new to
     *     that cluster: its first pass there is not a drift pass.
     */
    @Override
    public Reconciler register(Application application) {
        Checks.notNull(application, "application");
        checkOpen();
        Destinations.Destination to = destinations.of(application);
        parts.sourceFor(application.source());
        if (!application.render().isAuto()) {   // auto is resolved per pass, to a renderer checked then
            parts.renderer(application.render().renderer());
        }
        AppState state = apps.compute(application.name(), (name, existing) -> {
            if (existing == null) {
                return new AppState(application, historySize, ticker);
            }
            Destinations.Destination from = destinations.of(existing.application());
            if (from != to) {   // a cluster it never synced: its feed there follows after the first pass
                from.feeds().stop(name);
                existing.forgetSynced();
            }
            existing.replace(application);
            return existing;
        });
        scheduler.registered(state);
        return this;
    }

    /** {@inheritDoc} Its change-feed subscription is closed. */
    @Override
    public boolean unregister(String application) {
        AppState state = apps.remove(application);
        if (state == null) {
            return false;
        }
        state.remove();
        deploys.unregistered(application);
        destinations.of(state.application()).feeds().stop(application);
        driftTriggers.cancel(application);
        return true;
    }

    @Override
    public List<Application> applications() {
        List<Application> out = new ArrayList<>();
        apps.values().forEach(s -> out.add(s.application()));
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    @Override
    public Plan plan(String application, Revision revision) {
        Checks.notNull(revision, "revision");
        AppState state = state(application);
        Application app = state.application();
        return destinations.of(app).run().plan(app, revision, false, new LinkedHashMap<>(), scheduler.control());
    }

    @Override
    public CompletableFuture<ReconcileResult> apply(Plan plan, ApplyPlanOptions options) {
        Checks.notNull(plan, "plan");
        Checks.notNull(options, "options");
        checkOpen();
        return scheduler.apply(state(plan.application()), new PlanApply.Order(plan, options));
    }

    @Override
    public CompletableFuture<ReconcileResult> reconcileNow(String application) {
        checkOpen();
        return scheduler.trigger(state(application), Trigger.MANUAL);
    }

    @Override
    public CompletableFuture<Deployment> awaitDeployed(String application, String commit, Duration timeout) {
        checkOpen();
        AppState state = state(application);
        return deploys.await(state, destinations.of(state.application()).parts(), commit, timeout);
    }

    @Override
    public CompletableFuture<ReconcileResult> pin(String application, Revision revision, PinOptions options) {
        Checks.notNull(revision, "revision");
        Checks.notNull(options, "options");
        checkOpen();
        AppState state = state(application);
        Application app = state.application();
        Source source = parts.sourceFor(app.source());
        Revision pinned = revision.isResolved() ? revision
                : source.resolve(app.source().withRef(Ref.parse(revision.ref())));
        Revision followed = source.resolve(app.source());
        state.pin().set(pins(app), new Pin(pinned, options, followed.id(), parts.clock().instant()));
        LOG.info("{} pinned to {} ({})", app.name(), pinned, options.release());
        return scheduler.trigger(state, Trigger.PIN);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The pin is removed from the target's pin store first (a pin stored there that cannot be read is removed
     * too, and the answer is then empty), and released here only once removed.
     *
     * @throws io.gitops4j.api.target.TargetException when the store cannot be read or the pin cannot be removed
     *     from it: the pin still holds
     */
    @Override
    public Optional<Pin> unpin(String application) {
        AppState state = state(application);
        PinHold.Released released = state.pin().release(pins(state.application()));
        if (released.removed() && !closed) {
            released.pin().ifPresent(p -> LOG.info("{} unpinned from {}", application, p.revision()));
            if (state.application().syncPolicy().isAutomated()) {
                scheduler.trigger(state, Trigger.UNPIN);
            }
        }
        return released.pin();
    }

    /** @return where the target of {@code app}'s destination keeps pins */
    private PinStore pins(Application app) {
        return destinations.of(app).parts().target().pins();
    }

    @Override
    public List<String> onPush(String repositoryUrl, String ref) {
        Checks.notNull(repositoryUrl, "repositoryUrl");
        Checks.notNull(ref, "ref");
        checkOpen();
        List<String> triggered = new ArrayList<>();
        for (AppState state : apps.values()) {
            Application app = state.application();
            if (PushMatcher.matches(app.source(), repositoryUrl, ref)) {
                triggered.add(app.name());
                scheduler.trigger(state, Trigger.PUSH);
            }
        }
        triggered.sort(String::compareTo);
        return triggered;
    }

    /**
     * {@inheritDoc} {@code noProgressFor} is present once the Application has waited the builder's {@code
     * noProgressAfter} (15 minutes by default) for a pass that gets through (EN-09).
     */
    @Override
    public ApplicationStatus status(String application) {
        AppState s = state(application);
        return s.status(destinations.of(s.application()).name(), ownership.of(application), noProgressAfter);
    }

    @Override
    public List<ReconcileResult> history(String application) {
        return state(application).history();
    }

    @Override
    public Reconciler addListener(ReconcileListener listener) {
        listeners.add(Checks.notNull(listener, "listener"));
        return this;
    }

    @Override
    public boolean removeListener(ReconcileListener listener) {
        return listeners.remove(listener);
    }

    /**
     * With replicas sharing the work ({@link ReconcilerBuilder#coordination}): every shard, who holds its lease as
     * this replica last read it, and whether this replica does (EN-03), for status pages and metrics.
     *
     * @return the shards in order; empty without coordination
     */
    public List<ShardState> shards() {
        return ownership.shards();
    }

    /**
     * A shard this replica has just taken: the pins of its Applications are read again before their next pass (the
     * replica that had them may have pinned or unpinned them), and — with background scheduling on — every one gets a
     * pass now, so a take-over does not wait for the next tick.
     */
    void shardAcquired(int shard, boolean background) {
        for (AppState state : apps.values()) {
            if (ownership.shardOf(state.application().name()) == shard) {
                state.pin().forget();
                if (background && !closed) {
                    scheduler.trigger(state, Trigger.SCHEDULE);
                }
            }
        }
    }

    /** A shard this replica lost: what it read of its Applications' pins may be changed by the next holder. */
    private void shardLost(int shard) {
        for (AppState state : apps.values()) {
            if (ownership.shardOf(state.application().name()) == shard) {
                state.pin().forget();
            }
        }
    }

    /** Tells the listeners when this replica takes or loses a shard's lease (EN-03); a loss also forgets its pins. */
    ShardListener shardEvents() {
        return new ShardListener() {
            @Override
            public void acquired(int shard) {
                PassEvents.emit(listeners, new ShardOwnershipChanged(shard, true, Instant.now()));
            }

            @Override
            public void lost(int shard, String why) {
                shardLost(shard);
                PassEvents.emit(listeners, new ShardOwnershipChanged(shard, false, Instant.now()));
            }
        };
    }

    /** @return the kinds the change feed of {@code application} follows; empty before its first planned pass */
    Set<GroupKind> watchedKinds(String application) {
        AppState s = apps.get(application);
        return s == null ? Set.of() : destinations.of(s.application()).feeds().kinds(application);
    }

    /**
     * Stops at a safe point within a deadline (EN-11): no pass starts any more, and the passes asked for that never
     * started fail their futures ({@code IllegalStateException}: the reconciler is closed); each pass in flight
     * stops at its next safe point (before its next phase, between stages, before the prunes, in a wait; never
     * between its write-ahead intent and recording what it wrote), ending FAILED with reason STOPPED. {@code close()}
     * waits for them up to the builder's {@code closeTimeout} (30 s by default), on any executor, the host's
     * included; then it interrupts the passes still running and waits up to 5 s more. Then it shuts down the
     * executors it owns, closes the change-feed subscriptions and the parts the builder created (the built-in Git
     * source, deleting its temporary mirror directory). Sources, renderers, the target and executors the host passed
     * in are left open: they are the host's to close. Blocks the caller for at most the deadline and the grace;
     * idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        driftTriggers.close();
        deploys.close();
        apps.values().forEach(AppState::remove);
        queue.close().forEach(Runnable::run);
        if (ownsExecutors) {
            timers.shutdownNow();
        }
        awaitPasses();
        if (ownsExecutors) {
            workers.shutdownNow();
        }
        destinations.close();
        for (AutoCloseable part : owned) {
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", part.getClass().getSimpleName(), e.getClass().getName());
            }
        }
    }

    /** Someone changed an object of {@code application} (the target's thread): a pass follows unless drift is ignored. */
    private void drifted(String application) {
        AppState s = apps.get(application);
        if (s != null && !closed && s.application().syncPolicy().drift() != DriftMode.IGNORE) {
            PassEvents.emit(listeners, new DriftSeen(application, destinations.of(s.application()).name(),
                    Instant.now()));
            driftTriggers.changed(application);
        }
    }

    /** The debounce after drift of {@code application} ended: its pass starts, or joins the one in flight. */
    private void driftPass(String application) {
        AppState s = apps.get(application);
        if (s != null && !closed && s.application().syncPolicy().drift() != DriftMode.IGNORE) {
            scheduler.trigger(s, Trigger.DRIFT);
        }
    }

    /** Waits for the passes in flight to stop, interrupting them at the close deadline. */
    private void awaitPasses() {
        try {
            if (!queue.awaitIdle(closeTimeout)) {
                queue.interruptRunning();
                if (!queue.awaitIdle(CLOSE_GRACE)) {
                    LOG.warn("close: {} pass(es) still running after being interrupted", queue.active());
                }
            }
        } catch (InterruptedException e) {
            queue.interruptRunning();
            Thread.currentThread().interrupt();
        }
    }

    /** @throws UnknownApplicationException when no Application of this name is registered (one rule for all) */
    private AppState state(String application) {
        AppState s = apps.get(Checks.notNull(application, "application"));
        if (s == null) {
            throw new UnknownApplicationException(application);
        }
        return s;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("reconciler is closed");
        }
    }
}
