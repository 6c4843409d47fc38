package io.gitops4j.core.coordination;

import java.util.Optional;

/**
 * What a reconcile pass checks before each stage's writes (EN-03): whether the lease it started under is still held
 * by this replica, under the same tenure, and was renewed within the renew deadline. A pass stops at the first
 * check that fails and writes nothing after it.
 *
 * <p>A check is not a lock: a write sent just after a successful check reaches the server a little later. The lease
 * cannot pass to another replica before {@code leaseDuration - renewDeadline} has elapsed after the check (another
 * replica waits a whole {@code leaseDuration} after it last saw the lease change; the holder stops at
 * {@code renewDeadline} after its last renewal began), so a stage's writes that finish within that margin never
 * overlap with the next holder's; one that takes longer (a slow server, long retries) may.
 *
 * <p>Thread-safe; never blocks.
 */
public interface Fence {
    /** @return empty while writes may go on; else why not, in one line naming the shard and the lease */
    Optional<String> lost();

    /** @return the fence of a replica that needs none (coordination off): never lost */
    static Fence open() {
        return Optional::empty;
    }
}
