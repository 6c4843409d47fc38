package io.gitops4j.core.engine;

import com.google.common.base.Ticker;
import io.gitops4j.api.Checks;
import io.gitops4j.api.coordination.LeaseStore;
import io.gitops4j.api.health.HealthCheck;
import io.gitops4j.api.render.Renderer;
import io.gitops4j.api.resource.KubernetesNames;
import io.gitops4j.api.source.Source;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.Target;
import io.gitops4j.core.coordination.ShardLeases;
import io.gitops4j.core.coordination.ShardingOptions;
import io.gitops4j.core.git.GitSource;
import io.gitops4j.core.health.HealthRules;
import io.gitops4j.core.render.RenderCache;
import io.gitops4j.core.source.LocalDirectorySource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds a {@link GitOpsReconciler}. Sources registered here are asked first, in order; then the built-in Git source
 * (left out when a {@link GitSource} was registered) and the built-in local directory source. Renderers registered
 * later replace earlier ones of the same name. Not thread-safe.
 *
 * <p>Ownership: parts this builder creates belong to the reconciler, and its {@code close()} releases them: the
 * built-in Git source (its temporary mirror directory is deleted), the local directory source, and the executors
 * unless {@link #executors} gave them. Parts the host passes in (sources, renderers, the targets, executors) stay
 * the host's: the reconciler never closes them, so close them after the reconciler.
 */
public final class ReconcilerBuilder {
    private final List<Source> sources = new ArrayList<>();
    private final Map<String, Renderer> renderers = new HashMap<>();
    private final Map<String, Target> targets = new LinkedHashMap<>();
    private ApplyOptions applyOptions = ApplyOptions.defaults();
    private Clock clock = Clock.systemUTC();
    private int workerThreads = 4;
    private ExecutorService workers;
    private ScheduledExecutorService timers;
    private int historySize = 50;
    private long renderCacheEntries = 256;
    private Duration closeTimeout = Duration.ofSeconds(30);
    private boolean backgroundScheduling = true;
    private final List<HealthCheck> healthChecks = new ArrayList<>();
    private LeaseStore coordination;
    private ShardingOptions sharding;
    private DriftOptions drift = DriftOptions.defaults();
    private PhaseTimeouts timeouts = PhaseTimeouts.defaults();
    private Duration healthWait = Duration.ofMinutes(5);
    private Duration hookTimeout = Duration.ofMinutes(10);
    private Ticker ticker = Ticker.systemTicker();
    private Duration noProgressAfter = Duration.ofMinutes(15);

    /** Use {@code GitOps.reconciler()}. */
    public ReconcilerBuilder() {}

    /**
     * @return this builder with a source added, asked before the built-in sources. A {@link GitSource} registered
     *     here replaces the built-in Git source (build one with {@link GitSource#builder()} for credentials, a
     *     persistent mirror directory, {@code file:} URLs or a URL policy). The source stays the caller's: the
     *     reconciler does not close it.
     */
    public ReconcilerBuilder source(Source source) {
        sources.add(Checks.notNull(source, "source"));
        return this;
    }

    /** @return this builder with renderers added; each replaces an earlier one of the same name */
    public ReconcilerBuilder renderers(Renderer... list) {
        for (Renderer r : list) {
            renderers.put(Checks.notNull(r, "renderer").name(), r);
        }
        return this;
    }

    /**
     * @return this builder with the default cluster: the target of every Application that names no destination,
     *     registered under the name {@code "default"} (so {@code target(t)} is {@code target("default", t)}); a
     *     later call replaces it
     */
    public ReconcilerBuilder target(Target value) {
        return target(Destinations.DEFAULT, value);
    }

    /**
     * Registers a cluster by name, for Applications whose {@link io.gitops4j.api.Application#destination()
     * destination} names it: one reconciler keeps Applications in several clusters (one per environment, say), each
     * pass planning, writing and keeping its inventory in its own Application's cluster, and each cluster's change
     * feed serving only the Applications bound to it. The default target (for Applications naming none) is the one
     * named {@code "default"}, or else the only target registered; with several targets and none named {@code
     * "default"} every Application must name its destination. A later call with the same name
     * replaces the target. The target stays the caller's: the reconciler does not close it.
     *
     * @param name a DNS-1123 label
     * @return this builder with the target registered under {@code name}
     * @throws io.gitops4j.api.InvalidSpecException for an invalid name
     */
    public ReconcilerBuilder target(String name, Target value) {
        KubernetesNames.requireDns1123Label(name, "name");
        targets.put(name, Checks.notNull(value, "target"));
        return this;
    }

    /** @return this builder with the field manager used for every apply (default {@code gitops4j}) */
    public ReconcilerBuilder fieldManager(String manager) {
        this.applyOptions = applyOptions.withFieldManager(manager);
        return this;
    }

    /**
     * @return this builder with the wall clock used for timestamps (results' start times, health observations).
     *     No timer, timeout or duration reads it (EN-10): those run on the timer executor and the {@link
     *     #ticker(Ticker) ticker}.
     */
    public ReconcilerBuilder clock(Clock value) {
        this.clock = Checks.notNull(value, "clock");
        return this;
    }

    /**
     * @return this builder with the monotonic clock for durations the engine measures itself (how long an
     *     Application has made no progress); default {@link Ticker#systemTicker()} ({@link System#nanoTime()}). A test
     *     can drive it; timers and timeouts run on the timer executor, which {@link #executors} can replace.
     */
    public ReconcilerBuilder ticker(Ticker value) {
        this.ticker = Checks.notNull(value, "ticker");
        return this;
    }

    /**
     * @param count how many passes may run at once (default 4), fairly shared: a slot that frees goes to the waiting
     *     Application that started a pass least recently, and one Application never holds more than one (EN-06).
     *     The bound holds on executors given to {@link #executors} too; without them it is also the size of the
     *     reconciler's own pool.
     * @return this builder with the bound on concurrent passes
     */
    public ReconcilerBuilder workerThreads(int count) {
        if (count < 1 || count > 256) {
            throw new IllegalArgumentException("workerThreads must be between 1 and 256");
        }
        this.workerThreads = count;
        return this;
    }

    /** @return this builder with caller-owned executors (not shut down by {@code close()}) */
    public ReconcilerBuilder executors(ExecutorService workerPool, ScheduledExecutorService timerPool) {
        this.workers = Checks.notNull(workerPool, "workers");
        this.timers = Checks.notNull(timerPool, "timers");
        return this;
    }

    /**
     * @return this builder keeping at most this many render results per renderer (default 256; 0 turns the cache
     *     off). Results are keyed by the snapshot's tree id, so a new commit never reads a stale entry (PR-04).
     */
    public ReconcilerBuilder renderCache(long entries) {
        if (entries < 0) {
            throw new IllegalArgumentException("renderCache entries must not be negative");
        }
        this.renderCacheEntries = entries;
        return this;
    }

    /**
     * @param enabled true (default): automated Applications get a first pass at a random moment within the first
     *     tenth of their interval after {@code register()} (so many registrations do not all start at once), then
     *     one every interval, and failed passes are retried with backoff; manual ones are planned every interval.
     *     false: nothing runs on a timer; only {@code reconcileNow}, {@code onPush} and drift (a change someone
     *     else made to an Application's object, when its drift mode is not IGNORE; see {@link #drift}) start a
     *     pass (for tests, and for hosts that drive passes themselves).
     * @return this builder with background scheduling on or off
     */
    public ReconcilerBuilder backgroundScheduling(boolean enabled) {
        this.backgroundScheduling = enabled;
        return this;
    }

    /**
     * @return this builder with health checks added; each judges its kind instead of the built-in rule for it, and
     *     a check added later wins over an earlier one for the same kind
     */
    public ReconcilerBuilder healthChecks(HealthCheck... checks) {
        for (HealthCheck c : checks) {
            healthChecks.add(Checks.notNull(c, "healthCheck"));
        }
        return this;
    }

    /**
     * @return this builder with how long a pass waits, after applying the stage of CustomResourceDefinitions and
     *     Namespaces, for them to be Established and Active before it applies the objects that need them (DA-07;
     *     default 2 minutes, between 1 second and 1 hour). A pass that runs out of time fails naming the object and
     *     applies nothing of the later stages. The same setting as {@link PhaseTimeouts#stageWait()}.
     */
    public ReconcilerBuilder stageWait(Duration value) {
        Checks.notNull(value, "stageWait");
        if (value.compareTo(Duration.ofSeconds(1)) < 0 || value.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("stageWait must be between 1s and 1h, was " + value);
        }
        this.timeouts = timeouts.withStageWait(value);
        return this;
    }

    /**
     * @return this builder with the timeout of each phase of a pass (default {@link PhaseTimeouts#defaults()}); a
     *     phase that runs out ends the pass FAILED naming the phase, and nothing after it runs (EN-06)
     */
    public ReconcilerBuilder phaseTimeouts(PhaseTimeouts value) {
        this.timeouts = Checks.notNull(value, "phaseTimeouts");
        return this;
    }

    /**
     * @return this builder with how long a pass waits for objects to become healthy where it must (default 5
     *     minutes, between 1 second and 1 hour): a sync wave before the next one is applied, and every object before
     *     the PostSync hooks run. Nothing waits in a pass of one wave without PostSync hooks. A pass that runs out of
     *     time, or sees an object become DEGRADED, fails naming the object and applies nothing of the later waves.
     *     The waits between waves also count towards the apply phase's timeout ({@link PhaseTimeouts#apply()}).
     */
    public ReconcilerBuilder healthWait(Duration value) {
        this.healthWait = within(value, "healthWait");
        return this;
    }

    /**
     * @return this builder with how long a pass waits for a hook (a PreSync or PostSync Job or Pod) to complete
     *     (default 10 minutes, between 1 second and 1 hour); a hook still running then fails the pass, and is left
     *     running
     */
    public ReconcilerBuilder hookTimeout(Duration value) {
        this.hookTimeout = within(value, "hookTimeout");
        return this;
    }

    private static Duration within(Duration value, String name) {
        Checks.notNull(value, name);
        if (value.compareTo(Duration.ofSeconds(1)) < 0 || value.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException(name + " must be between 1s and 1h, was " + value);
        }
        return value;
    }

    /**
     * @return this builder with how long {@code close()} waits for passes in flight to stop at a safe point before
     *     it interrupts them (default 30 s, between 0 and 10 minutes; EN-11)
     */
    public ReconcilerBuilder closeTimeout(Duration value) {
        Checks.notNull(value, "closeTimeout");
        if (value.isNegative() || value.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("closeTimeout must be between 0 and 10 minutes, was " + value);
        }
        this.closeTimeout = value;
        return this;
    }

    /**
     * @return this builder with how long an Application may wait for a pass that gets through (one that ends other
     *     than FAILED) before its status reports {@code noProgressFor} (default 15 minutes, between 1 second and 24
     *     hours; EN-09)
     */
    public ReconcilerBuilder noProgressAfter(Duration value) {
        Checks.notNull(value, "noProgressAfter");
        if (value.compareTo(Duration.ofSeconds(1)) < 0 || value.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("noProgressAfter must be between 1s and 24h, was " + value);
        }
        this.noProgressAfter = value;
        return this;
    }

    /**
     * Replicas that share the work (EN-03); off by default, as a single replica needs nothing. With a lease store,
     * Applications belong to shards ({@link #sharding}); this replica reconciles only the Applications of the shards
     * whose leases it holds, takes over the shards of a replica that stopped renewing them within about the lease
     * duration, and checks before each write step of a pass (the inventory's intent, each stage's applies, each
     * prune stage, the final inventory) that it still holds the lease, stopping the pass with a failure of phase
     * OWNERSHIP when not ({@code docs/reliability.md}, EN-03, says what this does and does not guarantee). Ticks and
     * pushes for Applications another replica owns do nothing here; {@code reconcileNow} answers with that failure,
     * naming the holder; {@code plan} (which writes nothing) works on every replica; the status says who owns each
     * Application. The reconciler closes its leases last, after the passes in flight ended (when it owns its
     * executors), so the next owner takes them at once.
     *
     * @param store where the replicas keep their leases: {@code KubernetesTarget.leases(namespace)}, one per replica
     * @return this builder
     */
    public ReconcilerBuilder coordination(LeaseStore store) {
        this.coordination = Checks.notNull(store, "store");
        return this;
    }

    /**
     * @return this builder with how Applications are divided into shards and how leases are timed (default {@link
     *     ShardingOptions#defaults()}); every replica must use the same shards and lease prefix. Needs {@link
     *     #coordination}.
     */
    public ReconcilerBuilder sharding(ShardingOptions options) {
        this.sharding = Checks.notNull(options, "sharding");
        return this;
    }

    /**
     * @return this builder acting on drift as {@code options} say: how long after a change of a managed object its
     *     pass starts, and when an object corrected over and over is backed off (default {@link
     *     DriftOptions#defaults()}). Whether an Application corrects, reports or ignores drift is its {@link
     *     io.gitops4j.api.SyncPolicy#drift() drift mode}.
     */
    public ReconcilerBuilder drift(DriftOptions options) {
        this.drift = Checks.notNull(options, "drift");
        return this;
    }

    /** @return this builder keeping this many results per Application (default 50) */
    public ReconcilerBuilder historySize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("historySize must be positive");
        }
        this.historySize = size;
        return this;
    }

    /**
     * @return the reconciler
     * @throws IllegalStateException when no target or no renderer was given, or sharding without coordination
     */
    public GitOpsReconciler build() {
        if (targets.isEmpty()) {
            throw new IllegalStateException("a target is required: call target(..)");
        }
        if (renderers.isEmpty()) {
            throw new IllegalStateException("at least one renderer is required: call renderers(..)");
        }
        if (sharding != null && coordination == null) {
            throw new IllegalStateException("sharding(..) needs a lease store: call coordination(..)");
        }
        List<Source> all = new ArrayList<>(sources);
        List<AutoCloseable> owned = new ArrayList<>();
        if (sources.stream().noneMatch(GitSource.class::isInstance)) {
            DefaultGitSource git = new DefaultGitSource();
            all.add(git);
            owned.add(git);
        }
        LocalDirectorySource local = LocalDirectorySource.create();
        all.add(local);
        owned.add(local);
        Map<String, Renderer> cached = new HashMap<>();
        renderers.forEach((name, r) -> cached.put(name, renderCacheEntries == 0 || r instanceof RenderCache ? r
                : new RenderCache(r, renderCacheEntries)));
        Optional<String> defaultTarget = targets.containsKey(Destinations.DEFAULT) ? Optional.of(Destinations.DEFAULT)
                : targets.size() == 1 ? Optional.of(targets.keySet().iterator().next()) : Optional.empty();
        EngineParts parts = new EngineParts(all, cached, targets.values().iterator().next(), applyOptions,
                HealthRules.builtIn().with(healthChecks), timeouts, healthWait, hookTimeout, clock);
        boolean owns = workers == null;
        ExecutorService w = owns ? Executors.newFixedThreadPool(workerThreads, named("gitops4j-reconcile")) : workers;
        ScheduledExecutorService t = owns ? Executors.newSingleThreadScheduledExecutor(named("gitops4j-timer")) : timers;
        ShardLeases leases = coordination == null ? null
                : new ShardLeases(coordination, sharding == null ? ShardingOptions.defaults() : sharding);
        if (leases != null) {
            owned.add(leases);  // closed after the passes ended
        }
        GitOpsReconciler reconciler = new GitOpsReconciler(parts, new Destinations.Registered(targets, defaultTarget),
                new GitOpsReconciler.Resources(w, workerThreads, t, owns, backgroundScheduling, owned, leases == null
                        ? ReplicaOwnership.sole() : ReplicaOwnership.sharded(leases), ticker), drift,
                new GitOpsReconciler.Limits(historySize, closeTimeout, noProgressAfter));
        if (leases != null) {
            boolean background = backgroundScheduling;
            leases.addListener(shard -> reconciler.shardAcquired(shard, background));
            leases.addListener(reconciler.shardEvents());
            leases.start();
        }
        return reconciler;
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
