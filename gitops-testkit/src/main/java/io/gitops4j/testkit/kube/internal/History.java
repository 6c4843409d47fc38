package io.gitops4j.testkit.kube.internal;

import io.gitops4j.testkit.kube.FakeKubeException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The bounded change log that watches replay and paginated lists read past states from. Not thread-safe: guarded
 * by the store's lock.
 */
final class History {

    private final int capacity;
    private final ArrayDeque<Change> changes = new ArrayDeque<>();
    /** Every change with a resourceVersion above this one is still in {@link #changes}. */
    private long horizon;

    History(int capacity) {
        this.capacity = capacity;
    }

    void add(Change change) {
        changes.addLast(change);
        while (changes.size() > capacity) {
            horizon = changes.removeFirst().resourceVersion();
        }
    }

    /** Forgets everything up to {@code resourceVersion} (an etcd compaction). */
    void compact(long resourceVersion) {
        changes.clear();
        horizon = Math.max(horizon, resourceVersion);
    }

    /** Whether the changes after {@code resourceVersion} are all still known. */
    boolean covers(long resourceVersion) {
        return resourceVersion >= horizon;
    }

    long horizon() {
        return horizon;
    }

    /**
     * The changes of one storage after {@code resourceVersion}, oldest first.
     *
     * @throws FakeKubeException 410 Expired when the history no longer reaches back that far
     */
    List<Change> since(long resourceVersion, String storage, long current) {
        if (!covers(resourceVersion)) {
            throw FakeKubeException.expired("too old resource version: " + resourceVersion + " (" + current + ")");
        }
        List<Change> out = new ArrayList<>();
        Iterator<Change> it = changes.descendingIterator();
        while (it.hasNext()) {
            Change c = it.next();
            if (c.resourceVersion() <= resourceVersion) {
                break;
            }
            if (c.storage().equals(storage)) {
                out.add(c);
            }
        }
        java.util.Collections.reverse(out);
        return out;
    }
}
