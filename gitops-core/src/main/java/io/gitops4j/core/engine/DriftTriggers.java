package io.gitops4j.core.engine;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The debounce between drift and the pass it starts: the first change of an Application sets a timer of {@code
 * debounce} on the timer executor; changes arriving before it fires share it; when it fires, the Application's pass
 * is started (and coalesced there with one in flight, EN-02). Never blocks the caller (the target's event thread).
 * Thread-safe.
 */
final class DriftTriggers implements AutoCloseable {
    private final ScheduledExecutorService timers;
    private final Duration debounce;
    private final Consumer<String> start;
    private final Map<String, ScheduledFuture<?>> pending = new HashMap<>();
    private boolean closed;

    /**
     * @param timers runs the timers
     * @param debounce how long after the first change the pass starts
     * @param start starts the pass of the named Application
     */
    DriftTriggers(ScheduledExecutorService timers, Duration debounce, Consumer<String> start) {
        this.timers = timers;
        this.debounce = debounce;
        this.start = start;
    }

    /** Someone changed an object of {@code application}: its pass starts after the debounce, unless one is due. */
    synchronized void changed(String application) {
        if (closed || pending.containsKey(application)) {
            return;
        }
        try {
            pending.put(application, timers.schedule(() -> fire(application), debounce.toMillis(),
                    TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException e) {
            // the reconciler is closing
        }
    }

    /** Drops the pass due for {@code application}, if any. */
    synchronized void cancel(String application) {
        ScheduledFuture<?> due = pending.remove(application);
        if (due != null) {
            due.cancel(false);
        }
    }

    /** Drops every pass due; later changes start none. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        pending.values().forEach(f -> f.cancel(false));
        pending.clear();
    }

    private void fire(String application) {
        synchronized (this) {
            if (pending.remove(application) == null || closed) {
                return;
            }
        }
        start.accept(application);
    }
}
