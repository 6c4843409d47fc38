/**
 * Replicas that share the work (EN-03): {@link io.gitops4j.core.coordination.OptimisticLeaseStore}, the lease
 * rules over any store of {@link io.gitops4j.core.coordination.LeaseRecords} written with optimistic concurrency
 * ({@link io.gitops4j.core.coordination.InMemoryLeaseRecords} in memory; Kubernetes Leases in gitops-k8s);
 * {@link io.gitops4j.core.coordination.ShardingOptions}, which map Applications to shards; and
 * {@link io.gitops4j.core.coordination.ShardLeases}, the shard leases one replica holds, renews and gives back, with
 * the {@link io.gitops4j.core.coordination.Fence} a pass checks before each stage's writes.
 */
package io.gitops4j.core.coordination;
