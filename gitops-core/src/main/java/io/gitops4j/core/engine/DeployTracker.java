package io.gitops4j.core.engine;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.gitops4j.api.ReconcileListener;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.deploy.Deployment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The waits of {@code Reconciler.awaitDeployed}: each {@link DeployAwait} hears every result of its Application (this
 * is a listener of the reconciler) and starts from the history; judging a result (ancestry through the source) and
 * the health wait after it run on this tracker's own daemon threads ({@code gitops4j-deploy-wait-N}), so neither
 * the caller nor a pass's worker blocks. A timer fails a wait still looking for its pass at the timeout. Unregistering
 * an Application or closing cancels its waits. Thread-safe.
 */
final class DeployTracker implements ReconcileListener, AutoCloseable {
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    private final ScheduledExecutorService timers;
    private final ExecutorService waits = Executors.newCachedThreadPool(new ThreadFactoryBuilder()
            .setNameFormat("gitops4j-deploy-wait-%d").setDaemon(true).build());
    private final Map<String, Set<DeployAwait>> byApp = new ConcurrentHashMap<>();
    private volatile boolean closed;

    DeployTracker(ScheduledExecutorService timers) {
        this.timers = timers;
    }

    /**
     * @param parts the parts of the Application's destination, whose view the health wait reads
     * @throws IllegalArgumentException when {@code commit} is not a commit id or the timeout is not positive
     */
    CompletableFuture<Deployment> await(AppState state, EngineParts parts, String commit, Duration timeout) {
        if (commit == null || !COMMIT.matcher(commit).matches()) {
            throw new IllegalArgumentException("commit: 40 or 64 lower-case hex digits");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: a positive duration");
        }
        DeployAwait wait = new DeployAwait(parts, state, commit, timeout);
        String name = state.application().name();
        byApp.computeIfAbsent(name, n -> ConcurrentHashMap.newKeySet()).add(wait);
        ScheduledFuture<?> timer = timers.schedule(wait::timedOut, timeout.toMillis(), TimeUnit.MILLISECONDS);
        wait.future().whenComplete((d, e) -> {
            timer.cancel(false);
            Set<DeployAwait> set = byApp.get(name);
            if (set != null) {
                set.remove(wait);
            }
        });
        List<ReconcileResult> history = state.history();
        run(wait, () -> wait.fromHistory(history));
        if (closed) {
            wait.cancel("the reconciler is closed");
        }
        return wait.future();
    }

    @Override
    public void onResult(ReconcileResult result) {
        for (DeployAwait wait : byApp.getOrDefault(result.application(), Set.of())) {
            run(wait, () -> wait.consider(result));
        }
    }

    /** Cancels the waits of an Application that was unregistered. */
    void unregistered(String application) {
        Set<DeployAwait> set = byApp.remove(application);
        if (set != null) {
            set.forEach(w -> w.cancel("application '" + application + "' was unregistered"));
        }
    }

    private void run(DeployAwait wait, Runnable step) {
        try {
            waits.execute(step);
        } catch (RejectedExecutionException e) {
            wait.cancel("the reconciler is closed");
        }
    }

    /** Cancels every wait and stops the threads (a health wait in progress is interrupted). Idempotent. */
    @Override
    public void close() {
        closed = true;
        byApp.values().forEach(set -> set.forEach(w -> w.cancel("the reconciler is closed")));
        byApp.clear();
        waits.shutdownNow();
    }
}
