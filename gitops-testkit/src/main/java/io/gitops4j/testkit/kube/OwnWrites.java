package io.gitops4j.testkit.kube;

import io.gitops4j.testkit.FakeKube;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Which committed changes a {@link FakeKubeTarget} caused. Writes through the target run under one lock with a
 * flag set; an observer on the fake records every change committed meanwhile (garbage collection a delete set off
 * included) by uid and resourceVersion. A change feed takes the same lock before it classifies an event, so a write's
 * change is recorded before its watch event can be judged. Keeps the last {@value #KEPT} changes. Thread-safe.
 */
final class OwnWrites implements AutoCloseable {
    private static final int KEPT = 10_000;

    private final FakeKube kube;
    private final ReentrantLock lock = new ReentrantLock();
    private final ThreadLocal<Boolean> writing = ThreadLocal.withInitial(() -> false);
    private final Map<String, Boolean> recorded = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > KEPT;
        }
    };
    private final WriteObserver observer = (type, event) -> record(event.object());

    OwnWrites(FakeKube kube) {
        this.kube = kube;
        kube.addObserver(observer);
    }

    /** Runs one write of the target, recording the changes it commits. */
    <T> T write(Supplier<T> work) {
        lock.lock();
        writing.set(true);
        try {
            return work.get();
        } finally {
            writing.set(false);
            lock.unlock();
        }
    }

    /** @return true when the change that produced {@code object} was committed by a write of the target */
    boolean isOwn(Map<String, Object> object) {
        lock.lock();
        try {
            synchronized (recorded) {
                return recorded.containsKey(key(object));
            }
        } finally {
            lock.unlock();
        }
    }

    private void record(Map<String, Object> object) {
        if (writing.get()) {
            synchronized (recorded) {
                recorded.put(key(object), Boolean.TRUE);
            }
        }
    }

    private static String key(Map<String, Object> object) {
        Object meta = object.get("metadata");
        Map<?, ?> m = meta instanceof Map<?, ?> map ? map : Map.of();
        return m.get("uid") + "@" + m.get("resourceVersion");
    }

    @Override
    public void close() {
        kube.removeObserver(observer);
    }
}
