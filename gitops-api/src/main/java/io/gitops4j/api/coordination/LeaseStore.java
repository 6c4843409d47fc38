package io.gitops4j.api.coordination;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Named leases that replicas of one host service take, renew and give back, so that at most one of them does a
 * piece of work at a time (EN-03). A lease names its holder and a duration; every write of a lease is conditional
 * on the version last read (optimistic concurrency), so two replicas can never both believe they took it.
 *
 * <p><b>Time.</b> The store's clock and the clocks of other replicas are not ours, so no implementation compares a
 * time written in a lease with the local wall clock. A lease held by someone else counts as expired only when this
 * store has seen the same version of it, unchanged, for at least the duration written in it, measured on this
 * process's monotonic clock (EN-10). A holder therefore keeps a lease as long as it renews it more often than its
 * duration, whatever the clocks say; a replica that stopped renewing loses it at the latest one duration after
 * every other replica first saw its last renewal.
 *
 * <p><b>Fencing.</b> Each time a lease changes hands its {@linkplain HeldLease#token() token} grows, and a renewal
 * succeeds only when nobody else wrote the lease since the previous one. A holder that keeps one token through an
 * unbroken chain of renewals has held the lease all along; work it started under an earlier token may have
 * overlapped with another holder's.
 *
 * <p>Implementations are thread-safe; every method blocks on the store. Holder identities must be unique among the
 * live replicas (a replica that reuses the identity of one still running shares its leases).
 */
public interface LeaseStore {
    /**
     * Takes the lease when it is free: it does not exist, it names no holder (released), it names {@code holder}
     * already (the same replica after a restart), or it has expired as described above. A lease taken this way gets a
     * new token.
     *
     * @param name the lease's name, a DNS-1123 subdomain
     * @param holder who takes it, non-blank
     * @param duration how long the lease lasts without renewal; a store may round it up to its own granularity
     *     (whole seconds for Kubernetes Leases), never down
     * @return the lease, when taken; empty when someone else holds it or took it first
     * @throws LeaseException when the store cannot be reached or refuses the request
     */
    Optional<HeldLease> tryAcquire(String name, String holder, Duration duration);

    /**
     * Renews a held lease: writes it again, conditional on the version {@code lease} carries.
     *
     * @return the renewed lease (same token, new version); empty when it was lost: someone else wrote it since, or
     *     it is gone
     * @throws LeaseException when the store cannot be reached or refuses the request; the lease may still be held,
     *     and the caller decides by its own deadline whether to keep acting as its holder
     */
    Optional<HeldLease> renew(HeldLease lease);

    /**
     * Gives a held lease back (it names no holder afterwards), so another replica can take it at once. Nothing
     * happens when the lease was lost meanwhile.
     *
     * @throws LeaseException when the store cannot be reached; the lease then expires on its own
     */
    void release(HeldLease lease);

    /**
     * @param prefix the start of the names wanted
     * @return the leases whose names start with {@code prefix}, sorted by name, each judged expired or not by this
     *     store's own observations (so far)
     * @throws LeaseException when the store cannot be reached or refuses the request
     */
    List<LeaseState> list(String prefix);
}
