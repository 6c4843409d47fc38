package io.gitops4j.core.coordination;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The listeners of one {@link ShardLeases}, each call guarded so one that throws stops nothing. Thread-safe. */
final class ShardListeners {
    private static final Logger LOG = LoggerFactory.getLogger(ShardListeners.class);

    private final List<ShardListener> listeners = new CopyOnWriteArrayList<>();

    void add(ShardListener listener) {
        listeners.add(listener);
    }

    void acquired(int shard) {
        for (ShardListener l : listeners) {
            try {
                l.acquired(shard);
            } catch (RuntimeException e) {
                LOG.warn("a shard listener failed: {}", e.getClass().getName());
            }
        }
    }

    void lost(int shard, String why) {
        for (ShardListener l : listeners) {
            try {
                l.lost(shard, why);
            } catch (RuntimeException e) {
                LOG.warn("a shard listener failed: {}", e.getClass().getName());
            }
        }
    }
}
