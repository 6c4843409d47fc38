package io.gitops4j.core.git;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits on one network operation and on what a snapshot reads (GS-05). Exceeding one fails the operation with
 * {@code LIMIT}; the mirror keeps what it had before.
 *
 * @param timeout the deadline for one ls-remote or fetch (also the socket read timeout)
 * @param maxPackBytes the largest pack a fetch may receive
 * @param maxObjects the most objects a fetch may receive
 * @param maxFileBytes the largest file a snapshot reads
 * @param maxFiles the most files a snapshot walk returns
 */
public record FetchBudget(Duration timeout, long maxPackBytes, long maxObjects, long maxFileBytes, int maxFiles) {
    /** Validates the limits. */
    public FetchBudget {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero() || maxPackBytes <= 0 || maxObjects <= 0 || maxFileBytes <= 0
                || maxFiles <= 0) {
            throw new IllegalArgumentException("budgets must be positive");
        }
    }

    /** @return 2 minutes, 1 GiB, 2 million objects, 16 MiB per file, 100,000 files */
    public static FetchBudget defaults() {
        return new FetchBudget(Duration.ofMinutes(2), 1L << 30, 2_000_000, 16L << 20, 100_000);
    }

    /** @return this budget with another timeout */
    public FetchBudget withTimeout(Duration t) {
        return new FetchBudget(t, maxPackBytes, maxObjects, maxFileBytes, maxFiles);
    }

    /** @return this budget with another pack size limit */
    public FetchBudget withMaxPackBytes(long bytes) {
        return new FetchBudget(timeout, bytes, maxObjects, maxFileBytes, maxFiles);
    }

    /** @return this budget with another object count limit */
    public FetchBudget withMaxObjects(long objects) {
        return new FetchBudget(timeout, maxPackBytes, objects, maxFileBytes, maxFiles);
    }

    /** @return this budget with another file size limit */
    public FetchBudget withMaxFileBytes(long bytes) {
        return new FetchBudget(timeout, maxPackBytes, maxObjects, bytes, maxFiles);
    }

    /** @return this budget with another file count limit */
    public FetchBudget withMaxFiles(int files) {
        return new FetchBudget(timeout, maxPackBytes, maxObjects, maxFileBytes, files);
    }
}
