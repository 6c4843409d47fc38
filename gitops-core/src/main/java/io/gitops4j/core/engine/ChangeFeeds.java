package io.gitops4j.core.engine;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.target.ChangeEvent;
import io.gitops4j.api.target.ClusterView;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One change-feed subscription per registered Application, on the kinds of its objects (desired and owned), so a
 * target with a cache keeps those kinds cached and the planner's reads cost no request. Re-subscribed when a pass
 * finds other kinds; closed when the Application is unregistered or the reconciler closes. The events themselves
 * are not acted on yet: triggering a pass on drift (debounced, per the self-heal policy) builds on this handle.
 * Thread-safe.
 */
final class ChangeFeeds implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeeds.class);

    private final ClusterView view;
    private final Map<String, Feed> feeds = new HashMap<>();
    private boolean closed;

    private record Feed(Set<GroupKind> kinds, AutoCloseable handle) {}

    ChangeFeeds(ClusterView view) {
        this.view = view;
    }

    /** Subscribes {@code application} to {@code kinds}, replacing a subscription to other kinds. */
    synchronized void follow(String application, Set<GroupKind> kinds) {
        Feed current = feeds.get(application);
        if (closed || kinds.isEmpty() || current != null && current.kinds().equals(kinds)) {
            return;
        }
        stop(application);
        try {
            feeds.put(application, new Feed(Set.copyOf(kinds), view.watch(kinds, ChangeFeeds::observed)));
        } catch (RuntimeException e) {
            LOG.warn("cannot watch the kinds of {}: {}", application, e.getMessage());
        }
    }

    /** Ends the subscription of {@code application}, if any. */
    synchronized void stop(String application) {
        Feed feed = feeds.remove(application);
        if (feed != null) {
            closeQuietly(feed.handle());
        }
    }

    /** @return the kinds {@code application} is subscribed to; empty when none */
    synchronized Set<GroupKind> kinds(String application) {
        Feed feed = feeds.get(application);
        return feed == null ? Set.of() : feed.kinds();
    }

    @Override
    public synchronized void close() {
        closed = true;
        feeds.values().forEach(f -> closeQuietly(f.handle()));
        feeds.clear();
    }

    private static void observed(ChangeEvent event) {
        // drift triggers act on these; until then the subscription only keeps the target's cache warm
    }

    private static void closeQuietly(AutoCloseable handle) {
        try {
            handle.close();
        } catch (Exception e) {
            LOG.warn("closing a watch failed: {}", e.getClass().getName());
        }
    }
}
