/**
 * Coordination between replicas of one host service: the {@link io.gitops4j.api.coordination.LeaseStore} SPI
 * (named leases with a holder, a duration and a fencing token), the {@link io.gitops4j.api.coordination.HeldLease}
 * a replica holds, the {@link io.gitops4j.api.coordination.LeaseState} of a lease as stored, and the
 * {@link io.gitops4j.api.coordination.Ownership} of an Application that a status reports (EN-03).
 */
package io.gitops4j.api.coordination;
