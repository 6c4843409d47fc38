package io.gitops4j.core.coordination;

/**
 * Told when this replica takes or loses a shard. Called on the lease thread, one call at a time; it must not block
 * (hand work to another executor). A listener that throws is logged and otherwise ignored.
 */
public interface ShardListener {
    /** This replica holds the shard now: its Applications are this replica's to reconcile. */
    void acquired(int shard);

    /** This replica no longer holds the shard (lost, expired, handed over or closing); {@code why} is one line. */
    default void lost(int shard, String why) {}
}
