package io.gitops4j.core.engine;

import io.gitops4j.api.plan.Change;
import io.gitops4j.api.plan.ChangeSet;
import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.target.ChangeEvent;
import io.gitops4j.api.target.ClusterView;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One change-feed subscription per registered Application on one target, on the kinds of its objects (desired and
 * owned), so a target with a cache keeps those kinds cached and the planner's reads cost no request. Re-subscribed
 * when a pass finds other kinds; closed when the Application is unregistered or the reconciler closes. Events that
 * tell of drift of the Application's objects ({@link OwnedObjects}) are handed to the drift sink with the
 * Application's name, on the target's thread (the sink must not block). Every event a subscription delivers that is
 * {@linkplain OwnedObjects.Told#news news} to the Application is counted — a re-list of one of its kinds, an event
 * about an object its last pass planned (also one someone else owns now) or one carrying its tracking label, but not
 * the late echo of the engine's own write of a planned object as last seen — so a pass can tell that nothing about
 * its objects arrived since an earlier one ({@link #mark}, {@link NoOpProof}); events about other Applications'
 * objects of the same kinds are not counted. Thread-safe.
 */
final class ChangeFeeds implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeeds.class);

    private final ClusterView view;
    private final Consumer<String> drifted;
    private final Map<String, Feed> feeds = new HashMap<>();
    private boolean closed;

    /**
     * A subscription: its kinds, its handle (null when the target refused it), the events it delivered, and the
     * change set its kinds were last taken from.
     */
    private static final class Feed {
        Set<GroupKind> kinds = Set.of();
        AutoCloseable handle;
        AtomicLong events = new AtomicLong();
        ChangeSet followed;
    }

    /**
     * Where one Application's feed stood at some moment: two marks are equal only when they are of the same
     * subscription (compared by identity) and no event concerning the Application arrived between them.
     *
     * @param subscription the subscription, compared by identity
     * @param kinds the kinds it watches
     * @param events how many events concerning the Application it had delivered
     */
    record Mark(Object subscription, Set<GroupKind> kinds, long events) {}

    /**
     * @param view the target's view
     * @param drifted told the name of an Application one of whose objects someone else changed
     */
    ChangeFeeds(ClusterView view, Consumer<String> drifted) {
        this.view = view;
        this.drifted = drifted;
    }

    /**
     * Subscribes {@code application} to the kinds of the objects in {@code changes} (nothing when it has none),
     * replacing a subscription to other kinds; {@code owned} says which of the events are drift of its objects. The
     * same change set again (the plan a pass reused, compared by identity: a change set is immutable) is not looked
     * through again while its subscription lives.
     */
    synchronized void follow(String application, ChangeSet changes, OwnedObjects owned) {
        Feed feed = feeds.get(application);
        if (feed != null && feed.handle != null && feed.followed == changes) {
            return;
        }
        Set<GroupKind> kinds = new HashSet<>();
        for (Change c : changes.changes()) {
            kinds.add(c.key().groupKind());
        }
        follow(application, kinds, owned);
        Feed now = feeds.get(application);
        if (now != null && now.handle != null) {
            now.followed = changes;
        }
    }

    private void follow(String application, Set<GroupKind> kinds, OwnedObjects owned) {
        if (closed || kinds.isEmpty()) {
            return;
        }
        Feed feed = feeds.computeIfAbsent(application, a -> new Feed());
        if (feed.handle != null && feed.kinds.equals(kinds)) {
            return;
        }
        closeQuietly(feed.handle);
        feed.handle = null;
        feed.kinds = Set.copyOf(kinds);
        AtomicLong events = new AtomicLong();   // a new subscription counts afresh, so no mark of the old one matches
        feed.events = events;
        try {
            feed.handle = view.watch(feed.kinds, event -> {
                OwnedObjects.Told told = owned.observe(event);
                if (told.news()) {
                    events.incrementAndGet();
                }
                if (told.drift()) {
                    drifted.accept(application);
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("cannot watch the kinds of {}: {}", application, e.getMessage());
        }
    }

    /** Ends the subscription of {@code application}, if any. */
    synchronized void stop(String application) {
        Feed feed = feeds.remove(application);
        if (feed != null) {
            closeQuietly(feed.handle);
        }
    }

    /** @return the kinds {@code application} is subscribed to; empty when none */
    synchronized Set<GroupKind> kinds(String application) {
        Feed feed = feeds.get(application);
        return feed == null || feed.handle == null ? Set.of() : feed.kinds;
    }

    /** @return where the feed of {@code application} stands now; empty when it has no live subscription */
    synchronized Optional<Mark> mark(String application) {
        Feed feed = feeds.get(application);
        return feed == null || feed.handle == null ? Optional.empty()
                : Optional.of(new Mark(feed.events, feed.kinds, feed.events.get()));
    }

    @Override
    public synchronized void close() {
        closed = true;
        feeds.values().forEach(f -> closeQuietly(f.handle));
        feeds.clear();
    }

    private static void closeQuietly(AutoCloseable handle) {
        if (handle == null) {
            return;
        }
        try {
            handle.close();
        } catch (Exception e) {
            LOG.warn("closing a watch failed: {}", e.getClass().getName());
        }
    }
}
