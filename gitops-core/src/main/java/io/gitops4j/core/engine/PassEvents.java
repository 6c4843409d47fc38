package io.gitops4j.core.engine;

import io.gitops4j.api.Application;
import io.gitops4j.api.ReconcileListener;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Trigger;
import io.gitops4j.api.plan.Change;
import io.gitops4j.api.progress.AwaitingReady;
import io.gitops4j.api.progress.DryRunChecked;
import io.gitops4j.api.progress.ObjectWritten;
import io.gitops4j.api.progress.PassFinished;
import io.gitops4j.api.progress.PassQueued;
import io.gitops4j.api.progress.PassStarted;
import io.gitops4j.api.progress.PhaseFinished;
import io.gitops4j.api.progress.PhaseStarted;
import io.gitops4j.api.progress.ProgressEvent;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.target.ObjectOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The progress of the pass running on the current thread, told to the reconciler's listeners as {@link
 * ProgressEvent}s, and the pass's logging context. A pass's task is wrapped by {@link #scoped}: while it runs, the
 * SLF4J MDC holds {@value #MDC_APPLICATION}, {@value #MDC_CLUSTER} and, once resolved, {@value #MDC_REVISION}, and the
 * static methods here ({@link #phaseStarted}, {@link #written}, …) reach this pass's listeners; when it ends, the MDC is put
 * back exactly as the worker thread had it, so nothing leaks into the thread's next task. Called from any other
 * thread (a {@code plan()} preview on the host's thread, a target's own threads) the static methods do nothing.
 *
 * <p>Listeners are called on the pass's thread, in order; one that throws is logged (its exception's type only) and
 * skipped. Thread-confined: one instance per pass, used by its thread only.
 */
final class PassEvents {
    /** The MDC key of the Application's name. */
    static final String MDC_APPLICATION = "gitops4j.application";
    /** The MDC key of the cluster's (destination's) name. */
    static final String MDC_CLUSTER = "gitops4j.cluster";
    /** The MDC key of the commit being reconciled. */
    static final String MDC_REVISION = "gitops4j.revision";
    private static final Logger LOG = LoggerFactory.getLogger(PassEvents.class);
    private static final ThreadLocal<PassEvents> CURRENT = new ThreadLocal<>();

    private final List<ReconcileListener> listeners;
    private final String application;
    private final String cluster;
    private final long startedNanos = System.nanoTime();

    private PassEvents(List<ReconcileListener> listeners, String application, String cluster) {
        this.listeners = listeners;
        this.application = application;
        this.cluster = cluster;
    }

    /**
     * Tells the listeners a pass is queued, and wraps its task so that it runs as this class describes.
     *
     * @param listeners the reconciler's listeners (read at each event, so later additions are told too)
     * @param app the Application
     * @param cluster the name of the Application's destination
     * @param trigger why the pass runs
     * @param pass the pass's task
     * @return the task to hand to the worker pool
     */
    static Runnable scoped(List<ReconcileListener> listeners, Application app, String cluster, Trigger trigger,
            Runnable pass) {
        emit(listeners, new PassQueued(app.name(), cluster, trigger, Instant.now()));
        return () -> {
            PassEvents outer = CURRENT.get();
            Map<String, String> mdc = MDC.getCopyOfContextMap();
            PassEvents events = new PassEvents(listeners, app.name(), cluster);
            CURRENT.set(events);
            MDC.put(MDC_APPLICATION, app.name());
            MDC.put(MDC_CLUSTER, cluster);
            MDC.remove(MDC_REVISION);
            try {
                events.emit(new PassStarted(app.name(), cluster, trigger, Instant.now()));
                pass.run();
            } finally {
                if (mdc == null) {
                    MDC.clear();
                } else {
                    MDC.setContextMap(mdc);
                }
                if (outer == null) {
                    CURRENT.remove();
                } else {
                    CURRENT.set(outer);
                }
            }
        };
    }

    /** Tells the listeners of an event that belongs to no pass (drift seen, a shard taken or lost). */
    static void emit(List<ReconcileListener> listeners, ProgressEvent event) {
        for (ReconcileListener l : listeners) {
            try {
                l.onProgress(event);
            } catch (RuntimeException e) {
                LOG.warn("a reconcile listener failed on a progress event: {}", e.getClass().getName());
            }
        }
    }

    /** The pass resolved its revision: the MDC holds its commit from now on. */
    static void revision(Revision revision) {
        if (CURRENT.get() != null) {
            MDC.put(MDC_REVISION, revision.id());
        }
    }

    /** A phase starts: tells the listeners. */
    static void phaseStarted(String phase) {
        PassEvents e = CURRENT.get();
        if (e != null) {
            e.emit(new PhaseStarted(e.application, e.cluster, phase, Instant.now()));
        }
    }

    /** A phase ended after {@code nanos}, normally or not ({@code completed}): tells the listeners. */
    static void phaseFinished(String phase, long nanos, boolean completed) {
        PassEvents e = CURRENT.get();
        if (e != null) {
            e.emit(new PhaseFinished(e.application, e.cluster, phase, Duration.ofNanos(Math.max(0, nanos)), completed,
                    Instant.now()));
        }
    }

    /** The target answered a write of {@code change}'s object with {@code outcome}: tells the listeners. */
    static void written(Change change, ObjectOutcome outcome) {
        PassEvents e = CURRENT.get();
        if (e != null) {
            e.emit(new ObjectWritten(e.application, e.cluster, change.key(), change.action(), outcome, Instant.now()));
        }
    }

    /**
     * The server dry-ran {@code checked} objects and refused {@code rejected}, before the pass's first write or, with
     * {@code beforeStage}, just before a stage: tells the listeners.
     */
    static void dryRun(int checked, List<ResourceKey> rejected, boolean beforeStage) {
        PassEvents e = CURRENT.get();
        if (e != null) {
            e.emit(new DryRunChecked(e.application, e.cluster, checked, rejected, beforeStage, Instant.now()));
        }
    }

    /** The pass waits up to {@code timeout} for {@code objects} to become ready: tells the listeners. */
    static void awaiting(List<ResourceKey> objects, Duration timeout) {
        PassEvents e = CURRENT.get();
        if (e != null) {
            e.emit(new AwaitingReady(e.application, e.cluster, objects, timeout, Instant.now()));
        }
    }

    /** The pass ended with {@code result}: tells the listeners, before they receive the result itself. */
    static void finished(ReconcileResult result) {
        PassEvents e = CURRENT.get();
        if (e != null) {
            e.emit(new PassFinished(e.cluster, result, Duration.ofNanos(System.nanoTime() - e.startedNanos),
                    Instant.now()));
        }
    }

    private void emit(ProgressEvent event) {
        emit(listeners, event);
    }
}
