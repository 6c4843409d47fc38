package io.gitops4j.core.engine;

import io.gitops4j.api.health.Health;
import io.gitops4j.api.health.HealthStatus;
import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ChangeEvent;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.core.health.HealthRules;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits until every one of some objects is done — or one has failed, or a deadline passed — judging each from the
 * cluster view with a {@link Judge} (core's {@link HealthRules} for {@link #healthy}), and woken by the view's change
 * feed instead of polling: it subscribes to the objects' kinds first, then reads each object once, and reads an
 * object again only when an event is about it (or its kind was {@linkplain ChangeEvent.Type#RESYNCED re-listed}).
 * A target with a watch cache answers those reads from memory. At the deadline every object still pending is read a
 * last time, so the verdict is the state at the end.
 *
 * <p>Blocks the calling thread; an interrupt ends the wait with {@link Ending#INTERRUPTED} and keeps the thread's
 * interrupt flag. Reads that fail throw the view's {@link io.gitops4j.api.target.TargetException}. Stateless; the
 * state of one wait lives in the call.
 */
final class HealthWait {
    private static final Logger LOG = LoggerFactory.getLogger(HealthWait.class);

    private HealthWait() {}

    /** Where an object stands. */
    enum State {
        /** Done: healthy, complete. */
        DONE,
        /** Failed for good: the wait ends at once. */
        FAILED,
        /** Not yet. */
        PENDING
    }

    /**
     * One object's standing and the health that explains it.
     *
     * @param state where it stands
     * @param health the verdict behind it (its message names why)
     */
    record Judged(State state, Health health) {}

    /** Judges one object as the view returned it; empty when it does not exist. Must not block. */
    @FunctionalInterface
    interface Judge {
        Judged judge(Optional<LiveObject> object);
    }

    /** How a wait ended. */
    enum Ending {
        /** Every object is done. */
        DONE,
        /** An object failed; {@link Verdict#culprit()} names it. */
        FAILED,
        /** The deadline passed with objects pending; {@link Verdict#culprit()} names the first. */
        TIMED_OUT,
        /** The waiting thread was interrupted. */
        INTERRUPTED
    }

    /**
     * The end of a wait.
     *
     * @param ending how it ended
     * @param objects each object's last judgement, in the order given
     * @param culprit the object that failed, or the first still pending; empty when every object is done
     */
    record Verdict(Ending ending, Map<ObjectId, Judged> objects, Optional<ResourceKey> culprit) {
        /** @return the culprit's last judgement, when there is a culprit */
        Optional<Judged> culpritJudged() {
            return culprit.map(k -> objects.get(k.id()));
        }
    }

    /**
     * The judge of rollouts: HEALTHY or SUSPENDED (deliberately paused) is done, DEGRADED failed, anything else —
     * PROGRESSING, UNKNOWN, or not there (MISSING) — pending.
     */
    static Judge healthy(HealthRules rules) {
        return object -> {
            Health h = object.map(rules::assess).orElseGet(Health::missing);
            State s = h.status() == HealthStatus.HEALTHY || h.status() == HealthStatus.SUSPENDED ? State.DONE
                    : h.status() == HealthStatus.DEGRADED ? State.FAILED : State.PENDING;
            return new Judged(s, h);
        };
    }

    /**
     * Waits for {@code objects}.
     *
     * @param view where the objects are read and whose change feed wakes the wait
     * @param objects the objects, each read in its key's version
     * @param judge decides where each stands
     * @param timeout how long to wait at most
     * @return how the wait ended and where each object stands
     */
    static Verdict await(ClusterView view, Collection<ResourceKey> objects, Judge judge, Duration timeout) {
        Map<ObjectId, ResourceKey> keys = new LinkedHashMap<>();
        objects.forEach(k -> keys.put(k.id(), k));
        Map<ObjectId, Judged> judged = new LinkedHashMap<>();
        if (keys.isEmpty()) {
            return new Verdict(Ending.DONE, judged, Optional.empty());
        }
        Wakeups wakeups = new Wakeups(keys.keySet());
        Set<GroupKind> kinds = new HashSet<>();
        keys.values().forEach(k -> kinds.add(k.groupKind()));
        long deadline = System.nanoTime() + timeout.toNanos();
        AutoCloseable feed = view.watch(kinds, wakeups::event);
        try {
            while (true) {
                for (ObjectId id : wakeups.take()) {
                    judged.put(id, judge.judge(view.get(keys.get(id))));
                }
                Optional<Verdict> end = decided(keys, judged);
                if (end.isPresent()) {
                    return end.get();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    for (ObjectId id : keys.keySet()) {
                        if (judged.get(id).state() == State.PENDING) {
                            judged.put(id, judge.judge(view.get(keys.get(id))));
                        }
                    }
                    return decided(keys, judged).orElseGet(() -> ended(Ending.TIMED_OUT, keys, judged));
                }
                if (!wakeups.await(left)) {
                    return ended(Ending.INTERRUPTED, keys, judged);
                }
            }
        } finally {
            try {
                feed.close();
            } catch (Exception e) {
                LOG.warn("closing a health wait's watch failed: {}", e.getClass().getName());
            }
        }
    }

    /** DONE when every object is done, FAILED at the first failed one; empty while any is pending. */
    private static Optional<Verdict> decided(Map<ObjectId, ResourceKey> keys, Map<ObjectId, Judged> judged) {
        for (ObjectId id : keys.keySet()) {
            if (judged.get(id).state() == State.FAILED) {
                return Optional.of(new Verdict(Ending.FAILED, ordered(keys, judged), Optional.of(keys.get(id))));
            }
        }
        boolean pending = judged.values().stream().anyMatch(j -> j.state() == State.PENDING);
        return pending ? Optional.empty() : Optional.of(new Verdict(Ending.DONE, ordered(keys, judged),
                Optional.empty()));
    }

    private static Verdict ended(Ending ending, Map<ObjectId, ResourceKey> keys, Map<ObjectId, Judged> judged) {
        Optional<ResourceKey> first = keys.keySet().stream().filter(id -> judged.get(id).state() != State.DONE)
                .findFirst().map(keys::get);
        return new Verdict(ending, ordered(keys, judged), first);
    }

    private static Map<ObjectId, Judged> ordered(Map<ObjectId, ResourceKey> keys, Map<ObjectId, Judged> judged) {
        Map<ObjectId, Judged> out = new LinkedHashMap<>();
        keys.keySet().forEach(id -> out.put(id, judged.get(id)));
        return out;
    }

    /** The objects to read again, filled by the change feed's thread and taken by the waiting one. */
    private static final class Wakeups {
        private final Set<ObjectId> watched;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private final Set<ObjectId> dirty;

        Wakeups(Set<ObjectId> watched) {
            this.watched = Set.copyOf(watched);
            this.dirty = new HashSet<>(watched);
        }

        /** Runs on the target's thread: marks what the event is about; never blocks for long. */
        void event(ChangeEvent e) {
            List<ObjectId> about = e.object().map(o -> List.of(o.key().id())).orElseGet(() -> watched.stream()
                    .filter(id -> id.groupKind().equals(e.kind())).toList());
            lock.lock();
            try {
                boolean any = false;
                for (ObjectId id : about) {
                    if (watched.contains(id)) {
                        any |= dirty.add(id);
                    }
                }
                if (any) {
                    changed.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }

        Set<ObjectId> take() {
            lock.lock();
            try {
                Set<ObjectId> out = Set.copyOf(dirty);
                dirty.clear();
                return out;
            } finally {
                lock.unlock();
            }
        }

        /** @return false when interrupted; true when woken or the time is up */
        boolean await(long nanos) {
            lock.lock();
            try {
                if (dirty.isEmpty()) {
                    changed.awaitNanos(nanos);
                }
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                lock.unlock();
            }
        }
    }
}
