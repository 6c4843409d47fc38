package io.gitops4j.core.engine;

import io.gitops4j.api.resource.ObjectId;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Application's count of drift corrections per object, for the backoff of DA-12: corrections are counted in a
 * sliding window; an object corrected {@link DriftOptions#maxCorrections()} times within {@link
 * DriftOptions#window()} is backed off for {@link DriftOptions#backoff()}, after which counting starts afresh. Times
 * are {@link System#nanoTime()} values (monotonic, EN-10). Memory: at most {@code maxCorrections} times per object
 * that drifted; an object is forgotten once its window is empty. Thread-safe.
 */
final class DriftCorrections {
    private final Map<ObjectId, Deque<Long>> corrections = new HashMap<>();
    private final Map<ObjectId, Long> backedOffUntil = new HashMap<>();

    /**
     * @param drifted the objects a pass would correct now
     * @return those whose correction is backed off at {@code now}, with the end of the backoff (nanos); an object
     *     whose corrections reached the limit is backed off from now on
     */
    synchronized Map<ObjectId, Long> backedOff(Collection<ObjectId> drifted, long now, DriftOptions options) {
        Map<ObjectId, Long> out = new LinkedHashMap<>();
        for (ObjectId id : drifted) {
            Long until = backedOffUntil.get(id);
            if (until != null && until - now > 0) {
                out.put(id, until);
                continue;
            }
            if (until != null) {
                backedOffUntil.remove(id);
                corrections.remove(id);
            }
            Deque<Long> times = recent(id, now, options);
            if (times.size() >= options.maxCorrections()) {
                long end = now + options.backoff().toNanos();
                backedOffUntil.put(id, end);
                out.put(id, end);
            }
        }
        return out;
    }

    /** Counts a correction of {@code id} made at {@code now}. */
    synchronized void corrected(ObjectId id, long now) {
        corrections.computeIfAbsent(id, k -> new ArrayDeque<>()).addLast(now);
    }

    /** @return how many corrections of {@code id} fall within the window ending at {@code now} */
    synchronized int count(ObjectId id, long now, DriftOptions options) {
        return recent(id, now, options).size();
    }

    private Deque<Long> recent(ObjectId id, long now, DriftOptions options) {
        Deque<Long> times = corrections.getOrDefault(id, new ArrayDeque<>());
        long oldest = now - options.window().toNanos();
        while (!times.isEmpty() && times.peekFirst() - oldest < 0) {
            times.removeFirst();
        }
        if (times.isEmpty()) {
            corrections.remove(id);
        }
        return times;
    }
}
