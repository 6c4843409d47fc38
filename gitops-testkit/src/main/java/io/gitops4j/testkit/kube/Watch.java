package io.gitops4j.testkit.kube;

import java.time.Duration;
import java.util.Optional;

/**
 * An open watch: a queue of events the consumer drains at its own pace (writers never block on a slow watcher).
 *
 * <p>Thread-safe; normally drained by one thread. Closing is idempotent and wakes a blocked {@link #next}.
 */
public interface Watch extends AutoCloseable {

    /**
     * Waits up to {@code timeout} for the next event. When bookmarks were asked for and the watch has been quiet,
     * this may return a BOOKMARK carrying the current resourceVersion.
     *
     * @return the event, or empty on timeout, when closed, or after the watch's {@code timeoutSeconds} elapsed
     * @throws InterruptedException when the waiting thread is interrupted
     */
    Optional<WatchEvent> next(Duration timeout) throws InterruptedException;

    /** False once closed or past its {@code timeoutSeconds}; queued events can still be drained. */
    boolean isOpen();

    /** Stops the watch; no further events are queued. */
    @Override
    void close();
}
