package io.gitops4j.core.metrics;

import io.gitops4j.api.Checks;
import io.gitops4j.api.Drift;
import io.gitops4j.api.ReconcileListener;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.progress.DriftSeen;
import io.gitops4j.api.progress.ObjectWritten;
import io.gitops4j.api.progress.PassFinished;
import io.gitops4j.api.progress.PassQueued;
import io.gitops4j.api.progress.PassStarted;
import io.gitops4j.api.progress.PhaseFinished;
import io.gitops4j.api.progress.ProgressEvent;
import io.gitops4j.api.progress.ShardOwnershipChanged;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reconciler's metrics in a Micrometer {@link MeterRegistry}, kept from its progress events: add it as a listener,
 * {@code reconciler.addListener(new MicrometerMetrics(registry))}. The meters (names in Micrometer's dotted form;
 * a Prometheus registry shows {@code gitops4j_reconcile_seconds} and so on):
 *
 * <ul>
 *   <li>{@value #PASSES} (timer): passes from start to end, tags {@code application}, {@code cluster}, {@code
 *       outcome}, {@code trigger};
 *   <li>{@value #PHASES} (timer): each phase of a pass, tags {@code application}, {@code cluster}, {@code phase};
 *   <li>{@value #OBJECTS} (counter): objects written, tags {@code application}, {@code cluster}, {@code action},
 *       {@code outcome};
 *   <li>{@value #QUEUE} (gauge): passes queued for a worker and not yet started, tag {@code cluster};
 *   <li>{@value #DRIFT_SEEN} (counter): changes by someone else seen on the cluster's change feed, tags {@code
 *       application}, {@code cluster};
 *   <li>{@value #DRIFT} (counter): drifted objects as passes handled them, tags {@code application}, {@code
 *       cluster}, {@code handling} ({@code corrected}, {@code reported}, {@code not_corrected}, {@code backed_off});
 *   <li>{@value #SHARDS} (gauge): shards whose lease this replica holds (EN-03), and {@value #SHARD_CHANGES}
 *       (counter): leases taken and lost, tag {@code change} ({@code acquired}, {@code lost}).
 * </ul>
 *
 * <p>Every tag value comes from a bounded set: the names of the Applications and clusters the host registered, and
 * the engine's own enums and phase names. No revision, object name, message or secret is ever a tag.
 *
 * <p>Use one {@code MicrometerMetrics} per registry and reconciler: its gauges are registered once per name and tags,
 * so a second instance on the same registry would count in gauges nobody reads. Thread-safe; each event costs a
 * meter lookup and update on the pass's thread.
 */
public final class MicrometerMetrics implements ReconcileListener {
    /** The timer of whole passes. */
    public static final String PASSES = "gitops4j.reconcile";
    /** The timer of phases. */
    public static final String PHASES = "gitops4j.reconcile.phase";
    /** The counter of objects written. */
    public static final String OBJECTS = "gitops4j.objects.written";
    /** The gauge of passes waiting for a worker. */
    public static final String QUEUE = "gitops4j.queue.depth";
    /** The counter of drift seen on change feeds. */
    public static final String DRIFT_SEEN = "gitops4j.drift.seen";
    /** The counter of drifted objects handled by passes. */
    public static final String DRIFT = "gitops4j.drift.objects";
    /** The gauge of shards held. */
    public static final String SHARDS = "gitops4j.shards.held";
    /** The counter of shard leases taken and lost. */
    public static final String SHARD_CHANGES = "gitops4j.shards.changes";

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> queued = new ConcurrentHashMap<>();
    private final Set<Integer> held = ConcurrentHashMap.newKeySet();

    /** @param registry where the meters go; the host owns it */
    public MicrometerMetrics(MeterRegistry registry) {
        this.registry = Checks.notNull(registry, "registry");
        Gauge.builder(SHARDS, held, Set::size).description("shards whose lease this replica holds")
                .register(registry);
    }

    /** Nothing: the result arrives first as {@link PassFinished}. */
    @Override
    public void onResult(ReconcileResult result) {}

    @Override
    public void onProgress(ProgressEvent event) {
        if (event instanceof PassQueued q) {
            queue(q.cluster()).incrementAndGet();
        } else if (event instanceof PassStarted s) {
            queue(s.cluster()).updateAndGet(n -> Math.max(0, n - 1));
        } else if (event instanceof PhaseFinished p) {
            Timer.builder(PHASES).description("phases of reconcile passes").tag("application", p.application())
                    .tag("cluster", p.cluster()).tag("phase", p.phase()).register(registry).record(p.took());
        } else if (event instanceof ObjectWritten w) {
            Counter.builder(OBJECTS).description("objects written").tag("application", w.application())
                    .tag("cluster", w.cluster()).tag("action", lower(w.action())).tag("outcome", lower(w.outcome()))
                    .register(registry).increment();
        } else if (event instanceof PassFinished f) {
            finished(f);
        } else if (event instanceof DriftSeen d) {
            Counter.builder(DRIFT_SEEN).description("changes by someone else seen on managed objects")
                    .tag("application", d.application()).tag("cluster", d.cluster()).register(registry).increment();
        } else if (event instanceof ShardOwnershipChanged c) {
            if (c.held()) {
                held.add(c.shard());
            } else {
                held.remove(c.shard());
            }
            Counter.builder(SHARD_CHANGES).description("shard leases taken and lost")
                    .tag("change", c.held() ? "acquired" : "lost").register(registry).increment();
        }
    }

    private void finished(PassFinished f) {
        ReconcileResult r = f.result();
        Timer.builder(PASSES).description("reconcile passes").tag("application", r.application())
                .tag("cluster", f.cluster()).tag("outcome", lower(r.outcome())).tag("trigger", lower(r.trigger()))
                .register(registry).record(f.took());
        for (Drift d : r.drift()) {
            Counter.builder(DRIFT).description("drifted objects, as passes handled them")
                    .tag("application", r.application()).tag("cluster", f.cluster())
                    .tag("handling", lower(d.handling())).register(registry).increment();
        }
    }

    private AtomicInteger queue(String cluster) {
        return queued.computeIfAbsent(cluster, c -> {
            AtomicInteger depth = new AtomicInteger();
            Gauge.builder(QUEUE, depth, AtomicInteger::get).description("passes waiting for a worker")
                    .tag("cluster", c).register(registry);
            return depth;
        });
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
