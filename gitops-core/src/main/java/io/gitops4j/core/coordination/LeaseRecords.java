package io.gitops4j.core.coordination;

import java.util.List;
import java.util.Optional;

/**
 * Where leases are stored, with optimistic concurrency: every write names the version it replaces and fails when
 * that is not the stored one. This is all a store has to do; the rules of taking, renewing and expiring leases are
 * {@link OptimisticLeaseStore}'s. Implementations: {@link InMemoryLeaseRecords}, and Kubernetes Leases
 * ({@code coordination.k8s.io/v1}) in gitops-k8s.
 *
 * <p>Implementations are thread-safe and block on the store. Every method throws
 * {@link io.gitops4j.api.coordination.LeaseException} when the store cannot be reached or refuses the request.
 */
public interface LeaseRecords {
    /** @return the stored lease, or empty when there is none of that name */
    Optional<LeaseRecord> read(String name);

    /** @return the stored leases whose names start with {@code prefix}, in any order */
    List<LeaseRecord> list(String prefix);

    /**
     * Stores a new lease ({@code record.version()} is ignored).
     *
     * @return the lease as stored, with its version; empty when a lease of that name exists already
     */
    Optional<LeaseRecord> create(LeaseRecord record);

    /**
     * Replaces a lease when its stored version is {@code record.version()}.
     *
     * @return the lease as stored, with its new version; empty when the stored version is another, or the lease is
     *     gone
     */
    Optional<LeaseRecord> update(LeaseRecord record);
}
