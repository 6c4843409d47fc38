package io.gitops4j.api;

import io.gitops4j.api.progress.ProgressEvent;
import java.util.function.Consumer;

/**
 * Receives every reconcile result, in completion order per Application, and, if it overrides {@link #onProgress},
 * the progress of each pass as it happens. Called on an engine thread: it must not block for long. An exception
 * thrown here is logged (its type only) and affects neither the engine nor other listeners.
 */
@FunctionalInterface
public interface ReconcileListener {
    /** @param result a completed reconcile */
    void onResult(ReconcileResult result);

    /**
     * One step of a pass (queued, started, a phase, an object written, a wait, finished), drift seen, or a shard's
     * lease taken or lost; called on the thread that did the step, before the step's work goes on, so it must return
     * quickly. The default ignores it.
     *
     * @param event what happened
     */
    default void onProgress(ProgressEvent event) {}

    /** @return a listener that receives progress events only (its {@link #onResult} does nothing) */
    static ReconcileListener progress(Consumer<? super ProgressEvent> events) {
        Checks.notNull(events, "events");
        return new ReconcileListener() {
            @Override
            public void onResult(ReconcileResult result) {}

            @Override
            public void onProgress(ProgressEvent event) {
                events.accept(event);
            }
        };
    }
}
